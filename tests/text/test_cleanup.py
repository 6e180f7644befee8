"""Layout reflow and cleanup: small French/English inputs with known outputs, and the UN seed pair."""

from __future__ import annotations

import pytest

from align.models import Kind
from align.readers.decode import read_text
from align.text.cleanup import clean_paragraphs, join_lines, keep_hyphen, repair_french_elision, strip_note_refs
from align.text.hyphens import document_vocabulary
from align.text.typography import normalise_spaces
from tests.fixtures.paths import CORPUS, UN_GOLD, UN_UNITS


@pytest.mark.parametrize(
    ("left", "right", "lang", "keep"),
    [
        ("high", "level", "en", True),
        ("South", "South", "en", True),
        ("coopera", "tion", "en", False),
        ("gouverne", "ment", "fr", False),
        ("Bosnie", "Herzégovine", "fr", True),
        ("follow", "up", "en", True),
        ("al", "Hikma", "en", True),
    ],
)
def test_hyphen_decisions(left, right, lang, keep):
    assert keep_hyphen(left, right, lang) is keep


def test_join_lines_repairs_breaks_and_keeps_compounds():
    joined = join_lines(["the high-", "level meeting on coopera-", "tion"], "en")
    assert joined == "the high-level meeting on cooperation"


@pytest.mark.parametrize(
    ("raw", "fixed"),
    [
        ("de 1’Organisation", "de l’Organisation"),
        ("de I’homme", "de l’homme"),
        ("entre [’Organisation", "entre l’Organisation"),
        ("des droits de 1I’homme", "des droits de l’homme"),
        ("de ’aide a leur apporter", "de l’aide a leur apporter"),
        ("I’Assemblée générale", "L’Assemblée générale"),
        ("d’un climat, qu’il, s’est", "d’un climat, qu’il, s’est"),
    ],
)
def test_french_elision_repair(raw, fixed):
    assert repair_french_elision(raw) == fixed


@pytest.mark.parametrize(
    ("text", "numbers", "expected"),
    [
        ("regional and other organizations2,", {2}, "regional and other organizations,"),
        ("the Secretary-General2;", {2}, "the Secretary-General;"),
        ("of 24 March 20116 on combating", {6}, "of 24 March 2011 on combating"),
        ("emissions of CO2 and G20 members", {2, 20}, "emissions of CO2 and G20 members"),
        ("la Conférence islamique® a participer", set(), "la Conférence islamique a participer"),
        ("du rapport du Secrétaire général” ;", set(), "du rapport du Secrétaire général ;"),
        ("en date du 24 mars 2011% sur la lutte", set(), "en date du 24 mars 2011 sur la lutte"),
        ("la coopération islamique?, et,", set(), "la coopération islamique, et,"),
        ("il a dit « oui” et", set(), "il a dit « oui” et"),
    ],
)
def test_footnote_reference_markers_removed(text, numbers, expected):
    assert strip_note_refs(text, numbers, has_notes=True) == expected


def test_ocr_numero_sign_is_repaired_in_body_and_notes():
    paras = clean_paragraphs("Voir le Supplément n® 53.\n\n8 Voir Documents officiels, Supplément n® 53.\n", "fr")
    assert [p.text for p in paras] == ["Voir le Supplément n° 53.", "Voir Documents officiels, Supplément n° 53."]


PDFTOTEXT_EN = """Report of the Committee

     The General Assembly,

     Recalling its resolution 70/1 of 25 September 2015 on the high-
level political forum1, and its
resolution 71/243,

          __________________
          1 See resolution 67/290.
          * Reissued for technical reasons.

2/4
\fA/71/L.99

continued text of the paragraph above,

     1.   Decides to remain seized of the matter.

3/4
\fA/71/L.99
     2.   Requests the Secretary-General to report.
"""


def test_pdftotext_layout_furniture_footnotes_and_page_continuation():
    paras = clean_paragraphs(PDFTOTEXT_EN, "en")
    texts = [p.text for p in paras]
    assert texts[0] == "Report of the Committee" and paras[0].kind is Kind.HEADING
    assert "Recalling its resolution 70/1 of 25 September 2015 on the high-level political forum, " \
           "and its resolution 71/243, continued text of the paragraph above," in texts
    notes = [p for p in paras if p.kind is Kind.FOOTNOTE]
    assert [(n.label, n.text) for n in notes] == [
        ("1", "See resolution 67/290."),
        ("*", "Reissued for technical reasons."),
    ]
    assert [(p.label, p.text) for p in paras if p.label in {"1", "2"} and p.kind is Kind.BODY] == [
        ("1", "Decides to remain seized of the matter."),
        ("2", "Requests the Secretary-General to report."),
    ]
    assert not any("A/71/L.99" in t or "2/4" in t for t in texts)


OCR_FR = """Rappelant sa résolution 70/1, la Conférence islamique® a participé aux travaux de
ses organes

2 A/71/160-S/2016/621.

! Le 28 juin 2011, la Conférence a changé de nom pour devenir
l’Organisation de la coopération islamique.
 subsidiaires et de la Charte,

. . . . . . , . 2

20. Prie le Secrétaire général de faire rapport ;

21  Encourage les institutions spécialisées ;

\\ r

22. Décide de rester saisie de la question.
"""


def test_ocr_text_without_rule_keeps_footnotes_apart_and_rejoins_the_paragraph():
    paras = clean_paragraphs(OCR_FR, "fr")
    body = [(p.label, p.text) for p in paras if p.kind is not Kind.FOOTNOTE]
    notes = [(p.label, p.text) for p in paras if p.kind is Kind.FOOTNOTE]
    assert body == [
        ("", "Rappelant sa résolution 70/1, la Conférence islamique a participé aux travaux de ses "
             "organes subsidiaires et de la Charte,"),
        ("20", "Prie le Secrétaire général de faire rapport ;"),
        ("21", "Encourage les institutions spécialisées ;"),
        ("22", "Décide de rester saisie de la question."),
    ]
    assert notes == [
        ("2", "A/71/160-S/2016/621."),
        ("!", "Le 28 juin 2011, la Conférence a changé de nom pour devenir "
              "l’Organisation de la coopération islamique."),
    ]


def test_un_seed_pair_has_the_gold_structure():
    for lang in ("fr", "en"):
        paras = clean_paragraphs(read_text(CORPUS / f"{lang}.txt"), lang)
        kinds = [p.kind for p in paras]
        assert len(paras) == UN_UNITS
        assert kinds.count(Kind.FOOTNOTE) == sum(u["kind"] == "footnote" for u in UN_GOLD)
        assert kinds.count(Kind.HEADING) == sum(u["kind"] == "heading" for u in UN_GOLD)
        assert [p.label for p in paras if p.label.isdigit() and p.kind is Kind.BODY] == [str(i) for i in range(1, 26)]
        joined = " ".join(p.text for p in paras)
        for furniture in ("A/72/L.10", "2/9", "3/9", "\\ r", ". . . ."):
            assert furniture not in joined


@pytest.mark.parametrize(
    ("left", "right", "lang", "keep"),
    [
        ("porte", "parole", "fr", True),
        ("est", "à", "fr", True),  # c'est-à-dire
        ("vingt", "et", "fr", True),  # vingt-et-un
        ("peut", "être", "fr", True),
        ("t", "il", "fr", True),  # a-t-il
        ("Jean", "Paul", "fr", True),
        ("self", "determination", "en", True),
        ("co", "operation", "en", True),  # both spellings exist: the author's hyphen is kept
        ("e", "mail", "en", True),
        ("immi", "xtions", "fr", False),  # only the singular is in wordfreq; the lemma is
        ("Organi", "sation", "fr", False),
        ("DÉCLA", "RATION", "fr", False),  # a title in capitals
        ("Mont", "gomery", "en", False),
        ("be", "long", "en", False),
    ],
)
def test_hyphen_decisions_compounds_names_and_capitals(left, right, lang, keep):
    assert keep_hyphen(left, right, lang) is keep


def test_the_document_itself_decides_first():
    lines = ["international co-operation is", "the aim of co-", "operation"]
    assert join_lines(lines[1:], "en", document_vocabulary(lines)) == "the aim of co-operation"
    lines = ["international cooperation is", "the aim of co-", "operation"]
    assert join_lines(lines[1:], "en", document_vocabulary(lines)) == "the aim of cooperation"


def test_line_end_unicode_hyphen_and_soft_hyphen():
    assert join_lines(["the well\u2010", "being of all"], "en") == "the well\u2010being of all"
    assert join_lines(["la coopé\u00ad", "ration entre"], "fr") == "la coopération entre"
    paras = clean_paragraphs("la coopé\u00ad\nration entre les na\u00adtions.\n", "fr")
    assert paras[0].text == "la coopération entre les nations."


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Il a dit\u00a0: «\u00a0oui\u00a0» !", "Il a dit\u00a0: «\u00a0oui\u00a0» !"),
        ("Vraiment\u202f? soit 1\u202f000\u00a0000 euros, 5\u00a0%",
         "Vraiment\u202f? soit 1\u202f000\u00a0000 euros, 5\u00a0%"),
        ("le n°\u00a053 du  \u00a0 ;", "le n°\u00a053 du\u00a0;"),
        ("un\u00a0mot\u00a0justifié", "un mot justifié"),
        ("\u00a0\u00a0\u00a0retrait", "retrait"),
        ("1\u20071000", "1\u00a01000"),
    ],
)
def test_no_break_spaces_kept_where_french_typography_puts_them(raw, expected):
    assert normalise_spaces(raw) == expected


def test_no_break_spaces_survive_cleanup_and_segmentation():
    from align.embed.matching import matching_view
    from align.text.segment import split_sentences

    text = ("Le Conseil\u00a0:\n«\u00a0Décide\u00a0» de verser 1\u202f000 dollars\u00a0! Il prie le Secrétaire\n"
            "général.\n")
    [para] = clean_paragraphs(text, "fr")
    assert para.text == ("Le Conseil\u00a0: «\u00a0Décide\u00a0» de verser 1\u202f000 dollars\u00a0! "
                         "Il prie le Secrétaire général.")
    sentences = split_sentences(para.text, "fr")
    assert sentences == ["Le Conseil\u00a0: «\u00a0Décide\u00a0» de verser 1\u202f000 dollars\u00a0!",
                         "Il prie le Secrétaire général."]
    assert "\u00a0" not in "".join(matching_view(sentences, "fr"))


def test_text_with_one_paragraph_per_long_line_keeps_every_line_break():
    # A word processor's plain-text export: nothing is wrapped, so each line is a paragraph,
    # including short ones without closing punctuation (headings) and ones ending in a comma.
    body = ("Considérant que la reconnaissance de la dignité inhérente à tous les membres de la famille "
            "humaine et de leurs droits égaux et inaliénables constitue le fondement de la liberté,")
    text = "\n".join(["Préambule", body, body.replace("reconnaissance", "méconnaissance"),
                      "Article premier", "Tous les êtres humains naissent libres et égaux en dignité et en "
                      "droits, et ils sont doués de raison et de conscience pour agir les uns envers les autres."])
    paras = clean_paragraphs(text, "fr")
    assert [p.text[:20] for p in paras] == ["Préambule", body[:20], "Considérant que la m", "Article premier",
                                             "Tous les êtres humai"]


def test_wrapped_text_is_still_reflowed():
    text = "Considérant que la reconnaissance de la dignité\ninhérente à tous les membres de la famille\nhumaine,"
    assert [p.text for p in clean_paragraphs(text, "fr")] == [
        "Considérant que la reconnaissance de la dignité inhérente à tous les membres de la famille humaine,"]

"""Term boundaries: fragments of longer terms and phraseology are dropped, whole terms kept."""

from __future__ import annotations

import pytest

from tm.terms.extract import extract_candidates


def _free(texts: list[str], lang: str) -> dict[str, int]:
    cands = extract_candidates([(str(i), t) for i, t in enumerate(texts)], lang)
    return {c.text.lower(): c.free for c in cands.values()}


@pytest.mark.parametrize(("lang", "texts", "fragment"), [
    ("fr", ["Il respecte les buts et principes des Nations Unies.",
            "Les buts et principes des Nations Unies sont clairs.",
            "Rappelant les buts et principes des Nations Unies."], "principes des nations unies"),
    ("en", ["It upholds the purposes and principles of the United Nations.",
            "The purposes and principles of the United Nations are clear."], "principles of the united nations"),
    ("fr", ["La signature d’un mémorandum d’accord.", "Un mémorandum de coopération a été signé.",
            "Le mémorandum d’entente est prêt."], "mémorandum"),
    ("fr", ["Les domaines de coopération sont nombreux.", "Dans les domaines de coopération retenus."],
     "domaines de coopération"),
    ("en", ["Health issues matter.", "They discussed health issues at length."], "health issues"),
    ("fr", ["La soixante-treizième session s’ouvre.", "Lors de la soixante-treizième session, il parla."],
     "soixante-treizième session"),
])
def test_fragments_and_phraseology_are_not_free(lang: str, texts: list[str], fragment: str) -> None:
    assert _free(texts, lang).get(fragment, 0) == 0


@pytest.mark.parametrize(("lang", "texts", "term"), [
    ("fr", ["Les droits de l’homme et libertés fondamentales sont garantis.",
            "Le respect des libertés fondamentales est essentiel.", "Les libertés fondamentales de chacun."],
     "libertés fondamentales"),
    ("fr", ["La diplomatie préventive réussit.", "Il faut de la diplomatie préventive et de la médiation."],
     "diplomatie préventive"),
    ("en", ["Decolonization advanced.", "They spoke of decolonization and self-determination."], "decolonization"),
])
def test_whole_terms_stay_free(lang: str, texts: list[str], term: str) -> None:
    assert _free(texts, lang).get(term, 0) > 0


def _cands(texts: list[str], lang: str) -> dict[str, object]:
    cands = extract_candidates([(str(i), t) for i, t in enumerate(texts)], lang)
    return {c.text.lower(): c for c in cands.values()}


@pytest.mark.parametrize(("lang", "texts", "term", "segments"), [
    # UN style: the second term of a coordination shares the first one's complement or modifier.
    ("fr", ["Le règlement des conflits progresse.", "La prévention et le règlement des conflits.",
            "En matière de prévention et de règlement des conflits."], "règlement des conflits", ["0", "1", "2"]),
    ("en", ["Conflict resolution is slow.", "They focus on conflict prevention and resolution.",
            "Conflict prevention matters.", "Support for conflict resolution grew."], "conflict resolution",
     ["0", "1", "3"]),
])
def test_elided_terms_count_where_the_coordination_means_them(lang: str, texts: list[str], term: str,
                                                              segments: list[str]) -> None:
    assert _cands(texts, lang)[term].free_segments == segments


@pytest.mark.parametrize(("lang", "texts", "not_term"), [
    ("fr", ["L’assistance humanitaire arrive.", "Une aide humanitaire est prévue.", "Des affaires humanitaires."],
     "humanitaire"),  # a modifier, always next to its noun
    ("en", ["Humanitarian assistance arrives.", "More humanitarian aid is planned."], "humanitarian"),
    ("fr", ["La coordination progresse.", "Une bonne coordination suffit."], "coordination"),  # everyday word
    ("en", ["See lists.debian.org for the lists.", "Write to lists.debian.org today."], "lists.debian.org"),
    ("fr", ["Les États membres votent.", "Les États membres de l’OCI votent.", "Les États membres décident.",
            "L’OCI (OCI) agit.", "Les États membres de l’OCI signent.", "L’OCI décide."],
     "états membres de l’oci"),  # two terms joined: the terminologist records each
])
def test_pieces_and_everyday_words_are_not_usable(lang: str, texts: list[str], not_term: str) -> None:
    c = _cands(texts, lang).get(not_term)
    assert c is None or c.free == 0 or c.termhood == 0


def test_pragmatic_adjectives_are_insertions() -> None:
    texts = ["Il aide les organismes des Nations Unies.", "Elle cite les organismes compétents des Nations Unies.",
             "Avec les organismes des Nations Unies."]
    c = _cands(texts, "fr")["organismes des nations unies"]
    assert c.freq == 3 and "organismes compétents des nations unies" not in _cands(texts, "fr")


def test_shared_head_with_other_counts_the_elided_term() -> None:
    texts = ["Regional organizations meet.", "It helps regional and other organizations.",
             "Support regional organizations now."]
    assert _cands(texts, "en")["regional organizations"].free_segments == ["0", "1", "2"]


def test_a_bare_word_standing_for_an_elided_term_is_not_the_word_alone() -> None:
    texts = ["Religious intolerance grows.", "They fight religious discrimination and intolerance.",
             "Religious intolerance persists.", "Intolerance spreads."]
    cands = _cands(texts, "en")
    assert cands["religious intolerance"].free_segments == ["0", "1", "2"]
    assert cands["intolerance"].free_segments == ["3"]

"""French OCR repair: the rules on small cases, invariants with hypothesis, false changes on clean French."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from align.ocr.repair import apply_changes, count_words, output_offsets, repair
from tests.fixtures.paths import require_shared


def fixed(text: str) -> str:
    return repair(text, "fr")[0]


@pytest.mark.parametrize(("before", "after"), [
    ("le réglement des conflits", "le règlement des conflits"),
    ("à la treiziéme session", "à la treizième session"),
    ("le relèvement apres les conflits", "le relèvement après les conflits"),
    ("Apres la guerre", "Après la guerre"),
    ("APRES LA GUERRE", "APRÈS LA GUERRE"),
    ("son rdle dans la prévention", "son rôle dans la prévention"),
    ("la mise en ceuvre effective", "la mise en œuvre effective"),
    ("dont le si¢ge est à Vienne", "dont le siège est à Vienne"),
    ("des solutions & des problèmes", "des solutions à des problèmes"),
    ("le 1° janvier 2016", "le 1er janvier 2016"),
    ("du 1° au 3 novembre 2016", "du 1er au 3 novembre 2016"),
    ("de I’Organisation", "de l’Organisation"),
    ("de 1’Organisation", "de l’Organisation"),
    ("tenue a Genéve", "tenue à Genève"),
    ("invite les États a coopérer", "invite les États à coopérer"),
    ("et, a cet égard, prenant note", "et, à cet égard, prenant note"),
    ("adoptée a l’issue de la réunion", "adoptée à l’issue de la réunion"),
    ("une culture de paix a travers le monde", "une culture de paix à travers le monde"),
    # OCR drops accents on capitals; institutional French writes them.
    ("les Etats membres et l’Etat partie", "les États membres et l’État partie"),
    ("ECOLE NORMALE, Economie", "ÉCOLE NORMALE, Économie"),
    # Chapters of official documents are roman; OCR reads II as 11.
    ("Supplément n° 53 (A/66/53), chap. 11, sect. A.", "Supplément n° 53 (A/66/53), chap. II, sect. A."),
    ("voir A/70/1, annexe 111.", "voir A/70/1, annexe III."),
])
def test_repairs(before: str, after: str) -> None:
    assert fixed(before) == after


@pytest.mark.parametrize("text", [
    "elle a décidé d’inviter", "le Conseil, entre autres, a salué", "il y a des progrès", "l’a engagée",
    "Le Secrétaire général a été prié", "L’individu a des devoirs envers la communauté",
    "la cote de popularité", "un mur blanc", "sur la table", "où est-il ?", "il est là", "dès demain",
    "Ou bien", "A/71/160",
    "voir le chap. 11 du manuel", "A/66/53, chap. 12",
    "R&D et AT&T", "il a également décidé", "n’a guère été", "1° Les parties",
    "elle a un frère", "Emma a des amis",
])
def test_valid_words_are_kept(text: str) -> None:
    assert fixed(text) == text


def test_changes_are_logged_with_rule_and_offsets() -> None:
    text = "Prenant note de 1’adoption a la treiziéme session"
    out, changes = repair(text, "fr")
    assert [(c.before, c.after, c.rule) for c in changes] == [
        ("1’", "l’", "elision"), ("a", "à", "a-grave"), ("treiziéme", "treizième", "misread-accent")]
    for c in changes:
        assert text[c.start:c.end] == c.before
    for c, at in zip(changes, output_offsets(changes), strict=True):
        assert out[at:at + len(c.after)] == c.after


def test_other_languages_are_left_alone() -> None:
    assert repair("apres a la", "en") == ("apres a la", [])


_WORDS = ["apres", "réglement", "a", "la", "le", "cote", "rdle", "ceuvre", "&", "1°", "janvier", "I’Organisation",
          "Etats", "treiziéme", "il", "décidé", "mur", "où", "des", "si¢ge", "Genéve", "été", "x", "APRES"]
_SEPS = [" ", ", ", ". ", "\n", " ; ", "  "]


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.sampled_from(_WORDS), st.sampled_from(_SEPS)), max_size=25))
def test_changes_reproduce_the_output(parts: list[tuple[str, str]]) -> None:
    text = "".join(w + s for w, s in parts)
    out, changes = repair(text, "fr")
    assert apply_changes(text, changes) == out
    ends = [(c.start, c.end) for c in changes]
    assert all(a[1] <= b[0] for a, b in zip(ends, ends[1:], strict=False))  # ordered, never overlapping
    assert all(text[c.start:c.end] == c.before and c.before != c.after for c in changes)
    assert (out == text) == (not changes)


@settings(max_examples=100, deadline=None)
@given(st.text(alphabet=st.sampled_from("abcdeéèêàôœ ,.’'&¢°1I\n"), max_size=80))
def test_any_text_round_trips(text: str) -> None:
    out, changes = repair(text, "fr")
    assert apply_changes(text, changes) == out
    if not changes:
        assert out == text


def test_clean_udhr_french_is_left_almost_untouched() -> None:
    text = require_shared("benchmarks", "udhr", "fr.txt").read_text(encoding="utf-8")
    _, changes = repair(text, "fr")
    assert len(changes) <= 0.01 * count_words(text)


def test_lexicon_is_kept_in_the_cache_and_rebuilt_when_damaged(tmp_path):
    from align.ocr.lexicon import cached_lexicon

    first = cached_lexicon(tmp_path)
    (saved,) = tmp_path.glob("fr-lexicon-*.marshal")
    assert cached_lexicon(tmp_path) == first
    saved.write_bytes(saved.read_bytes()[:1000])  # a write cut short
    assert cached_lexicon(tmp_path) == first
    assert [p.name for p in tmp_path.iterdir()] == [saved.name]  # no temporary file left behind


def test_lexicon_works_with_a_read_only_cache(tmp_path):
    from align.ocr.lexicon import cached_lexicon

    blocked = tmp_path / "file"
    blocked.write_text("not a directory")
    assert "état" in cached_lexicon(blocked / "cache").valid

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

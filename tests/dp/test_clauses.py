"""Clause cuts, the clause-crossing boundary score, and its effect on real sentences."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from align.dp.search import DPParams, boundary_scores, crossing_at
from align.models import ClauseEmbeddings
from align.text.clauses import MIN_CLAUSE_WORDS, clause_cuts


@pytest.mark.parametrize(("text", "head", "tail"), [
    ("My aunt was delighted by something the porter had said, repeating it to my mother:",
     "My aunt was delighted by something the porter had said,", "repeating it to my mother:"),
    # French spacing and tokenised text: the punctuation stands alone.
    ("Il l' a bien voulu , c' est le coup de force , dit -il !", "Il l' a bien voulu", "dit -il !"),
    ("Prie le Secrétaire général de lui rendre compte : « le rapport est prêt »",
     "Prie le Secrétaire général de lui rendre compte", "« le rapport est prêt »"),
    # No clause break: cut at the middle word.
    ("Le soleil a disparu derrière le Lohner et il fait froid", "Le soleil a disparu derrière",
     "le Lohner et il fait froid"),
])
def test_clause_cuts(text, head, tail):
    h, t = clause_cuts(text)
    assert (text[:h], text[t:]) == (head, tail)


def test_short_sentences_are_not_cut():
    assert clause_cuts("Nous sommes trempés .") is None
    assert clause_cuts("") is None


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=8), max_size=30))
def test_cuts_fall_between_words_and_keep_enough_words(words):
    text = " ".join(words)
    cut = clause_cuts(text)
    n = len(text.split())
    if n < 2 * MIN_CLAUSE_WORDS:
        assert cut is None
        return
    h, t = cut
    assert 0 < h <= t < len(text)
    assert text[h].isspace() and text[t - 1].isspace() and not text[t].isspace()
    assert len(text[:h].split()) >= MIN_CLAUSE_WORDS and len(text[t:].split()) >= MIN_CLAUSE_WORDS
    assert text[:h].split() + text[h:].split() == text.split() == text[:t].split() + text[t:].split()


def _unit(rng, n, d=8):
    x = rng.normal(size=(n, d))
    return x / np.linalg.norm(x, axis=1, keepdims=True)


@settings(max_examples=50, deadline=None)
@given(n=st.integers(1, 12), m=st.integers(1, 12), seed=st.integers(0, 1000))
def test_boundary_scores_are_penalties_and_vanish_at_the_edges(n, m, seed):
    rng = np.random.default_rng(seed)
    src = ClauseEmbeddings(_unit(rng, n), _unit(rng, n), rng.random(n) < 0.5)
    tgt = ClauseEmbeddings(_unit(rng, m), _unit(rng, m), rng.random(m) < 0.5)
    for i in range(n + 1):
        out = boundary_scores(src, tgt, i, 0, m, 1.0)
        assert out.shape == (m + 1,) and np.all(out <= 0)
        assert out[0] == 0 and out[m] == 0
        if i in (0, n):
            assert np.all(out == 0)
        assert np.allclose(-out, crossing_at(src, tgt, np.full(m + 1, i), np.arange(m + 1)))
    uncut = ClauseEmbeddings(src.heads, src.tails, np.zeros(n, bool))
    assert all(np.all(boundary_scores(uncut, tgt, i, 0, m, 1.0) == 0) for i in range(n + 1))


def test_a_clause_told_across_the_cut_is_penalised():
    e = np.eye(4)
    # Source 0 ends with clause "2", which target 1 starts with: the cut (1, 1) splits it.
    src = ClauseEmbeddings(np.array([e[0], e[3]]), np.array([e[2], e[3]]), np.array([True, True]))
    tgt = ClauseEmbeddings(np.array([e[0], e[2]]), np.array([e[1], e[3]]), np.array([True, True]))
    assert boundary_scores(src, tgt, 1, 0, 2, 0.8).tolist() == [0.0, -0.8, 0.0]


@pytest.mark.slow
def test_moved_clause_makes_a_two_two_bead():
    # The French moves the quoted remark into the first sentence: two 1-1 pairs each look similar,
    # but their cut splits a clause; with the boundary evidence the pair becomes one 2-2 bead.
    from align.api import align_segments
    from align.embed.encoders import load_encoder

    en = ["The train left the station at dawn.",
          "My aunt was delighted by something the porter had said, repeating it to my mother:",
          "\"Nobody could have put it better!\" and then, speaking of a cousin she had met at the market:",
          "\"He is so very dull, my dear!\"",
          "We reached the village before noon."]
    fr = ["Le train quitta la gare à l'aube.",
          "Ma tante était ravie d'un mot que le porteur lui avait dit, le répétant à ma mère : "
          "« Personne n'aurait pu mieux dire ! »",
          "et puis, parlant d'un cousin qu'elle avait rencontré au marché : « Ah !",
          "ma chère, qu'il est ennuyeux ! »",
          "Nous arrivâmes au village avant midi."]
    enc = load_encoder("use", cache=False)

    def beads(weight):
        params = replace(DPParams(), boundary_weight=weight)
        return [(b.src, b.tgt) for b in align_segments(en, fr, encoder=enc, src_lang="en", tgt_lang="fr",
                                                         params=params)]

    assert ((1,), (1,)) in beads(0.0)
    assert ((1, 2), (1, 2)) in beads(DPParams().boundary_weight)

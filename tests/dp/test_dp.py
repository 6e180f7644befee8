"""Invariants of the DP core, checked with hypothesis on synthetic embeddings."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from align.dp.beads import align_embedded
from align.dp.scoring import FEATURES, Weights, link_features, link_scores
from align.dp.search import DPParams, align_dp, make_side
from align.models import ClauseEmbeddings


def _unit(rng: np.random.Generator, n: int, d: int = 16) -> np.ndarray:
    x = rng.normal(size=(n, d)).astype(np.float32)
    return x / np.linalg.norm(x, axis=1, keepdims=True)


def _clauses(rng: np.random.Generator, n: int, d: int = 16) -> ClauseEmbeddings:
    return ClauseEmbeddings(_unit(rng, n, d), _unit(rng, n, d), rng.random(n) < 0.7)


def _covers_in_order(path, n: int, m: int) -> bool:
    i = j = 0
    for i0, i1, j0, j1 in path:
        if (i0, j0) != (i, j) or i1 < i0 or j1 < j0 or (i1 == i0 and j1 == j0):
            return False
        i, j = i1, j1
    return (i, j) == (n, m)


@settings(max_examples=60, deadline=None)
@given(n=st.integers(0, 40), m=st.integers(0, 40), seed=st.integers(0, 10_000), max_bead=st.integers(2, 6),
       clauses=st.booleans())
def test_every_sentence_once_and_in_order(n, m, seed, max_bead, clauses):
    rng = np.random.default_rng(seed)
    src = make_side(_unit(rng, n), rng.integers(5, 200, n), clauses=_clauses(rng, n) if clauses else None)
    tgt = make_side(_unit(rng, m), rng.integers(5, 200, m), clauses=_clauses(rng, m) if clauses else None)
    params = DPParams(max_bead=max_bead)
    path = align_dp(src=src, tgt=tgt, params=params)
    assert _covers_in_order(path, n, m)
    assert all((i1 - i0) + (j1 - j0) <= max_bead for i0, i1, j0, j1 in path)


@settings(max_examples=15, deadline=None)
@given(n=st.integers(1, 700), seed=st.integers(0, 10_000))
def test_a_document_aligned_with_itself_is_all_one_to_one(n, seed):
    rng = np.random.default_rng(seed)
    emb = _unit(rng, n, 32)
    lengths = rng.integers(5, 200, n)
    clauses = _clauses(rng, n, 32)
    beads = align_embedded(src_emb=emb, tgt_emb=emb.copy(), src_lengths=lengths, tgt_lengths=lengths,
                           src_clauses=clauses, tgt_clauses=clauses)
    assert [(b.src, b.tgt) for b in beads] == [((i,), (i,)) for i in range(n)]


@settings(max_examples=10, deadline=None)
@given(seed=st.integers(0, 10_000))
def test_identical_input_gives_identical_output(seed):
    rng = np.random.default_rng(seed)
    s, t = _unit(rng, 120), _unit(rng, 130)
    ls, lt = rng.integers(5, 200, 120), rng.integers(5, 200, 130)
    a = align_embedded(src_emb=s, tgt_emb=t, src_lengths=ls, tgt_lengths=lt)
    b = align_embedded(src_emb=s.copy(), tgt_emb=t.copy(), src_lengths=ls.copy(), tgt_lengths=lt.copy())
    assert a == b


def test_large_inputs_use_a_band_and_recover_a_noisy_diagonal_with_merges():
    rng = np.random.default_rng(0)
    n = 3000
    base = _unit(rng, n, 64)
    # The target merges every 10th pair of source sentences and drops one sentence in 200.
    tgt_vecs, gold = [], []
    i = 0
    while i < n:
        if i % 10 == 0 and i + 1 < n:
            v = base[i] + base[i + 1]
            gold.append(((i, i + 1), (len(tgt_vecs),)))
            i += 2
        elif i % 200 == 5:
            gold.append(((i,), ()))
            i += 1
            continue
        else:
            v = base[i].copy()
            gold.append(((i,), (len(tgt_vecs),)))
            i += 1
        v = v + rng.normal(scale=0.02, size=v.shape)
        tgt_vecs.append(v / np.linalg.norm(v))
    tgt = np.asarray(tgt_vecs, dtype=np.float32)
    lengths_s = np.full(n, 80)
    lengths_t = np.array([80 * len(s) for s, t in gold if t])
    beads = align_embedded(src_emb=base, tgt_emb=tgt, src_lengths=lengths_s, tgt_lengths=lengths_t)
    found = {(b.src, b.tgt) for b in beads}
    hits = sum(1 for g in gold if g in found)
    assert hits / len(gold) > 0.97
    assert all(0.0 <= b.confidence <= 1.0 for b in beads)


def test_merge_null_runs_joins_only_same_side_neighbours():
    from align.dp.beads import merge_null_runs
    from align.models import Bead

    beads = [Bead((0,), (0,)), Bead((1,), (), 0.9), Bead((2,), (), 0.7), Bead((), (1,)), Bead((3,), (2,))]
    assert [(b.src, b.tgt, b.confidence) for b in merge_null_runs(beads)] == [
        ((0,), (0,), 1.0), ((1, 2), (), 0.7), ((), (1,), 1.0), ((3,), (2,), 1.0)]


def test_band_rows_always_overlap_so_every_cell_is_reachable():
    from align.dp.search import search_band

    rng = np.random.default_rng(3)
    # A target with a long run of extra material in the middle makes the coarse path jump.
    n, m = 600, 900
    src_emb = _unit(rng, n, 32)
    tgt_emb = np.vstack([src_emb[:300], _unit(rng, 300, 32), src_emb[300:]])
    src = make_side(src_emb, np.full(n, 60))
    tgt = make_side(tgt_emb, np.full(m, 60))
    lo, hi = search_band(src=src, tgt=tgt, params=DPParams(full_cells=10_000), length_ratio=1.5)
    assert lo[0] == 0 and hi[-1] == m
    assert np.all(np.diff(lo) >= 0) and np.all(np.diff(hi) >= 0)
    assert np.all(lo[1:] <= hi[:-1])
    path = align_dp(src=src, tgt=tgt, params=DPParams(full_cells=10_000))
    assert _covers_in_order(path, n, m)


@settings(max_examples=100, deadline=None)
@given(seed=st.integers(0, 10_000), a=st.integers(1, 3), b=st.integers(1, 3), hub=st.floats(-1, 1))
def test_link_scores_equal_full_features_times_weights(seed, a, b, hub):
    rng = np.random.default_rng(seed)
    weights = Weights(tuple(rng.normal(size=len(FEATURES)) * (rng.random(len(FEATURES)) < 0.6)))
    sims, lt, cross = rng.uniform(-1, 1, 7), rng.uniform(0, 300, 7), rng.integers(0, 3, 7).astype(float)
    args = (sims, 80.0, lt, cross, a, b, 1.1, 20.0, hub)
    np.testing.assert_allclose(link_scores(weights, *args), link_features(*args) @ weights.link, atol=1e-9)


@settings(max_examples=8, deadline=None)
@given(seed=st.integers(0, 10_000), scale=st.sampled_from([1e3, 1e5]))
def test_scaling_every_weight_keeps_the_path(seed, scale):
    # Large totals (a long document, or large weights) once let rounding in the 0-1 chain mark cells
    # as reached by 0-1 beads they never took, and the path drifted.
    from dataclasses import replace

    from align.dp.scoring import HAND_SET
    from align.dp.search import DPParams, align_dp, make_side

    rng = np.random.default_rng(seed)
    n = 150
    src_emb = _unit(rng, n, 32)
    keep = np.sort(rng.choice(n, size=n - 10, replace=False))
    tgt_emb = src_emb[keep] + rng.normal(scale=0.3, size=(len(keep), 32)).astype(np.float32)
    tgt_emb /= np.linalg.norm(tgt_emb, axis=1, keepdims=True)
    lengths_s, lengths_t = rng.integers(20, 200, n), rng.integers(20, 200, len(keep))
    scaled = Weights(tuple(v * scale for v in HAND_SET.values))

    def path(weights, boundary):
        params = replace(DPParams(), weights=weights, boundary_weight=boundary)
        src = make_side(src_emb, lengths_s, clauses=_clauses(np.random.default_rng(1), n, 32))
        tgt = make_side(tgt_emb, lengths_t, clauses=_clauses(np.random.default_rng(2), len(keep), 32))
        return align_dp(src=src, tgt=tgt, params=params)

    assert path(scaled, 0.8 * scale) == path(HAND_SET, 0.8)

"""Banded dynamic programming over n-m beads, coarse-to-fine so time and memory grow linearly.

Written here rather than taken from Vecalign/Bertalign: neither is packaged on PyPI, both
download or assume models, and neither exposes a pure, keyword-called DP core with soft
paragraph anchors. The approach follows Vecalign (recursive downsampling, banded search)
with Bertalign-style bead scores on summed sentence embeddings.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import numpy as np

from align.dp.scoring import Weights, learned_weights, link_scores, skip_features
from align.models import ClauseEmbeddings

NEG = -1e18

# Tuned on the tuning documents only (Text+Berg dev, Candide, Emma, Jane Eyre); README, Benchmarks.
BOUNDARY_WEIGHT = 0.8


@dataclass(frozen=True)
class DPParams:
    """Search settings and the bead-scoring weights (learned; see align/scoring.py)."""

    max_bead: int = 5  # largest n+m of a bead
    length_smoothing: float = 20.0  # characters; damps the length term for short sentences
    weights: Weights = field(default_factory=learned_weights)
    full_cells: int = 160_000  # below this the DP searches the whole matrix
    hub_k: int = 4  # nearest neighbours averaged for the margin feature
    margin: int = 8  # band half-width added around the projected coarse path
    coarse_max_bead: int = 3  # bead size at the pooled levels, which only place the band
    # Weight of the evidence that a clause crosses a bead boundary (needs clause embeddings).
    boundary_weight: float = BOUNDARY_WEIGHT

    def bead_types(self) -> list[tuple[int, int]]:
        types = [(1, 0), (0, 1)]
        for a in range(1, self.max_bead):
            for b in range(1, self.max_bead - a + 1):
                types.append((a, b))
        return types


@dataclass
class Side:
    """One side's sentence embeddings, lengths and paragraph ids, with group views for each size."""

    emb: np.ndarray  # (n, d) float32, L2-normalised
    lengths: np.ndarray  # (n,) characters
    paragraphs: np.ndarray  # (n,) paragraph id of each sentence
    groups: dict[int, np.ndarray] = field(default_factory=dict)
    given: dict[int, np.ndarray] = field(default_factory=dict)
    group_len: dict[int, np.ndarray] = field(default_factory=dict)
    crosses: dict[int, np.ndarray] = field(default_factory=dict)
    hub: np.ndarray | None = None  # (n,) mean similarity of each sentence's nearest neighbours
    hub_groups: dict[int, np.ndarray] = field(default_factory=dict)
    clauses: ClauseEmbeddings | None = None  # first and last clause of each sentence

    @property
    def n(self) -> int:
        return len(self.lengths)

    def prepare(self, max_group: int) -> Side:
        """Normalised summed embeddings of every run of 1..max_group sentences (sizes already made are kept)."""
        csum = None  # only for run sizes the encoder did not embed itself
        lsum = np.concatenate([[0.0], np.cumsum(self.lengths, dtype=np.float64)])
        for k in range(1, max_group + 1):
            if k > self.n:
                break
            if k in self.groups:  # made by an earlier call (scoring a larger bead made by hand asks again)
                continue
            if k in self.given:
                g = np.asarray(self.given[k], dtype=np.float32)
            else:
                if csum is None:
                    csum = np.concatenate([np.zeros((1, self.emb.shape[1])),
                                           np.cumsum(self.emb, 0, dtype=np.float64)])
                g = (csum[k:] - csum[:-k]).astype(np.float32)
                g /= np.maximum(np.linalg.norm(g, axis=1, keepdims=True), 1e-9)
            self.groups[k] = g  # groups[k][s] = sentences s .. s+k-1
            self.group_len[k] = lsum[k:] - lsum[:-k] + (k - 1)
            self.crosses[k] = (self.paragraphs[k - 1:] != self.paragraphs[: self.n - k + 1])
        return self


# Pseudo-count for the side mean removed from every embedding: a short text (a few footnotes)
# loses little of its mean, a book nearly all of it.
CENTRE_PRIOR = 50.0


Means = tuple[np.ndarray, np.ndarray | None]  # what a side is centred on: sentence mean, clause mean


def centre_means(emb: np.ndarray, clauses: ClauseEmbeddings | None, prior: float = CENTRE_PRIOR) -> Means:
    """The means make_side removes: of the sentences, and of the first and last clauses, shrunk by `prior`."""
    mean = emb.mean(axis=0) * (len(emb) / (len(emb) + prior))
    if clauses is None:
        return mean, None
    both = np.concatenate([clauses.heads, clauses.tails])
    return mean, both.mean(axis=0) * (len(both) / (len(both) + 2 * prior))


def make_side(emb: np.ndarray, lengths, paragraphs=None, groups: dict[int, np.ndarray] | None = None,
              centre_prior: float | None = CENTRE_PRIOR, clauses: ClauseEmbeddings | None = None,
              means: Means | None = None) -> Side:
    """A Side from embeddings and character lengths (paragraph ids default to one per sentence).

    `groups[k]`, when given, holds real embeddings of every run of k sentences; otherwise runs are
    embedded as the normalised sum of their sentences. With `centre_prior`, embeddings are centred
    (on `means` when given: a window of a longer side centred as the whole side is).
    `clauses` turns on the clause-crossing evidence at bead boundaries.
    """
    lengths = np.asarray(lengths, dtype=np.float64)
    paras = np.arange(len(lengths)) if paragraphs is None else np.asarray(paragraphs)
    emb = np.asarray(emb, dtype=np.float32)
    groups = dict(groups or {})
    if centre_prior is not None and len(emb):
        # Every sentence of one language shares a direction in a multilingual space; removing each
        # side's mean leaves what the sentences say (+0.006–0.009 strict F1 on tuning and held-out).
        mean, clause_mean = means or centre_means(emb, clauses, centre_prior)
        emb = centre(emb, mean)
        groups = {k: centre(g, mean) for k, g in groups.items()}
        if clauses is not None and clause_mean is not None:
            clauses = ClauseEmbeddings(centre(clauses.heads, clause_mean), centre(clauses.tails, clause_mean),
                                       clauses.cut)
    side = Side(emb, lengths, paras, clauses=clauses)
    side.given = groups
    return side


def centre(x: np.ndarray, mean: np.ndarray) -> np.ndarray:
    """Rows of `x` minus `mean`, L2-normalised again."""
    y = np.asarray(x, dtype=np.float32) - mean
    return y / np.maximum(np.linalg.norm(y, axis=1, keepdims=True), 1e-9)


def pool(side: Side) -> Side:
    """Halve the resolution: sum neighbouring pairs of sentences."""
    n = side.n
    idx = np.arange(0, n, 2)
    emb = side.emb[idx].astype(np.float64)
    lengths = side.lengths[idx].copy()
    nxt = idx + 1 < n
    emb[nxt] += side.emb[idx[nxt] + 1]
    lengths[nxt] += side.lengths[idx[nxt] + 1]
    emb /= np.maximum(np.linalg.norm(emb, axis=1, keepdims=True), 1e-9)
    return Side(emb.astype(np.float32), lengths, np.arange(len(idx)))


def align_dp(*, src: Side, tgt: Side, params: DPParams, length_ratio: float | None = None,
             band: tuple[np.ndarray, np.ndarray] | None = None) -> list[tuple[int, int, int, int]]:
    """Best monotone path as beads (i0, i1, j0, j1): source[i0:i1] ↔ target[j0:j1]."""
    n, m = src.n, tgt.n
    if n == 0 or m == 0:
        return [(i, i + 1, 0, 0) for i in range(n)] + [(0, 0, j, j + 1) for j in range(m)]
    if length_ratio is None:
        length_ratio = float(tgt.lengths.sum() / max(src.lengths.sum(), 1.0))
    if band is None:
        band = search_band(src=src, tgt=tgt, params=params, length_ratio=length_ratio)
    return _banded(src, tgt, params, length_ratio, band)


def search_band(*, src: Side, tgt: Side, params: DPParams, length_ratio: float) -> tuple[np.ndarray, np.ndarray]:
    """Column range [lo[i], hi[i]] to search for each row, from a path found at half resolution."""
    n, m = src.n, tgt.n
    if n * m <= params.full_cells or n < 8 or m < 8:
        return np.zeros(n + 1, dtype=np.int64), np.full(n + 1, m, dtype=np.int64)
    # Pooled sentences are already pairs, so small beads there still cover the large ones here.
    coarse_params = replace(params, max_bead=min(params.max_bead, params.coarse_max_bead))
    coarse = align_dp(src=pool(src), tgt=pool(tgt), params=coarse_params, length_ratio=length_ratio)
    lo = np.full(n + 1, m, dtype=np.int64)
    hi = np.zeros(n + 1, dtype=np.int64)
    for i0, i1, j0, j1 in coarse:
        r0, r1 = min(2 * i0, n), min(2 * i1, n)
        c0, c1 = min(2 * j0, m), min(2 * j1, m)
        lo[r0: r1 + 1] = np.minimum(lo[r0: r1 + 1], c0)
        hi[r0: r1 + 1] = np.maximum(hi[r0: r1 + 1], c1)
    w = params.margin
    lo = np.array([lo[max(0, i - w): i + w + 1].min() for i in range(n + 1)]) - w
    hi = np.array([hi[max(0, i - w): i + w + 1].max() for i in range(n + 1)]) + w
    lo = np.minimum.accumulate(np.clip(lo, 0, m)[::-1])[::-1]
    hi = np.maximum.accumulate(np.clip(hi, 0, m))
    lo[0], hi[n] = 0, m
    # Every row must overlap the one before it, or rows after a jump in the coarse path would be
    # unreachable (a regression seen on the 8× TransRead scaling run).
    lo[1:] = np.minimum(lo[1:], hi[:-1])
    return lo, hi


def _banded(src: Side, tgt: Side, params: DPParams, ratio: float,
            band: tuple[np.ndarray, np.ndarray]) -> list[tuple[int, int, int, int]]:
    n, m = src.n, tgt.n
    lo, hi = band
    types = params.bead_types()
    maxg = params.max_bead - 1
    if not src.groups:
        src.prepare(maxg)
    if not tgt.groups:
        tgt.prepare(maxg)
    if params.weights.uses("margin_len"):
        _hubness(src, tgt, lo, hi, params.hub_k)
    type_ids = {t: k for k, t in enumerate(types)}
    w_skip = params.weights.skip
    skip_src = np.array([skip_features(x) @ w_skip for x in src.lengths])
    skip_tgt = np.array([skip_features(x) @ w_skip for x in tgt.lengths])
    # gain[j]: the total score of leaving target sentences 0..j-1 unaligned, for 0-1 chains.
    gain = np.concatenate([[0.0], np.cumsum(skip_tgt)])
    use_clauses = params.boundary_weight != 0 and src.clauses is not None and tgt.clauses is not None
    rows: list[np.ndarray] = []
    backs: list[np.ndarray] = []
    for i in range(n + 1):
        width = hi[i] - lo[i] + 1
        # One row of candidates per bead type, reduced once: fewer numpy calls than comparing type by
        # type, and the DP is bound by numpy's per-call overhead (rows are ~36 cells wide).
        cands = np.full((len(types), width), NEG)
        for (a, b), k in type_ids.items():
            if a == 0 or a > i:
                continue
            p = i - a
            j_lo = max(lo[i], lo[p] + b)
            j_hi = min(hi[i], hi[p] + b)
            if j_lo > j_hi:
                continue
            prev = rows[p][j_lo - b - lo[p]: j_hi - b - lo[p] + 1]
            if b == 0:
                score = skip_src[i - 1]
            else:
                score = _bead_scores(src, tgt, params, ratio, i - a, a, j_lo - b, j_hi - b, b)
            np.add(prev, score, out=cands[k, j_lo - lo[i]: j_hi - lo[i] + 1])
        back = cands.argmax(axis=0).astype(np.int8)  # the first type on ties, as types are ordered
        best = cands[back, np.arange(width)]
        back[best == NEG] = -1
        if i == 0:
            best[0], back[0] = 0.0, -1
        # Every bead ending at (i, j) pays for the evidence that a clause crosses that boundary.
        ends = (boundary_scores(src.clauses, tgt.clauses, i, lo[i], hi[i], params.boundary_weight)
                if use_clauses else np.zeros(width))
        best = best + ends
        # 0-1 beads chain along the row: best[j] = max over k < j of best[k] + gain[j] - gain[k], in
        # one pass (each 0-1 bead also pays its end's boundary score). Only k < j may win: letting k = j
        # compete, (best - g) + g can come back one ulp above best, and on a long document (scores
        # ~10^4) that marked cells as reached by a 0-1 bead they never took: the 8× scaling run
        # drifted into runs of 1-0/0-1 beads (strict F1 0.913 against 0.946 at 1×).
        g = gain[lo[i]: hi[i] + 1] + np.cumsum(ends)
        chain = np.full(width, -np.inf)
        chain[1:] = np.maximum.accumulate(best - g)[:-1] + g[1:]
        from_left = chain > best
        back[from_left] = type_ids[(0, 1)]
        best = np.where(from_left, chain, best)
        rows.append(best)
        backs.append(back)
    beads = []
    i, j = n, m
    while i > 0 or j > 0:
        k = backs[i][j - lo[i]] if lo[i] <= j <= hi[i] else -1
        if k < 0:
            raise RuntimeError("alignment band does not connect the two corners")
        a, b = types[k]
        beads.append((i - a, i, j - b, j))
        i, j = i - a, j - b
    beads.reverse()
    return beads


def boundary_scores(src: ClauseEmbeddings, tgt: ClauseEmbeddings, i: int, j_lo: int, j_hi: int,
                    weight: float) -> np.ndarray:
    """−weight × how much better a clause matches across the cut (source i−1 | i, target j−1 | j) than
    on its own side of it, for j = j_lo..j_hi; 0 where no clause crosses."""
    out = np.zeros(j_hi - j_lo + 1)
    n, m = len(src.cut), len(tgt.cut)
    a, b = max(j_lo, 1), min(j_hi, m - 1)
    if i <= 0 or i >= n or a > b:
        return out
    # The last clause of source i−1 matching the start of target j (told after the cut there), or
    # the first clause of source i matching the end of target j−1: two products over contiguous
    # slices, as this runs once per DP row.
    pair = np.stack([src.tails[i - 1], src.heads[i]], axis=1)
    at_head = tgt.heads[a:b + 1] @ pair  # target j's first clause · (tail i−1, head i)
    at_tail = tgt.tails[a - 1:b] @ pair  # target j−1's last clause · (tail i−1, head i)
    after = np.where(src.cut[i - 1] & tgt.cut[a:b + 1], at_head[:, 0] - at_tail[:, 0], 0.0)
    before = np.where(src.cut[i] & tgt.cut[a - 1:b], at_tail[:, 1] - at_head[:, 1], 0.0)
    out[a - j_lo:b - j_lo + 1] = -weight * np.maximum(np.maximum(after, before), 0.0)
    return out


def crossing_at(src: ClauseEmbeddings, tgt: ClauseEmbeddings, i: np.ndarray, j: np.ndarray) -> np.ndarray:
    """The evidence boundary_scores weighs (≥ 0), at each cut (i[k], j[k]) at once."""
    i, j = np.asarray(i, dtype=np.int64), np.asarray(j, dtype=np.int64)
    out = np.zeros(len(i))
    inside = (i > 0) & (i < len(src.cut)) & (j > 0) & (j < len(tgt.cut))
    i, j = i[inside], j[inside]
    tail_s, head_s = src.tails[i - 1], src.heads[i]
    head_t, tail_t = tgt.heads[j], tgt.tails[j - 1]
    after = np.where(src.cut[i - 1] & tgt.cut[j],
                     np.einsum("kd,kd->k", head_t, tail_s) - np.einsum("kd,kd->k", tail_t, tail_s), 0.0)
    before = np.where(src.cut[i] & tgt.cut[j - 1],
                      np.einsum("kd,kd->k", tail_t, head_s) - np.einsum("kd,kd->k", head_t, head_s), 0.0)
    out[inside] = np.maximum(np.maximum(after, before), 0.0)
    return out


def _bead_scores(src: Side, tgt: Side, params: DPParams, ratio: float,
                 s0: int, a: int, t_lo: int, t_hi: int, b: int) -> np.ndarray:
    """Scores of beads source[s0:s0+a] ↔ target[t:t+b] for every start t in t_lo..t_hi."""
    sims = tgt.groups[b][t_lo: t_hi + 1] @ src.groups[a][s0]
    w = params.weights
    crossing = tgt.crosses[b][t_lo: t_hi + 1] + float(src.crosses[a][s0]) if w.uses("cross") else 0.0
    hub = 0.0
    if src.hub_groups and tgt.hub_groups:
        hub = (src.hub_groups[a][s0] + tgt.hub_groups[b][t_lo: t_hi + 1]) / 2.0
    return link_scores(w, sims, src.group_len[a][s0], tgt.group_len[b][t_lo: t_hi + 1], crossing,
                       a, b, ratio, params.length_smoothing, hub)


def _hubness(src: Side, tgt: Side, lo: np.ndarray, hi: np.ndarray, k: int) -> None:
    """Each sentence's mean similarity to its k most similar sentences of the other side in the band.

    Subtracting it (a margin, as in LASER mining and Bertalign) discounts sentences that resemble
    everything, such as short formulaic ones.
    """
    n, m = src.n, tgt.n

    def top_mean(rows: np.ndarray) -> float:
        if rows.size == 0:
            return 0.0
        kk = min(k, rows.size)
        return float(np.partition(rows, rows.size - kk)[-kk:].mean())

    src.hub = np.array([top_mean(tgt.emb[lo[i + 1]: hi[i + 1]] @ src.emb[i]) for i in range(n)])
    # Column j is searched by the rows whose band holds it: a contiguous range, as lo and hi only grow.
    first = np.searchsorted(hi, np.arange(1, m + 1), side="left")
    last = np.searchsorted(lo, np.arange(1, m + 1), side="right")
    tgt.hub = np.array([top_mean(src.emb[max(0, first[j] - 1): max(first[j], last[j] - 1)] @ tgt.emb[j])
                        for j in range(m)])
    for side in (src, tgt):
        c = np.concatenate([[0.0], np.cumsum(side.hub)])
        side.hub_groups = {g: (c[g:] - c[:-g]) / g for g in side.groups}


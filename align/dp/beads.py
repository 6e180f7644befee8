"""From two embedded sides to scored beads: the DP path, then a confidence for each bead."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from align.dp.confidence import bead_confidences
from align.dp.search import DPParams, Side, align_dp, make_side
from align.models import Bead, ClauseEmbeddings


def align_sides(src: Side, tgt: Side, params: DPParams | None = None) -> list[Bead]:
    """Beads over two Sides (indices local to them): the DP path, then each bead's confidence."""
    params = params or DPParams()
    path = align_dp(src=src, tgt=tgt, params=params)
    confs = bead_confidences(path, src=src, tgt=tgt, params=params)
    return [Bead(tuple(range(i0, i1)), tuple(range(j0, j1)), c)
            for (i0, i1, j0, j1), c in zip(path, confs, strict=True)]


def align_embedded(*, src_emb: np.ndarray, tgt_emb: np.ndarray, src_lengths: Sequence[float],
                   tgt_lengths: Sequence[float], src_paragraphs: Sequence[int] | None = None,
                   tgt_paragraphs: Sequence[int] | None = None,
                   src_groups: dict[int, np.ndarray] | None = None,
                   tgt_groups: dict[int, np.ndarray] | None = None,
                   src_clauses: ClauseEmbeddings | None = None,
                   tgt_clauses: ClauseEmbeddings | None = None,
                   params: DPParams | None = None) -> list[Bead]:
    """Beads over two embedded sentence sequences (indices local to these sequences)."""
    src = make_side(src_emb, src_lengths, src_paragraphs, src_groups, clauses=src_clauses)
    tgt = make_side(tgt_emb, tgt_lengths, tgt_paragraphs, tgt_groups, clauses=tgt_clauses)
    return align_sides(src, tgt, params)


def score_spans(src: Side, tgt: Side, spans: Sequence[tuple[int, int, int, int]],
                params: DPParams | None = None, ratio: float | None = None) -> list[float]:
    """The aligner's confidence for beads given as spans (i0, i1, j0, j1) of two Sides, whatever their size.

    A bead made by hand may be larger than any the search tries: its run embeddings are made as the search
    makes those the encoder did not (the normalised sum of its sentences). `ratio`: see bead_features."""
    params = params or DPParams()
    for side, sizes in ((src, {i1 - i0 for i0, i1, j0, j1 in spans if j1 > j0}),
                        (tgt, {j1 - j0 for i0, i1, j0, j1 in spans if i1 > i0})):
        wanted = {k for k in sizes | set(range(1, params.max_bead)) if 0 < k <= side.n}
        if wanted and not wanted <= side.groups.keys():
            side.prepare(max(wanted))
    return bead_confidences(list(spans), src=src, tgt=tgt, params=params, ratio=ratio)


def merge_null_runs(beads: list[Bead]) -> list[Bead]:
    """Join consecutive 1-0 (or 0-1) beads into one n-0 bead, as some gold standards write them."""
    out: list[Bead] = []
    for b in beads:
        prev = out[-1] if out else None
        same_side = prev is not None and b.is_null and prev.is_null and bool(b.src) == bool(prev.src)
        if same_side:
            out[-1] = Bead(prev.src + b.src, prev.tgt + b.tgt, min(prev.confidence, b.confidence))
        else:
            out.append(b)
    return out

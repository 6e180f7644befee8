"""A probability that each bead is right, from its similarity, its margin over neighbours and length.

The weights are a logistic regression fitted on Text+Berg dev by `python -m benchmarks.calibrate`;
null beads get the probability that nothing nearby matches the sentence.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from align.dp import DPParams, Side


@dataclass(frozen=True)
class ConfidenceModel:
    """Logistic weights over bead features (see `features`)."""

    bias: float = -2.0
    sim: float = 9.0
    margin: float = 12.0
    length: float = -2.5
    multi: float = -0.5
    null_bias: float = 1.0
    null_best: float = -8.0

    def link(self, z: np.ndarray) -> np.ndarray:
        return 1.0 / (1.0 + np.exp(-z))


DEFAULT_MODEL = ConfidenceModel()
BASELINE = 0.35  # similarity of an unrelated pair, on average


def bead_features(path, *, src: Side, tgt: Side, params: DPParams) -> np.ndarray:
    """Rows of (is_null, sim-baseline, margin, length deviation, is_multi, best neighbour sim)."""
    ratio = float(tgt.lengths.sum() / max(src.lengths.sum(), 1.0))
    k = params.length_smoothing
    rows = []
    for i0, i1, j0, j1 in path:
        a, b = i1 - i0, j1 - j0
        if a == 0 or b == 0:
            best = _best_nearby(src, tgt, i0, i1, j0, j1)
            rows.append((1.0, 0.0, 0.0, 0.0, 0.0, best))
            continue
        s = src.groups[a][i0]
        t = tgt.groups[b][j0]
        sim = float(s @ t)
        rival = _rival(src, tgt, i0, a, j0, b)
        ls, lt = src.group_len[a][i0], tgt.group_len[b][j0]
        dev = abs(np.log((lt + k) / (ratio * ls + k)))
        rows.append((0.0, sim - BASELINE, sim - rival, dev, float(a + b > 2), 0.0))
    return np.asarray(rows, dtype=np.float64).reshape(-1, 6)


def _rival(src: Side, tgt: Side, i0: int, a: int, j0: int, b: int) -> float:
    """Best similarity of either side against the other side's shifted groups of the same size."""
    best = -1.0
    for d in (-2, -1, 1, 2):
        j = j0 + d
        if 0 <= j < len(tgt.groups[b]):
            best = max(best, float(src.groups[a][i0] @ tgt.groups[b][j]))
        i = i0 + d
        if 0 <= i < len(src.groups[a]):
            best = max(best, float(src.groups[a][i] @ tgt.groups[b][j0]))
    return best


def _best_nearby(src: Side, tgt: Side, i0: int, i1: int, j0: int, j1: int) -> float:
    """For a null bead: the best similarity its sentence has with any sentence close by."""
    if i1 > i0:
        v, other, centre = src.emb[i0], tgt.emb, j0
    else:
        v, other, centre = tgt.emb[j0], src.emb, i0
    lo, hi = max(0, centre - 3), min(len(other), centre + 3)
    return float((other[lo:hi] @ v).max()) if hi > lo else 0.0


def bead_confidences(path, *, src: Side, tgt: Side, params: DPParams,
                     model: ConfidenceModel = DEFAULT_MODEL) -> list[float]:
    """Confidence in [0, 1] for every bead of a path."""
    if not path:
        return []
    f = bead_features(path, src=src, tgt=tgt, params=params)
    z = model.bias + model.sim * f[:, 1] + model.margin * f[:, 2] + model.length * f[:, 3] + model.multi * f[:, 4]
    z_null = model.null_bias + model.null_best * (f[:, 5] - BASELINE)
    z = np.where(f[:, 0] > 0, z_null, z)
    return [round(float(p), 4) for p in model.link(z)]

"""A probability that each bead is right, from its similarity, its margin over neighbours and length.

The weights are two logistic regressions (linked beads, null beads) in align/data/confidence.json,
fitted by `python -m benchmarks.calibrate` on the tuning documents and checked on held-out ones.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources

import numpy as np

from align.dp.search import DPParams, Side, crossing_at

# Column 0 says whether the bead is a null bead; the rest are the regression's inputs.
FEATURE_NAMES = ("is_null", "sim", "margin", "length_dev", "multi", "bert_len", "log_len", "best_nearby",
                 "crossing")

# Used when no fitted model is installed: a plain squashing of similarity and margin.
_FALLBACK = {
    "link": [-4.0, 6.0, 8.0, -2.0, -0.5, 0.0, 0.0, 0.0, 0.0],
    "null": [3.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, -6.0, 0.0],
}


@cache
def fitted_model() -> dict:
    path = resources.files("align") / "data" / "confidence.json"
    if not path.is_file():
        return _FALLBACK
    return json.loads(path.read_text(encoding="utf-8"))


def length_ratio(src_lengths: np.ndarray, tgt_lengths: np.ndarray) -> float:
    """Target characters per source character, the expectation a bead's length deviation is measured against."""
    return float(np.sum(tgt_lengths) / max(float(np.sum(src_lengths)), 1.0))


def bead_features(path, *, src: Side, tgt: Side, params: DPParams, ratio: float | None = None) -> np.ndarray:
    """One row of FEATURE_NAMES per bead of the path (`ratio`: of the whole sides, when these are windows)."""
    ratio = length_ratio(src.lengths, tgt.lengths) if ratio is None else ratio
    k = params.length_smoothing
    rows = []
    crossing = _crossing(path, src, tgt)
    for (i0, i1, j0, j1), cross in zip(path, crossing, strict=True):
        a, b = i1 - i0, j1 - j0
        if a == 0 or b == 0:
            length = float(src.lengths[i0:i1].sum() + tgt.lengths[j0:j1].sum())
            rows.append((1.0, 0.0, 0.0, 0.0, 0.0, 0.0, np.log1p(length), _best_nearby(src, tgt, i0, i1, j0), cross))
            continue
        sim = float(src.groups[a][i0] @ tgt.groups[b][j0])
        ls, lt = src.group_len[a][i0], tgt.group_len[b][j0]
        dev = abs(np.log((lt + k) / (ratio * ls + k)))
        short, long_ = min(lt, ratio * ls), max(lt, ratio * ls, 1.0)
        rows.append((0.0, sim, sim - _rival(src, tgt, i0, a, j0, b), dev, float(a + b > 2),
                     sim * np.log2(1 + short / long_), np.log1p(ls + lt), 0.0, cross))
    return np.asarray(rows, dtype=np.float64).reshape(-1, len(FEATURE_NAMES))


def _crossing(path, src: Side, tgt: Side) -> list[float]:
    """For each bead, the stronger evidence that a clause crosses its start or its end (align/dp.py)."""
    if src.clauses is None or tgt.clauses is None:
        return [0.0] * len(path)
    beads = np.asarray(path, dtype=np.int64).reshape(-1, 4)
    start = crossing_at(src.clauses, tgt.clauses, beads[:, 0], beads[:, 2])
    end = crossing_at(src.clauses, tgt.clauses, beads[:, 1], beads[:, 3])
    return np.maximum(start, end).tolist()


def _rival(src: Side, tgt: Side, i0: int, a: int, j0: int, b: int) -> float:
    """Best similarity of either side against the other side's shifted runs of the same size."""
    best = -1.0
    for d in (-2, -1, 1, 2):
        j = j0 + d
        if 0 <= j < len(tgt.groups[b]):
            best = max(best, float(src.groups[a][i0] @ tgt.groups[b][j]))
        i = i0 + d
        if 0 <= i < len(src.groups[a]):
            best = max(best, float(src.groups[a][i] @ tgt.groups[b][j0]))
    return best


def _best_nearby(src: Side, tgt: Side, i0: int, i1: int, j0: int) -> float:
    """For a null bead: the best similarity its first sentence has with any sentence close by."""
    if i1 > i0:
        v, other, centre = src.emb[i0], tgt.emb, j0
    else:
        v, other, centre = tgt.emb[j0], src.emb, i0
    lo, hi = max(0, centre - 3), min(len(other), centre + 3)
    if hi <= lo or other.shape[1] != v.shape[0]:
        return 0.0
    return float((other[lo:hi] @ v).max())


def calibrated_probabilities(x: np.ndarray, model: dict) -> np.ndarray:
    """Logistic probabilities for feature rows, with the link or null model as column 0 says."""
    link = np.asarray(model["link"])
    null = np.asarray(model["null"])
    z_link = link[0] + x[:, 1:] @ link[1:]
    z_null = null[0] + x[:, 1:] @ null[1:]
    z = np.where(x[:, 0] > 0, z_null, z_link)
    return 1.0 / (1.0 + np.exp(-np.clip(z, -30, 30)))


def bead_confidences(path, *, src: Side, tgt: Side, params: DPParams, ratio: float | None = None) -> list[float]:
    """Confidence in [0, 1] for every bead of a path."""
    if not path:
        return []
    probs = calibrated_probabilities(bead_features(path, src=src, tgt=tgt, params=params, ratio=ratio),
                                     fitted_model())
    return [round(float(p), 4) for p in probs]

"""Fit the bead-confidence model (align/data/confidence.json) and report its calibration.

A logistic regression over the features in align/confidence.py, fitted on the predicted beads of
the tuning documents (label: the bead is in the gold), then measured on held-out documents:
accuracy of beads with confidence ≥ 0.9 and the expected calibration error (10 bins).
Run: `python -m benchmarks.calibrate`.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import replace
from pathlib import Path

import numpy as np

from align.dp.confidence import FEATURE_NAMES, bead_features, calibrated_probabilities
from align.dp.search import DPParams, align_dp
from benchmarks.gold_docs import REPO, Doc, have_benchmarks, held_out_docs, shared_dir, tuning_docs
from benchmarks.train_scorer import Embedder


def bead_table(docs: list[Doc], embed: Embedder) -> tuple[np.ndarray, np.ndarray]:
    """Features and correctness of every predicted bead."""
    feats, labels = [], []
    params = DPParams()
    for doc in docs:
        src, tgt = embed.sides(doc)
        path = align_dp(src=src, tgt=tgt, params=replace(params))
        gold = {(tuple(a), tuple(b)) for a, b in doc.gold}
        feats.append(bead_features(path, src=src, tgt=tgt, params=params))
        labels += [(tuple(range(i0, i1)), tuple(range(j0, j1))) in gold for i0, i1, j0, j1 in path]
    return np.vstack(feats), np.asarray(labels, dtype=float)


def fit(x: np.ndarray, y: np.ndarray) -> dict[str, list[float]]:
    """Separate logistic regressions for linked and null beads."""
    from sklearn.linear_model import LogisticRegression

    model: dict[str, list[float]] = {}
    for kind, mask in (("link", x[:, 0] == 0), ("null", x[:, 0] == 1)):
        lr = LogisticRegression(C=1.0, max_iter=1000)
        if len(set(y[mask])) < 2:
            rate = y[mask].mean() if mask.any() else 0.5
            model[kind] = [float(np.log((rate + 1e-3) / (1 - rate + 1e-3)))] + [0.0] * (x.shape[1] - 1)
            continue
        lr.fit(x[mask, 1:], y[mask])
        model[kind] = [float(lr.intercept_[0])] + [float(c) for c in lr.coef_[0]]
    return model


def report(p: np.ndarray, y: np.ndarray, name: str) -> dict[str, float]:
    bins = np.clip((p * 10).astype(int), 0, 9)
    ece = sum(abs(p[bins == b].mean() - y[bins == b].mean()) * (bins == b).mean()
              for b in range(10) if (bins == b).any())
    high = p >= 0.9
    out = {"beads": int(len(p)), "ece": float(ece), "share_ge_0.9": float(high.mean()),
           "accuracy_ge_0.9": float(y[high].mean()) if high.any() else float("nan"), "accuracy": float(y.mean())}
    print(f"{name}: {out}", file=sys.stderr)
    return out


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--shared", type=Path, default=None, help="default ../shared, or $TMBUILD_SHARED")
    ap.add_argument("--out", type=Path, default=REPO / "align" / "data" / "confidence.json")
    args = ap.parse_args(argv)
    shared = shared_dir(args.shared)
    if not have_benchmarks(shared, "calibrate on"):
        return
    embed = Embedder(REPO / "bench-results" / "embcache")
    xt, yt = bead_table(tuning_docs(shared), embed)
    xh, yh = bead_table(held_out_docs(shared), embed)
    model = fit(xt, yt)
    payload = {"features": list(FEATURE_NAMES), **model}
    tuned = report(calibrated_probabilities(xt, payload), yt, "tuning")
    held = report(calibrated_probabilities(xh, payload), yh, "held-out")
    payload["measured"] = {"tuning": tuned, "held_out": held}
    args.out.write_text(json.dumps(payload, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(payload, indent=2))


if __name__ == "__main__":
    main()

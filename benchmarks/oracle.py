"""The best strict F1 any monotone aligner of contiguous beads can reach on the gold, found by DP.

Gold beads that skip sentences (Text+Berg has some, e.g. `[75, 77]:[64]` around an OCR'd caption)
cannot be produced by such an aligner; this measures what they cost. Run:
`python -m benchmarks.oracle [--datasets textberg,transread]` (Text+Berg ~15 s, TransRead minutes).
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np

from align.eval.scores import BeadPair, score_beads
from benchmarks.gold_docs import Doc, have_benchmarks, held_out_docs, shared_dir, tuning_docs

# Each bead of the path costs this much, so that among paths with equally many gold beads the one
# with the fewest other beads (the best precision) wins.
_BEAD_COST = 0.01


def oracle_path(n: int, m: int, gold: list[BeadPair], max_bead: int = 8) -> list[BeadPair]:
    """The monotone path of contiguous beads (a+b ≤ max_bead) holding the most gold beads."""
    wanted = {(tuple(a), tuple(b)) for a, b in gold}
    types = [(a, b) for a in range(max_bead + 1) for b in range(max_bead + 1) if 0 < a + b <= max_bead]
    best = np.full((n + 1, m + 1), -np.inf)
    best[0, 0] = 0.0
    back = np.zeros((n + 1, m + 1, 2), dtype=np.int64)
    for i in range(n + 1):
        for j in range(m + 1):
            for a, b in types:
                if a > i or b > j or best[i - a, j - b] == -np.inf:
                    continue
                bead = (tuple(range(i - a, i)), tuple(range(j - b, j)))
                score = best[i - a, j - b] + (bead in wanted) - _BEAD_COST
                if score > best[i, j]:
                    best[i, j] = score
                    back[i, j] = (a, b)
    path: list[BeadPair] = []
    i, j = n, m
    while i or j:
        a, b = back[i, j]
        path.append((tuple(range(i - a, i)), tuple(range(j - b, j))))
        i, j = i - a, j - b
    return path[::-1]


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--shared", type=Path, default=None, help="default ../shared, or $TMBUILD_SHARED")
    ap.add_argument("--datasets", default="textberg", help="comma-separated: textberg, transread")
    args = ap.parse_args(argv)
    shared = shared_dir(args.shared)
    if not have_benchmarks(shared, "measure"):
        return
    docs: list[Doc] = held_out_docs(shared) + tuning_docs(shared)
    for name in args.datasets.split(","):
        chosen = [d for d in docs if d.name.startswith(f"{name}/") and d.name != "textberg/dev"]
        paths = [oracle_path(len(d.src), len(d.tgt), d.gold) for d in chosen]
        result = score_beads(paths, [d.gold for d in chosen])
        print(f"{name}: {len(chosen)} documents, oracle strict F1 {result['strict']['f1']:.4f}, "
              f"lax F1 {result['lax']['f1']:.4f}")


if __name__ == "__main__":
    main()

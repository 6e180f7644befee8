"""Build a corpus of document pairs from the shared benchmarks, laid out as real archives are, with gold per pair.

    python -m benchmarks.corpus OUT [--beads 25] [--shared DIR]

Writes, under OUT:
- `suffix/BOOK_cNNN.fr.txt` / `.en.txt`: the TransRead books cut into chapters of about --beads gold beads
  (one sentence per line: align with --presegmented); `--src fr --tgt en`.
- `trees/de/…` and `trees/fr/…`: the Text+Berg dev and test files cut the same way, in parallel trees
  (`--src de --tgt fr --presegmented`).
- `un/A_RES_72_L.10_F.txt` / `_E.txt` and `un/UDHR_F.txt` / `_E.txt`: the UN resolution and the UDHR under UN
  symbol names (running text: no --presegmented).
- `gold/<layout>/<pair id>.gold`: each chapter's gold beads (Vecalign format, indices local to the chapter, in the
  layout's source→target direction).
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass
from pathlib import Path

from align.eval.scores import BeadPair, format_beads, parse_beads
from benchmarks.gold_docs import lines, shared_dir

# The three layouts and how to run `tmbuild batch` on each: (folder, src, tgt, presegmented).
LAYOUTS = (("suffix", "fr", "en", True), ("trees", "de", "fr", True), ("un", "fr", "en", False))


@dataclass
class Chunk:
    src: list[str]
    tgt: list[str]
    gold: list[BeadPair]


def cut_points(gold: list[BeadPair], every: int) -> list[int]:
    """Bead positions where the gold may be cut: every bead before lies wholly before every bead after."""
    n = len(gold)
    max_src, max_tgt = [-1] * (n + 1), [-1] * (n + 1)
    for k, (s, t) in enumerate(gold):
        max_src[k + 1] = max(max_src[k], *s, -1)
        max_tgt[k + 1] = max(max_tgt[k], *t, -1)
    min_src, min_tgt = [10**9] * (n + 1), [10**9] * (n + 1)
    for k in range(n - 1, -1, -1):
        s, t = gold[k]
        min_src[k] = min(min_src[k + 1], *s, 10**9)
        min_tgt[k] = min(min_tgt[k + 1], *t, 10**9)
    cuts, last = [], 0
    for k in range(1, n):
        if k - last >= every and max_src[k] < min_src[k] and max_tgt[k] < min_tgt[k] and n - k >= every // 2:
            cuts.append(k)
            last = k
    return cuts


def chunks(src: list[str], tgt: list[str], gold: list[BeadPair], every: int) -> list[Chunk]:
    """The document cut into chapters of about `every` gold beads, each with its gold re-indexed from 0."""
    cuts = cut_points(gold, every)
    bounds = [0, *cuts, len(gold)]
    src_starts = [0] + [min(i for b in gold[c:] for i in b[0]) for c in cuts] + [len(src)]
    tgt_starts = [0] + [min(j for b in gold[c:] for j in b[1]) for c in cuts] + [len(tgt)]
    out = []
    for k in range(len(bounds) - 1):
        s0, s1, t0, t1 = src_starts[k], src_starts[k + 1], tgt_starts[k], tgt_starts[k + 1]
        local = [(tuple(i - s0 for i in s), tuple(j - t0 for j in t)) for s, t in gold[bounds[k]:bounds[k + 1]]]
        out.append(Chunk(src[s0:s1], tgt[t0:t1], local))
    return out


def _write(path: Path, sentences: list[str]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(s + "\n" for s in sentences), encoding="utf-8")


def _swap(gold: list[BeadPair]) -> list[BeadPair]:
    return [(t, s) for s, t in gold]


def build(out: Path, shared: Path, every: int = 25) -> dict[str, int]:
    """Write the corpus under `out`; returns the number of pairs in each layout."""
    counts = {}
    tr = shared / "benchmarks" / "transread"
    n = 0
    for gold_file in sorted(tr.glob("*.gold")):
        book = gold_file.stem
        # TransRead's gold has English as its source; the layout aligns French to English, so the beads swap sides.
        for k, c in enumerate(chunks(lines(tr / f"{book}.en"), lines(tr / f"{book}.fr"),
                                     parse_beads(gold_file.read_text()), every)):
            pair_id = f"{book}_c{k + 1:03d}"
            _write(out / "suffix" / f"{pair_id}.fr.txt", c.tgt)
            _write(out / "suffix" / f"{pair_id}.en.txt", c.src)
            (out / "gold" / "suffix").mkdir(parents=True, exist_ok=True)
            (out / "gold" / "suffix" / f"{pair_id}.gold").write_text(format_beads(_swap(c.gold)))
            n += 1
    counts["suffix"] = n
    tb = shared / "benchmarks" / "textberg"
    n = 0
    for name in ["dev"] + [f"test{i}" for i in range(7)]:
        for k, c in enumerate(chunks(lines(tb / f"{name}.de"), lines(tb / f"{name}.fr"),
                                     parse_beads((tb / f"{name}.defr").read_text()), every)):
            rel = f"{name}/part{k + 1:02d}"
            _write(out / "trees" / "de" / f"{rel}.txt", c.src)
            _write(out / "trees" / "fr" / f"{rel}.txt", c.tgt)
            (out / "gold" / "trees" / name).mkdir(parents=True, exist_ok=True)
            (out / "gold" / "trees" / f"{rel}.gold").write_text(format_beads(c.gold))
            n += 1
    counts["trees"] = n
    un = shared / "corpora" / "un-oic-2017"
    udhr = shared / "benchmarks" / "udhr"
    (out / "un").mkdir(parents=True, exist_ok=True)
    for symbol, folder in (("A_RES_72_L.10", un), ("UDHR", udhr)):
        for lang, letter in (("fr", "F"), ("en", "E")):
            (out / "un" / f"{symbol}_{letter}.txt").write_text((folder / f"{lang}.txt").read_text(encoding="utf-8"),
                                                               encoding="utf-8")
    counts["un"] = 2
    return counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("out", type=Path)
    parser.add_argument("--beads", type=int, default=25, help="Gold beads per chapter (about).")
    parser.add_argument("--shared", type=Path, default=None)
    args = parser.parse_args()
    counts = build(args.out, shared_dir(args.shared), args.beads)
    print(f"{sum(counts.values())} pairs: " + ", ".join(f"{k} {v}" for k, v in counts.items()))


if __name__ == "__main__":
    main()

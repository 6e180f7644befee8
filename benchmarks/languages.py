"""Unit F1 per language pair and format on the real documents of benchmarks.langdata, and the
confidence check per pair (share right among beads with confidence >= 0.9).

    python -m benchmarks.languages [--data DIR] [--only SUBSTRING] [--json bench-results/languages.json]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import defaultdict
from pathlib import Path

from align.api import AlignOptions, align_files
from align.embed.encoders import load_encoder
from align.eval.scores import load_gold_units, score_units, tokens
from benchmarks.langdata import Pair, build, data_dir

HIGH = 0.9


def run_pair(pair: Pair, encoder) -> dict:
    """Align one pair from its files and score its TUs against the unit gold."""
    t0 = time.perf_counter()
    al = align_files(pair.src, pair.tgt, src_lang=pair.src_lang, tgt_lang=pair.tgt_lang,
                     options=AlignOptions(cache=False), encoder=encoder)
    seconds = time.perf_counter() - t0
    src, tgt = al.src, al.tgt
    beads = [b for b in al.beads if b.src and b.tgt]
    pairs = [(" ".join(src.segments[i].text for i in b.src), " ".join(tgt.segments[j].text for j in b.tgt))
             for b in beads]
    # A TU with no word on one side ('E.g.:' against 例如：, table cells such as 'V:0, I:2') cannot be placed in
    # any unit, as the gold leaves such units out (benchmarks.langdata): not judged, counted.
    judged = [k for k, (s, t) in enumerate(pairs) if tokens(s) and tokens(t)]
    unjudged = len(pairs) - len(judged)
    pairs, beads = [pairs[k] for k in judged], [beads[k] for k in judged]
    gold = load_gold_units(pair.gold)
    res = score_units(pairs, gold, src_key=pair.src_lang, tgt_key=pair.tgt_lang)
    # Units the translation left in the original (code, or a paragraph the translators had not reached).
    same = sum(1 for u in gold if u[pair.src_lang] == u[pair.tgt_lang])
    high = [tu["correct"] for tu, b in zip(res["tus"], beads, strict=True) if b.confidence >= HIGH]
    return {"name": pair.name, "format": pair.fmt, "src_lang": pair.src_lang, "tgt_lang": pair.tgt_lang,
            "src_segments": len(src.segments), "tgt_segments": len(tgt.segments), "units": res["n_units"],
            "same_units": same, "tus": res["n_tus"], "unjudged": unjudged, "precision": res["precision"],
            "recall": res["recall"], "f1": res["f1"],
            "high": len(high), "high_right": sum(high), "seconds": round(seconds, 1), "errors": res["errors"][:20]}


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m benchmarks.languages", description=__doc__.splitlines()[0])
    p.add_argument("--data", default=None)
    p.add_argument("--only", default="")
    p.add_argument("--json", type=Path, default=None)
    args = p.parse_args(argv)
    encoder = load_encoder("use", cache=False)
    rows = [run_pair(pair, encoder) for pair in build(data_dir(args.data)) if args.only in pair.name]
    print(f"{'pair':28} {'fmt':5} {'segs':>9} {'units':>5} {'TUs':>4} {'P':>6} {'R':>6} {'F1':>6} {'>=0.9 right':>12}"
          "  not judged  same text")
    for r in rows:
        hr = f"{r['high_right']}/{r['high']}" if r["high"] else "-"
        print(f"{r['name']:28} {r['format']:5} {r['src_segments']:>4}/{r['tgt_segments']:<4} {r['units']:>5} "
              f"{r['tus']:>4} {r['precision']:.3f} {r['recall']:.3f} {r['f1']:.3f} {hr:>12}  "
              f"{r['unjudged']:>10}  {r['same_units']:>9}")
    by_pair: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for r in rows:
        key = f"{r['src_lang']}-{r['tgt_lang']}"
        by_pair[key][0] += r["high_right"]
        by_pair[key][1] += r["high"]
    print("confidence >= 0.9, share right per language pair:")
    for key, (right, n) in sorted(by_pair.items()):
        print(f"  {key:10} {right}/{n} = {right / n:.3f}" if n else f"  {key:10} none")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(rows, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())

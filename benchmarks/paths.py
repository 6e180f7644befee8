"""Bead paths on every benchmark document, saved as JSON and compared with an earlier run.

A refactoring must not change what the aligner does: save before, change, compare after.

    python -m benchmarks.paths --save bench-results/paths-before.json
    python -m benchmarks.paths --compare bench-results/paths-before.json

Covers the 19 gold documents (Text+Berg dev and test0-6, the 11 TransRead books, one sentence per line) and the
UN and UDHR pairs read from raw text through align.api.align_files (reading, clean-up, OCR repair, segmentation).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path
from typing import Any

from align.api import AlignOptions, align_files, align_segments
from align.embed.encoders import load_encoder
from benchmarks.gold_docs import have_benchmarks, held_out_docs, shared_dir, tuning_docs


def _beads(beads: Any) -> list[list[Any]]:
    return [[list(b.src), list(b.tgt), round(float(b.confidence), 6)] for b in beads]


def bead_paths(shared: Path, *, cache: bool = False) -> dict[str, Any]:
    """Each document's beads (and, for the raw-text pairs, its segments and their kinds)."""
    encoder = load_encoder("use", cache=cache)
    out: dict[str, Any] = {}
    for doc in tuning_docs(shared) + held_out_docs(shared):
        out[doc.name] = _beads(align_segments(doc.src, doc.tgt, src_lang=doc.src_lang, tgt_lang=doc.tgt_lang,
                                              encoder=encoder))
    raw = {"un": shared / "corpora" / "un-oic-2017", "udhr": shared / "benchmarks" / "udhr"}
    for name, folder in raw.items():
        al = align_files(folder / "fr.txt", folder / "en.txt", src_lang="fr", tgt_lang="en",
                         options=AlignOptions(cache=cache), encoder=encoder)
        out[name] = {"beads": _beads(al.beads), "src": al.src.texts(), "tgt": al.tgt.texts(),
                     "kinds": [s.kind.value for s in al.src.segments] + [s.kind.value for s in al.tgt.segments]}
    return out


def digest(value: Any) -> str:
    return hashlib.sha1(json.dumps(value).encode()).hexdigest()[:12]


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m benchmarks.paths", description=__doc__.splitlines()[0])
    p.add_argument("--save", type=Path, help="write the paths here")
    p.add_argument("--compare", type=Path, help="compare with paths saved earlier; exit 1 on any difference")
    p.add_argument("--shared", default=None)
    args = p.parse_args(argv)
    shared = shared_dir(args.shared)
    if not have_benchmarks(shared, "compare"):
        return 0
    paths = bead_paths(shared)
    if args.save:
        args.save.parent.mkdir(parents=True, exist_ok=True)
        args.save.write_text(json.dumps(paths, ensure_ascii=False))
    differ = 0
    before = json.loads(args.compare.read_text()) if args.compare else {}
    for name, value in paths.items():
        verdict = ""
        if args.compare:
            same = before.get(name) == value
            differ += not same
            verdict = "identical" if same else "DIFFERENT"
        print(f"{name:45s} {digest(value)}  {verdict}")
    if args.compare:
        print(f"{len(paths) - differ} of {len(paths)} documents identical to {args.compare}")
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())

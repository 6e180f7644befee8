"""What the embedding cache saves: `tmbuild align` twice on an empty cache, and bead paths with the cache.

    python -m benchmarks.cache             # UN pair and the 11 TransRead books joined: embed s, 1st and 2nd run
    python -m benchmarks.cache --paths bench-results/paths-before.json
                                           # bead paths with a cold, then a warm cache, against a saved run

Each measurement uses a fresh XDG_CACHE_HOME, so the user's own cache is neither read nor changed.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

from benchmarks.gold_docs import have_benchmarks, shared_dir

_EMBED = re.compile(r"embed ([0-9.]+) s, align ([0-9.]+) s")


def join_books(folder: Path, out: Path) -> tuple[Path, Path]:
    """The TransRead books joined into one English and one French file, one sentence per line."""
    pair = []
    for ext in ("en", "fr"):
        path = out / f"transread.{ext}"
        path.write_text("".join(p.read_text(encoding="utf-8") for p in sorted(folder.glob(f"*.{ext}"))),
                        encoding="utf-8")
        pair.append(path)
    return pair[0], pair[1]


def align_twice(src: Path, tgt: Path, src_lang: str, tgt_lang: str, extra: list[str]) -> dict[str, float]:
    """Embed and align seconds of two `tmbuild align` runs on one empty cache, and the cache size after."""
    with tempfile.TemporaryDirectory(prefix="tmbuild-cache-bench-") as tmp:
        env = {**os.environ, "XDG_CACHE_HOME": tmp, "HF_HUB_OFFLINE": "1"}
        row: dict[str, float] = {}
        for run in (1, 2):
            proc = subprocess.run([sys.executable, "-m", "tm.cli", "align", str(src), str(tgt), "--src", src_lang,
                                   "--tgt", tgt_lang, "-o", str(Path(tmp) / "out.tmx"), *extra],
                                  capture_output=True, text=True, env=env, check=False)
            found = _EMBED.search(proc.stdout + proc.stderr)
            if proc.returncode != 0 or found is None:
                raise SystemExit(f"tmbuild align failed:\n{proc.stderr}")
            row[f"embed{run}"], row[f"align{run}"] = float(found[1]), float(found[2])
        store = Path(tmp) / "tmbuild"
        row["cache_mb"] = sum(p.stat().st_size for p in store.glob("embeddings.sqlite3*")) / 2**20
        return row


def measure(shared: Path) -> None:
    un = shared / "corpora" / "un-oic-2017"
    with tempfile.TemporaryDirectory() as tmp:
        en, fr = join_books(shared / "benchmarks" / "transread", Path(tmp))
        cases = {"UN pair (fr.txt, en.txt)": (un / "fr.txt", un / "en.txt", "fr", "en", []),
                 "TransRead 11 books joined": (en, fr, "en", "fr", ["--presegmented"])}
        print("| document | sentences | embed 1st run (s) | embed 2nd run (s) | align 1st/2nd (s) | cache after (MB) |")
        print("|---|---|---|---|---|---|")
        for name, (src, tgt, sl, tl, extra) in cases.items():
            n = sum(1 for p in (src, tgt) for line in p.read_text(encoding="utf-8").splitlines() if line.strip())
            r = align_twice(src, tgt, sl, tl, extra)
            print(f"| {name} | {n} lines | {r['embed1']:.1f} | {r['embed2']:.1f} | "
                  f"{r['align1']:.1f} / {r['align2']:.1f} | {r['cache_mb']:.1f} |", flush=True)


def compare_paths(shared: Path, before: Path) -> int:
    """Bead paths with a cold and then a warm cache must equal the saved ones (computed without a cache)."""
    import json

    from benchmarks.paths import bead_paths

    saved = json.loads(before.read_text())
    differ = 0
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["XDG_CACHE_HOME"] = tmp
        for label in ("cold cache", "warm cache"):
            paths = bead_paths(shared, cache=True)
            same = sum(saved.get(k) == v for k, v in paths.items())
            differ += len(paths) - same
            print(f"{label}: {same} of {len(paths)} documents identical to {before}", flush=True)
    return 1 if differ else 0


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m benchmarks.cache", description=__doc__.splitlines()[0])
    p.add_argument("--paths", type=Path, help="compare bead paths with the cache against this saved run")
    p.add_argument("--shared", default=None)
    args = p.parse_args(argv)
    shared = shared_dir(args.shared)
    if not have_benchmarks(shared, "measure"):
        return 0
    if args.paths:
        return compare_paths(shared, args.paths)
    measure(shared)
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Sentences per second of each bundled encoder at several batch sizes (`python -m benchmarks.encoders`).

Reads the first 500 lines of ../shared/benchmarks/transread/*.en (concatenated; $TMBUILD_SHARED overrides
../shared). The cache is off, so every number is model time.
"""

from __future__ import annotations

import argparse
import os
import sys
import time

from align.embed.encoders import BUNDLED, load_encoder
from benchmarks.gold_docs import shared_dir

BATCH_SIZES = (16, 64, 256)


def read_lines(n: int) -> list[str]:
    """The first `n` non-empty lines of the TransRead English books, in file-name order."""
    lines: list[str] = []
    for path in sorted((shared_dir() / "benchmarks" / "transread").glob("*.en")):
        lines += [line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
        if len(lines) >= n:
            break
    return lines[:n]


def bench(name: str, lines: list[str], batch_sizes: tuple[int, ...], threads: int | None) -> dict[int, float]:
    """Sentences per second at each batch size, after one warm-up batch that loads the model."""
    enc = load_encoder(name, cache=False, threads=threads)
    t0 = time.perf_counter()
    enc.encode(lines[:8])
    print(f"{name}: model load + warm-up {time.perf_counter() - t0:.1f} s", flush=True)
    speeds: dict[int, float] = {}
    for bs in batch_sizes:
        t0 = time.perf_counter()
        enc.encode(lines, batch_size=bs)
        speeds[bs] = len(lines) / (time.perf_counter() - t0)
        print(f"  {enc.name:<12} batch {bs:>4}: {speeds[bs]:7.1f} sentences/s", flush=True)
    best = max(speeds, key=speeds.__getitem__)
    print(f"  best batch size for {enc.name}: {best}", flush=True)
    return speeds


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=500, help="how many sentences (default 500)")
    parser.add_argument("--encoders", nargs="+", default=list(BUNDLED), help="default: use e5")
    parser.add_argument("--batch-sizes", type=int, nargs="+", default=list(BATCH_SIZES))
    parser.add_argument("--threads", type=int, default=None, help="default: all CPUs")
    args = parser.parse_args(argv)

    lines = read_lines(args.lines)
    if not lines:
        print(f"skipped: no TransRead *.en files under {shared_dir() / 'benchmarks' / 'transread'}")
        return 0
    chars = sum(map(len, lines)) / len(lines)
    print(f"{len(lines)} sentences (mean {chars:.0f} characters), {os.cpu_count()} CPUs, load {_load()}")
    results = {name: bench(name, lines, tuple(args.batch_sizes), args.threads) for name in args.encoders}
    print("\nsummary (sentences/s):")
    for name, speeds in results.items():
        cells = "  ".join(f"bs{bs}={v:.1f}" for bs, v in speeds.items())
        print(f"  {name:<4} {cells}  -> best batch size {max(speeds, key=speeds.__getitem__)}")
    return 0


def _load() -> str:
    # Other work on the machine skews every number here; say how busy it was.
    try:
        return " ".join(f"{x:.1f}" for x in os.getloadavg())
    except OSError:
        return "unknown"


if __name__ == "__main__":
    sys.exit(main())

"""Alignment benchmarks: Text+Berg and TransRead gold scores, time and peak memory per encoder.

Run `python -m benchmarks.run` (or `make bench`); see `--help`. Each data set x encoder runs in a fresh
process so that its peak memory is its own; results go to bench-results/results.json.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import platform
import sys
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from functools import partial
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

from align.eval.scores import read_beads, score_beads
from benchmarks.gold_docs import REPO, shared_dir
from benchmarks.jobs import PUBLISHED, Dataset, datasets, run_dataset, run_scaling

DATASETS = ("textberg", "textberg-dev", "transread")
# Piped output (make bench | tee) would otherwise be cut to 80 columns.
console = Console() if sys.stdout.isatty() else Console(width=150)


def in_child(fn: Callable[[dict[str, Any]], dict[str, Any]], job: dict[str, Any]) -> dict[str, Any]:
    """Run `fn(job)` in a freshly spawned interpreter (not forked: no memory or threads inherited)."""
    with ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn")) as pool:
        return pool.submit(fn, job).result()


def _row(dataset: str, encoder: str, docs: Sequence[dict[str, Any]], golds: Sequence[list], **extra: Any) -> dict:
    res = score_beads([d["beads"] for d in docs], list(golds))
    total = {k: sum(d.get(k, 0.0) for d in docs) for k in ("embed_s", "align_s", "total_s")}
    return {
        "dataset": dataset, "encoder": encoder, "docs": len(docs),
        "n_src": sum(d["n_src"] for d in docs), "n_tgt": sum(d["n_tgt"] for d in docs),
        "strict_p": res["strict"]["precision"], "strict_r": res["strict"]["recall"], "strict_f1": res["strict"]["f1"],
        "lax_p": res["lax"]["precision"], "lax_r": res["lax"]["recall"], "lax_f1": res["lax"]["f1"],
        # Without the aligner's own split only the total is known.
        "embed_s": total["embed_s"] if any("embed_s" in d for d in docs) else None,
        "align_s": total["align_s"] if any("align_s" in d for d in docs) else None,
        "total_s": total["total_s"], **extra,
    }


def bench_dataset(ds: Dataset, encoder: str, args: argparse.Namespace) -> list[dict[str, Any]]:
    """Rows for one data set and encoder: the data set as a whole, then each document if --per-book."""
    job = {"dataset": ds, "encoder": encoder, "aligner": args.aligner, "loader": args.loader, "options": {}}
    out = in_child(run_dataset, job)
    golds = [read_beads(p.gold) for p in ds.pairs]
    rows = [_row(ds.name, encoder, out["docs"], golds, load_s=out["load_s"], peak_mb=out["peak_mb"],
                 model=out["encoder_name"], aligner=args.aligner)]
    if args.per_book and len(ds.pairs) > 1:
        # Books share one process, so their peaks are not separable; only the data set row has one.
        rows += [_row(f"{ds.name}/{d['name']}", encoder, [d], [g], load_s=None, peak_mb=None,
                      model=out["encoder_name"], aligner=args.aligner)
                 for d, g in zip(out["docs"], golds, strict=True)]
    return rows


def _fmt(value: Any, spec: str) -> str:
    return "—" if value is None else format(value, spec)


def print_table(rows: Sequence[dict[str, Any]]) -> None:
    """One table: scores, then embedding/alignment seconds and peak memory."""
    caption = PUBLISHED if any(r["dataset"] == "textberg" for r in rows) else None
    table = Table(title="Sentence alignment against gold (Vecalign strict/lax scores)", caption=caption)
    for col in ("data set", "encoder", "sents src/tgt", "P", "R", "F1", "lax F1", "embed s", "align s",
                "total s", "peak MB"):
        table.add_column(col, justify="left" if col in ("data set", "encoder") else "right", no_wrap=True)
    for r in rows:
        name = "  " + r["dataset"].split("/", 1)[1] if "/" in r["dataset"] else r["dataset"]  # a book's row
        table.add_row(name, r["encoder"], f"{r['n_src']}/{r['n_tgt']}", _fmt(r["strict_p"], ".3f"),
                      _fmt(r["strict_r"], ".3f"), _fmt(r["strict_f1"], ".3f"), _fmt(r["lax_f1"], ".3f"),
                      _fmt(r["embed_s"], ".1f"), _fmt(r["align_s"], ".1f"), _fmt(r["total_s"], ".1f"),
                      _fmt(r["peak_mb"], ".0f"))
    console.print(table)


def bench_scaling(ds: Dataset, encoder: str, times: int, args: argparse.Namespace) -> list[dict[str, Any]]:
    """One end-to-end run on the concatenated books repeated `times` over, in its own process."""
    job = {"dataset": ds, "encoder": encoder, "aligner": args.aligner, "loader": args.loader,
           "options": {}, "times": times}
    return [{"encoder": encoder, "aligner": args.aligner, **in_child(run_scaling, job)}]


def print_scaling(rows: Sequence[dict[str, Any]], n_books: int) -> None:
    """Seconds, peak memory and strict F1 per size."""
    table = Table(title=f"Scaling: all {n_books} TransRead books concatenated, repeated")
    for col in ("encoder", "copies", "sents src/tgt", "embed s", "align s", "total s", "peak MB", "strict F1"):
        table.add_column(col, justify="left" if col == "encoder" else "right", no_wrap=True)
    for r in rows:
        table.add_row(r["encoder"], f"{r['times']}x", f"{r['n_src']}/{r['n_tgt']}", _fmt(r.get("embed_s"), ".1f"),
                      _fmt(r.get("align_s"), ".1f"), _fmt(r["total_s"], ".1f"), _fmt(r["peak_mb"], ".0f"),
                      _fmt(r["strict_f1"], ".3f"))
    console.print(table)


def plot_scaling(rows: Sequence[dict[str, Any]], path: Path) -> None:
    """Seconds and peak MB against sentence count, one line per encoder."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, (ax_t, ax_m) = plt.subplots(1, 2, figsize=(10, 4))
    for enc in dict.fromkeys(r["encoder"] for r in rows):
        mine = sorted((r for r in rows if r["encoder"] == enc), key=lambda r: r["n_src"])
        n = [r["n_src"] + r["n_tgt"] for r in mine]
        ax_t.plot(n, [r["total_s"] for r in mine], "o-", label=f"{enc} total")
        if all(r.get("align_s") is not None for r in mine):
            ax_t.plot(n, [r["align_s"] for r in mine], "s--", label=f"{enc} align only")
        ax_m.plot(n, [r["peak_mb"] for r in mine], "o-", label=enc)
    ax_t.set(xlabel="sentences (source + target)", ylabel="seconds", title="Time")
    ax_m.set(xlabel="sentences (source + target)", ylabel="peak RSS (MiB)", title="Memory")
    for ax in (ax_t, ax_m):
        ax.grid(alpha=0.3)
        ax.legend()
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)


def save(path: Path, key: str, rows: list[dict[str, Any]], identity: Sequence[str]) -> list[dict[str, Any]]:
    """Merge `rows` into the JSON results under `key`, replacing earlier rows with the same `identity` fields."""
    data: dict[str, Any] = json.loads(path.read_text()) if path.is_file() else {}
    new_ids = {tuple(r.get(f) for f in identity) for r in rows}
    kept = [old for old in data.get(key, []) if tuple(old.get(f) for f in identity) not in new_ids]
    data[key] = kept + rows
    data["machine"] = {"platform": platform.platform(), "python": platform.python_version(),
                       "cpus": os.cpu_count(), "updated": time.strftime("%Y-%m-%dT%H:%M:%S%z")}
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n")
    return data[key]


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="python -m benchmarks.run", description=__doc__.splitlines()[0])
    p.add_argument("--encoders", default="use", help="comma-separated: use,e5 (e5 is slow, ~25 sentences/s)")
    p.add_argument("--datasets", default=",".join(DATASETS), help=f"comma-separated, from {', '.join(DATASETS)}")
    p.add_argument("--per-book", action="store_true", help="also one row per TransRead book")
    p.add_argument("--limit-books", type=int, default=None, metavar="N", help="only the first N TransRead books")
    p.add_argument("--scaling", action="store_true", help="time and memory on the concatenated books, repeated")
    p.add_argument("--sizes", default="1,2,4,8", help="copies for --scaling")
    p.add_argument("--shared", default=None, help="the shared data directory (default ../shared, or $TMBUILD_SHARED)")
    p.add_argument("--out", default=str(REPO / "bench-results"), help="results directory")
    # For developing the harness only: another aligner / encoder loader with the same signatures.
    p.add_argument("--aligner", default="align.api:align_segments", help=argparse.SUPPRESS)
    p.add_argument("--loader", default="align.embed.encoders:load_encoder", help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    unknown = set(args.datasets.split(",")) - set(DATASETS)
    if unknown:
        p.error(f"unknown data set(s): {', '.join(sorted(unknown))}")
    try:
        args.sizes = [int(x) for x in args.sizes.split(",")]
    except ValueError:
        p.error(f"--sizes takes whole numbers, e.g. 1,2,4,8 (got {args.sizes!r})")
    args.encoders = [e.strip() for e in args.encoders.split(",") if e.strip()]
    return args


def _attempt(what: str, fn: Callable[[], list[dict[str, Any]]]) -> list[dict[str, Any]] | None:
    console.print(f"{what} …", highlight=False)
    try:
        return fn()
    except Exception as e:  # one failing encoder or data set must not lose the other rows
        console.print(f"[bold red]{what} failed:[/] {type(e).__name__}: {e}", highlight=False)
        return None


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmarks the arguments ask for; 0 also when the shared data are absent."""
    args = parse_args(argv)
    shared = shared_dir(args.shared)
    if not (shared / "benchmarks").is_dir():
        console.print(f"benchmark data not found at {shared}/benchmarks: nothing to run "
                      "(put the shared directory beside the checkout, or pass --shared / set TMBUILD_SHARED)",
                      highlight=False)
        return 0
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    names = ["transread"] if args.scaling else args.datasets.split(",")
    found = datasets(shared, names, args.limit_books)
    if not found:
        console.print(f"none of {', '.join(names)} found under {shared}/benchmarks", highlight=False)
        return 0
    rows: list[dict[str, Any]] = []
    failed = 0
    for ds in found:
        for enc in args.encoders:
            # Each size is its own attempt, so a failure at 8x keeps the 1x-4x measurements.
            for label, work in ([(f"scaling: {ds.name} x{k} with {enc}", partial(bench_scaling, ds, enc, k, args))
                                 for k in args.sizes] if args.scaling else
                                [(f"{ds.name} with {enc}", partial(bench_dataset, ds, enc, args))]):
                got = _attempt(label, work)
                failed += got is None
                rows += got or []
    if args.scaling and rows:
        print_scaling(rows, len(found[0].pairs))
        # The plot shows every encoder measured so far, not only this run's.
        plot_scaling(save(out / "results.json", "scaling", rows, ("encoder", "times")), out / "scaling.png")
        console.print(f"wrote {out / 'results.json'} and {out / 'scaling.png'}", highlight=False)
    elif rows:
        print_table(rows)
        save(out / "results.json", "runs", rows, ("dataset", "encoder"))
        console.print(f"wrote {out / 'results.json'}", highlight=False)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

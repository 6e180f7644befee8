"""`tmbuild batch` and `tmbuild merge`: corpus mode's commands (registered on tm.cli's app)."""

from __future__ import annotations

import time
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.markup import escape

if TYPE_CHECKING:
    from collections.abc import Iterator

    from tm.batch.run import BatchProgress


def register(app: typer.Typer) -> None:
    app.command()(batch)
    app.command()(merge)


def batch(
    inputs: Annotated[list[Path], typer.Argument(help="A folder, a source and a target folder, or a CSV/JSONL "
                                                      "manifest (src,tgt[,id,src_lang,tgt_lang]).")],
    output: Annotated[Path, typer.Option("-o", "--output", help="The merged TMX.")],
    src: Annotated[str, typer.Option("--src", help="Source language.")] = "fr",
    tgt: Annotated[str, typer.Option("--tgt", help="Target language.")] = "en",
    pairing: Annotated[str, typer.Option(help="auto, suffix (name.fr.txt), un (A_72_L.10_F.pdf) or trees "
                                              "(fr/ and en/ folders).")] = "auto",
    jobs: Annotated[int, typer.Option("--jobs", "-j", help="Worker processes (or Ray actors).", min=1)] = 1,
    engine: Annotated[str, typer.Option(help="local (worker processes) or ray.")] = "local",
    address: Annotated[str | None, typer.Option(help="Ray cluster: auto or HOST:PORT (default: a local cluster).")]
    = None,
    ledger: Annotated[Path | None, typer.Option(help="Job ledger (default: OUTPUT.batch.sqlite).")] = None,
    into: Annotated[Path | None, typer.Option(help="An existing memory to grow: merged with the batch into OUTPUT.")]
    = None,
    xlsx: Annotated[Path | None, typer.Option(help="Also write an XLSX review sheet (one row a unit, by score).")]
    = None,
    xliff: Annotated[Path | None, typer.Option(help="Also write an XLIFF 1.2 bilingual file.")] = None,
    pair_tmx: Annotated[Path | None, typer.Option(help="Also write one TMX per pair into this folder.")] = None,
    projects: Annotated[Path | None, typer.Option(help="Also write one review project per pair into this folder.")]
    = None,
    encoder: Annotated[str, typer.Option(help="'use', 'e5', or a sentence-transformers model name/path.")] = "use",
    presegmented: Annotated[bool, typer.Option(help="Inputs hold one sentence per line.")] = False,
    include_null: Annotated[bool, typer.Option(help="Keep 1-0/0-1 beads in the TMX.")] = False,
    max_bead: Annotated[int, typer.Option(help="Largest n+m of a bead.", min=2, max=8)] = 5,
    check_lang: Annotated[bool, typer.Option(help="Refuse a side in another language.")] = True,
    repair: Annotated[bool, typer.Option("--repair/--no-repair", help="Repair French OCR errors.")] = True,
    no_cache: Annotated[bool, typer.Option("--no-cache", help="Do not read or write the embedding cache.")] = False,
    retry_failed: Annotated[bool, typer.Option(help="Try the pairs that failed in an earlier run again.")] = False,
    low: Annotated[float, typer.Option(help="Confidence below which a bead counts as low.")] = 0.5,
) -> None:
    """Align every document pair of an archive into one merged TMX; re-run the same command to resume."""
    from tm.cli import err, out

    result = _batch(inputs, output, src, tgt, pairing, jobs, engine, address, ledger, into, xlsx, xliff, pair_tmx,
                    projects, encoder, presegmented, include_null, max_bead, check_lang, repair, no_cache,
                    retry_failed, low)
    for u in result.unpaired:
        err.print(f"[yellow]unpaired:[/] {escape(str(u.path))} ({escape(u.reason)})", highlight=False, soft_wrap=True)
    for pair_id, error in result.failed:
        err.print(f"[bold yellow]failed:[/] {escape(pair_id)}: {escape(error)}", highlight=False, soft_wrap=True)
    out.print(f"pairs: {result.pairs} ({result.done} aligned, {len(result.failed)} failed, "
              f"{len(result.unpaired)} files unpaired); aligned in this run: {result.aligned_now}", highlight=False)
    out.print(f"wrote {result.units} units to {output} in {result.seconds:.1f} s; report {result.report_csv}, "
              f"{result.report_html}; ledger {result.ledger}", highlight=False, soft_wrap=True)


def _batch(inputs: list[Path], output: Path, src: str, tgt: str, rule: str, jobs: int, engine: str,
           address: str | None, ledger: Path | None, into: Path | None, xlsx: Path | None,
           xliff: Path | None, pair_tmx: Path | None,
           projects: Path | None, encoder: str, presegmented: bool, include_null: bool, max_bead: int,
           check_lang: bool, repair: bool, no_cache: bool, retry_failed: bool, low: float):  # noqa: ANN202
    from align import errors
    from align.api import AlignOptions
    from tm.batch.pairing import find_pairs
    from tm.batch.run import ENGINES, run_batch
    from tm.batch.work import WorkSpec

    if engine not in ENGINES:
        raise errors.unknown_engine(engine, ENGINES)
    if engine == "ray":
        from tm.batch.ray_engine import check_address

        check_address(address)
    if into is not None and not into.is_file():
        raise errors.missing_file(str(into))
    found = find_pairs(inputs, src, tgt, rule)
    if not found.pairs:
        raise errors.no_pairs(" ".join(map(str, inputs)), len(found.unpaired))
    options = AlignOptions(encoder=encoder, max_bead=max_bead, presegmented=presegmented, check_lang=check_lang,
                           repair=repair, cache=not no_cache)
    spec = WorkSpec(options=options, include_null=include_null, low=low, pair_tmx_dir=pair_tmx,
                    project_dir=projects)
    with _bar() as progress:
        return run_batch(found, output, spec=spec, engine=engine, jobs=jobs, address=address, ledger_path=ledger,
                         retry_failed=retry_failed, into=into, xlsx=xlsx, xliff=xliff,
                         progress=progress)


@contextmanager
def _bar() -> Iterator[BatchProgress]:
    """A rich progress bar with pairs done, rate and ETA on a terminal; a line every 5 % in a log."""
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    from tm.cli import err

    if not err.is_terminal:
        last = [-1]

        def log_line(done: int, total: int, pair: str) -> None:
            step = done * 20 // max(total, 1)
            if pair and step != last[0]:
                last[0] = step
                err.print(f"{done}/{total} pairs ({pair})", highlight=False, soft_wrap=True)

        yield log_line
        return
    with Progress(TextColumn("aligning"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  TextColumn("ETA"), TimeRemainingColumn(), TextColumn("{task.fields[pair]}"), console=err,
                  transient=True) as bar:
        task = bar.add_task("pairs", total=None, pair="")

        def update(done: int, total: int, pair: str) -> None:
            bar.update(task, completed=done, total=total, pair=escape(pair))

        yield update


def merge(
    inputs: Annotated[list[Path], typer.Argument(help="TMX files: ours or a CAT tool's (OmegaT, Trados, memoQ).")],
    output: Annotated[Path, typer.Option("-o", "--output", help="The merged TMX.")],
    src: Annotated[str, typer.Option("--src", help="Source language.")] = "fr",
    tgt: Annotated[str, typer.Option("--tgt", help="Target language.")] = "en",
    conflicts: Annotated[Path | None, typer.Option(help="Also write the conflicts as CSV.")] = None,
) -> None:
    """Merge TMX files into one: one unit per normalised pair (newest changedate kept), conflicts listed."""
    from tm.cli import out
    from tm.merge import merge_files

    t0 = time.perf_counter()
    result = merge_files(inputs, output, srclang=src, tgtlang=tgt, conflicts_csv=conflicts)
    for c in result.conflicts[:20]:
        out.print(f"conflict: {escape(c.source)!s} → {len(c.targets)} targets: "
                  + " | ".join(escape(t) for t in c.targets), highlight=False, soft_wrap=True)
    if len(result.conflicts) > 20:
        out.print(f"… {len(result.conflicts) - 20} more conflicts" + (f" in {conflicts}" if conflicts else ""),
                  highlight=False)
    out.print(f"read {result.read} units from {len(inputs)} files; wrote {result.units} units to {output} "
              f"({result.duplicates} duplicates dropped, {len(result.conflicts)} conflicts) in "
              f"{time.perf_counter() - t0:.1f} s", highlight=False, soft_wrap=True)

"""Run a batch: register the pairs in the ledger, align those not yet done, then rebuild the merged outputs."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

from tm.batch.ledger import Ledger, PairResult
from tm.batch.pairing import Pair, Pairing, Unpaired
from tm.batch.work import WorkSpec

MAX_ATTEMPTS = 3  # a pair whose worker died this often is marked failed rather than retried for ever
ENGINES = ("local", "ray")

# Called after each finished pair with (pairs finished, pairs to do in this run, the pair's id).
BatchProgress = Callable[[int, int, str], None]


@dataclass
class BatchResult:
    """What a batch run did and where its outputs are."""

    output: Path
    ledger: Path
    report_csv: Path
    report_html: Path
    pairs: int
    done: int
    failed: list[tuple[str, str]]  # (pair id, error)
    aligned_now: int
    units: int
    unpaired: list[Unpaired] = field(default_factory=list)
    seconds: float = 0.0


def default_ledger(output: Path) -> Path:
    return output.with_name(output.name + ".batch.sqlite")


def settings_of(spec: WorkSpec) -> dict[str, str]:
    """What must not change between a run and its resumption, as the ledger stores it."""
    options = asdict(spec.options)
    return {"options": json.dumps(options, sort_keys=True), "include_null": str(spec.include_null)}


def _quiet(_done: int, _total: int, _pair: str) -> None:
    pass


def run_batch(pairing: Pairing, output: Path, *, spec: WorkSpec | None = None, engine: str = "local", jobs: int = 1,
              address: str | None = None, ledger_path: Path | None = None, retry_failed: bool = False,
              into: Path | None = None, xlsx: Path | None = None, xliff: Path | None = None,
              progress: BatchProgress = _quiet) -> BatchResult:
    """Align every pair of `pairing` not yet done in the ledger, then write the merged TMX and the report."""
    from tm.batch.merged import write_merged_tmx
    from tm.batch.report import report_rows, write_csv, write_html

    t0 = time.perf_counter()
    spec = spec or WorkSpec()
    ledger_path = ledger_path or default_ledger(output)
    ledger = Ledger(ledger_path, settings_of(spec))
    try:
        ledger.register(pairing.pairs)
        by_id = {p.id: p for p in pairing.pairs}
        todo = [by_id[i] for i in ledger.pending(set(by_id), retry_failed=retry_failed)]
        finished = 0

        def on_result(result: PairResult) -> None:
            nonlocal finished
            ledger.record(result)
            finished += 1
            progress(finished, len(todo), result.pair_id)

        def on_death(lost: list[Pair]) -> list[Pair]:
            retry = []
            for pair in lost:
                if ledger.count_attempt(pair.id) >= MAX_ATTEMPTS:
                    on_result(PairResult(pair.id, error=f"its worker process died {MAX_ATTEMPTS} times"))
                else:
                    retry.append(pair)
            return retry

        progress(0, len(todo), "")
        _run_engine(todo, spec, engine, jobs, address, on_result, on_death)
        ids = set(by_id)
        srclang, tgtlang = _languages(pairing)
        units = write_merged_tmx(output, ledger.merged_units(ids), srclang=srclang, tgtlang=tgtlang,
                                 created=ledger.created)
        if xlsx is not None:
            from tm.exports.xlsx import write_xlsx

            write_xlsx(xlsx, ledger.merged_units(ids), srclang=srclang, tgtlang=tgtlang, low=spec.low)
        if xliff is not None:
            from tm.exports.xliff import write_xliff

            write_xliff(xliff, ledger.merged_units(ids), srclang=srclang, tgtlang=tgtlang, low=spec.low)
        if into is not None:
            from tm.merge import merge_files

            units = merge_files([into, output], output, srclang=srclang, tgtlang=tgtlang).units
        rows = ledger.rows(ids)
        flat = report_rows(rows)
        csv_path, html_path = output.with_suffix(".report.csv"), output.with_suffix(".report.html")
        write_csv(csv_path, flat)
        seconds = time.perf_counter() - t0
        write_html(html_path, flat, title=f"tmbuild batch: {output.name}", merged_units=units, seconds=seconds)
        return BatchResult(output=output, ledger=ledger_path, report_csv=csv_path, report_html=html_path,
                           pairs=len(rows), done=sum(r["state"] == "done" for r in rows),
                           failed=[(str(r["id"]), str(r["error"])) for r in rows if r["state"] == "failed"],
                           aligned_now=finished, units=units, unpaired=pairing.unpaired, seconds=seconds)
    finally:
        ledger.close()


def _languages(pairing: Pairing) -> tuple[str, str]:
    """The merged TMX's languages: the pairs' own (a manifest may mix regional tags of the same two languages)."""
    first = pairing.pairs[0]
    return first.src_lang, first.tgt_lang


def _run_engine(todo: list[Pair], spec: WorkSpec, engine: str, jobs: int, address: str | None,
                on_result: Callable[[PairResult], None], on_death: Callable[[list[Pair]], list[Pair]]) -> None:
    if not todo:
        return
    if engine == "ray":
        from tm.batch.ray_engine import run_ray

        run_ray(todo, spec, jobs, address, on_result)
    elif jobs <= 1:
        from tm.batch.engines import run_serial

        run_serial(todo, spec, on_result)
    else:
        from tm.batch.engines import run_pool

        run_pool(todo, spec, min(jobs, len(todo)), on_result, on_death)

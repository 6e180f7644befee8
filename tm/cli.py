"""The `tmbuild` command: thin wrappers that parse arguments and call the library.

Commands just raise: tm.reporting.ReportingGroup turns every error into one coded line and an exit status.
"""

from __future__ import annotations

import logging
import sys
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.markup import escape

from align import errors
from tm.cli_batch import register as register_batch
from tm.reporting import EXIT_INTERRUPTED, ReportingGroup, err, say, terminal_text

if TYPE_CHECKING:
    from align.api import Progress
    from align.models import Alignment

out = Console()


app = typer.Typer(cls=ReportingGroup, add_completion=False, no_args_is_help=True, pretty_exceptions_enable=False,
                  help="Align bilingual documents into translation memories.",
                  epilog="Exit status: 0 done; 2 an error you can fix (the one-line message gives its code and "
                         "what to do); 3 an internal error (please report it with the log file named in the "
                         "message, under $XDG_STATE_HOME/tmbuild/logs); 130 interrupted.")
app.add_typer(__import__("tm.cli_cache").cli_cache.app, name="cache")


class OutFormat(str, Enum):
    tmx = "tmx"
    beads = "beads"
    tsv = "tsv"


@app.callback()
def _main(verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Log progress.")] = False) -> None:
    logging.basicConfig(level=logging.INFO if verbose else logging.WARNING,
                        format="%(levelname)s %(name)s: %(message)s")


@app.command()
def align(
    # readable=False: an unreadable input is the reader's coded "permission denied", not a usage error.
    src_file: Annotated[Path, typer.Argument(help="Source-language document.", readable=False)],
    tgt_file: Annotated[Path, typer.Argument(help="Target-language document.", readable=False)],
    # Output paths stay strings: a Path drops the trailing "/" that shows the user meant a folder.
    output: Annotated[str | None, typer.Option("-o", "--output", help="Output file.")] = None,
    src: Annotated[str, typer.Option("--src", help="Source language (fr, fr-FR, …).")] = "fr",
    tgt: Annotated[str, typer.Option("--tgt", help="Target language (en, en-GB, …).")] = "en",
    encoder: Annotated[str, typer.Option(help="'use', 'e5', or a sentence-transformers model name/path.")] = "use",
    fmt: Annotated[OutFormat, typer.Option("--format", help="tmx, beads (Vecalign) or tsv.")] = OutFormat.tmx,
    tsv: Annotated[str | None, typer.Option(help="Also write a TSV of the beads.")] = None,
    presegmented: Annotated[bool, typer.Option(help="Inputs hold one sentence per line.")] = False,
    include_null: Annotated[bool, typer.Option(help="Keep 1-0/0-1 beads in the TMX.")] = False,
    max_bead: Annotated[int, typer.Option(help="Largest n+m of a bead.", min=2, max=8)] = 5,
    no_cache: Annotated[bool, typer.Option("--no-cache", help="Do not read or write the embedding cache.")] = False,
    check_lang: Annotated[bool, typer.Option(help="Refuse a side in another language (warn when unsure).")] = True,
    low: Annotated[float, typer.Option(help="Confidence below which a bead is counted as low.")] = 0.5,
    project: Annotated[str | None, typer.Option("--project", help="Also (or only) write a review project.")] = None,
    merge_nulls: Annotated[bool, typer.Option(help="Write runs of unaligned sentences as one n-0 bead.")] = False,
    repair: Annotated[bool | None, typer.Option(
        "--repair/--no-repair", help="Repair French OCR errors (see tmbuild clean); default: only in OCR text.")]
    = None,
) -> None:
    """Align SRC_FILE with TGT_FILE and write a TMX (or beads/TSV), and/or a review project."""
    from align.api import AlignOptions, align_files
    from tm.outputs import OutputPlan, check_output

    if output is None and project is None:
        raise errors.nothing_to_write()
    # Every output is checked before aligning, not after minutes of work, and replaced only if every step succeeds.
    with OutputPlan(inputs=[src_file, tgt_file]) as plan:
        out_tmp = plan.add(output, "-o") if output is not None else None
        tsv_tmp = plan.add(tsv, "--tsv") if tsv is not None else None
        if project is not None and check_output(project, "--project").exists():
            raise errors.project_exists(str(project))
        project_tmp = plan.add(project, "--project") if project is not None else None
        options = AlignOptions(encoder=encoder, max_bead=max_bead, presegmented=presegmented, check_lang=check_lang,
                               repair=repair, cache=not no_cache, merge_nulls=merge_nulls)
        t0 = time.perf_counter()
        with _progress() as progress:
            alignment = align_files(src_file, tgt_file, src_lang=src, tgt_lang=tgt, options=options,
                                    progress=progress)
        written = (_write(alignment, out_tmp, fmt, include_null, src_file) if out_tmp is not None
                   else len(alignment.beads))
        if project_tmp is not None:
            from tm.project.store import Project

            Project.create(project_tmp, alignment, overwrite=True).close()
        if tsv_tmp is not None:
            from tm.tsv import write_tsv

            write_tsv(alignment, tsv_tmp)
    for warning in alignment.warnings:
        say("warning", "bold yellow", warning)
    _summary(alignment, output if output is not None else project, written, low, time.perf_counter() - t0)
    if output is not None and fmt is OutFormat.tmx:
        _left_out(alignment, include_null)
    for doc in (alignment.src, alignment.tgt):
        if doc.repairs:
            out.print(f"OCR repairs in {escape(terminal_text(doc.name))}: {len(doc.repairs)} "
                      "(list them with tmbuild clean)", highlight=False)


@contextmanager
def _progress() -> Iterator[Progress | None]:
    """A transient status line with the current stage, on a terminal only (never in pipes or logs)."""
    if not err.is_terminal:
        yield None
        return
    with err.status("starting") as status:
        yield lambda fraction, stage: status.update(f"{stage} ({fraction:.0%})")


def _write(alignment: Alignment, output: Path, fmt: OutFormat, include_null: bool, src_file: Path) -> int:
    if fmt is OutFormat.tmx:
        from tm.tmx import write_tmx

        return write_tmx(alignment, output, include_null=include_null, document=Path(src_file).name)
    if fmt is OutFormat.tsv:
        from tm.tsv import write_tsv

        write_tsv(alignment, output)
        return len(alignment.beads)
    from align.eval.scores import format_beads
    from tm.atomic import atomic_write

    atomic_write(output, format_beads([(b.src, b.tgt) for b in alignment.beads]))
    return len(alignment.beads)


def _summary(alignment: Alignment, output: str, written: int, low: float, seconds: float) -> None:
    kinds = Counter(b.kind for b in alignment.beads)
    lows = sum(1 for b in alignment.beads if b.confidence < low)
    order = sorted(kinds, key=lambda k: (-kinds[k], k))
    out.print(f"segments: {len(alignment.src.segments)} {alignment.src.lang}, "
              f"{len(alignment.tgt.segments)} {alignment.tgt.lang}", highlight=False)
    out.print("beads: " + ", ".join(f"{k} {kinds[k]}" for k in order), highlight=False)
    out.print(f"low confidence (< {low}): {lows}", highlight=False)
    out.print(f"wrote {written} units to {escape(terminal_text(str(output)))} in {seconds:.1f} s "
              f"(embed {alignment.stats.get('embed_s', 0):.1f} s, align {alignment.stats.get('align_s', 0):.1f} s, "
              f"encoder {alignment.encoder})", highlight=False, soft_wrap=True)


def _left_out(alignment: Alignment, include_null: bool) -> None:
    """Why the TMX holds fewer units than there are beads (repeated pairs once, one-sided beads left out)."""
    from tm.tmx import written_units

    chosen = written_units(alignment, include_null)
    if why := chosen.left_out():
        hint = " (--include-null keeps them)" if chosen.one_sided else ""
        out.print(f"of {len(alignment.beads)} beads: {why}{hint}", highlight=False)


@app.command()
def ui(
    project: Annotated[Path | None, typer.Argument(help="Project file to open (or to create from the start page).")]
    = None,
    port: Annotated[int, typer.Option(help="Port on 127.0.0.1.", min=1, max=65535)] = 8501,
) -> None:
    """Start the review UI (Streamlit) on 127.0.0.1."""
    from tm.launch import run_ui

    raise typer.Exit(run_ui(project, port))


@app.command(name="eval")
def evaluate(
    alignment: Annotated[Path, typer.Argument(help="A TMX, or a Vecalign beads file.", readable=False)],
    gold: Annotated[Path, typer.Option(help="Gold: unit JSONL (UN pair) or Vecalign beads.", readable=False)],
    src: Annotated[str, typer.Option(help="Source language key in the gold JSONL.")] = "fr",
    tgt: Annotated[str, typer.Option(help="Target language key in the gold JSONL.")] = "en",
    details: Annotated[bool, typer.Option(help="List the units that were not matched.")] = False,
) -> None:
    """Score ALIGNMENT against a gold file and print precision, recall and F1."""
    _evaluate(alignment, gold, src, tgt, details)


def _evaluate(alignment: Path, gold: Path, src: str, tgt: str, details: bool) -> None:
    from align.eval.scores import detect_gold_format, load_gold_units, read_beads, score_beads, score_units

    for p in (alignment, gold):
        if not p.is_file():
            raise errors.missing_file(str(p))
    if detect_gold_format(gold) == "jsonl-units":
        from align.readers.tmx import read_tmx

        units = read_tmx(alignment)
        pairs = [(u.text(src), u.text(tgt)) for u in units]
        result = score_units(pairs, load_gold_units(gold), src_key=src, tgt_key=tgt)
        out.print(f"units: {result['n_units']}  TUs: {result['n_tus']}", highlight=False)
        out.print(f"precision {result['precision']:.4f}  recall {result['recall']:.4f}  "
                  f"F1 {result['f1']:.4f}", highlight=False)
        if details:
            for line in result.get("errors", []):
                out.print(f"  {line}", highlight=False)
        return
    result = score_beads([read_beads(alignment)], [read_beads(gold)])
    out.print(f"strict precision {result['strict']['precision']:.4f}  recall {result['strict']['recall']:.4f}  "
              f"F1 {result['strict']['f1']:.4f}", highlight=False)
    out.print(f"lax    precision {result['lax']['precision']:.4f}  recall {result['lax']['recall']:.4f}  "
              f"F1 {result['lax']['f1']:.4f}", highlight=False)


class TermsFormat(str, Enum):
    tbx = "tbx"
    tbx2 = "tbx2"
    csv = "csv"
    omegat = "omegat"


@app.command()
def terms(
    source: Annotated[Path, typer.Argument(help="A TMX, or a tmbuild project file.", readable=False)],
    output: Annotated[str, typer.Option("-o", "--output", help="Output file.")],
    fmt: Annotated[TermsFormat, typer.Option("--format", help="tbx (v3 TBX-Basic), tbx2 (martif), csv or omegat.")]
    = TermsFormat.tbx,
    min_freq: Annotated[int, typer.Option(help="Aligned segments a pair must share.", min=1)] = 2,
    top: Annotated[int, typer.Option(help="Keep the N best pairs (0: all).", min=0)] = 0,
    src: Annotated[str, typer.Option("--src", help="Source language.")] = "fr",
    tgt: Annotated[str, typer.Option("--tgt", help="Target language.")] = "en",
    encoder: Annotated[str, typer.Option(help="Encoder for term similarity ('none' to skip).")] = "use",
    no_cache: Annotated[bool, typer.Option("--no-cache", help="Do not use the embedding cache.")] = False,
) -> None:
    """Extract bilingual term pairs from SOURCE and export them as a glossary."""
    from tm.outputs import OutputPlan
    from tm.terms.export import write_terms
    from tm.terms.sources import load_segments, mine_terms

    with OutputPlan(inputs=[source]) as plan:
        target = plan.add(output, "-o")
        t0 = time.perf_counter()
        segments = load_segments(source, src, tgt)
        pairs = mine_terms(segments, src=src, tgt=tgt, encoder=None if encoder == "none" else encoder,
                           cache=not no_cache, min_freq=min_freq, top=top)
        write_terms(pairs, target, fmt.value, src=src, tgt=tgt)
    shown = escape(terminal_text(str(output)))
    out.print(f"wrote {len(pairs)} term pairs from {len(segments)} segments to {shown} "
              f"in {time.perf_counter() - t0:.1f} s", highlight=False)


@app.command()
def clean(
    file: Annotated[Path, typer.Argument(help="A document (any format tmbuild reads).", readable=False)],
    lang: Annotated[str, typer.Option("--lang", help="Language of the document (OCR repair knows French).")] = "fr",
    output: Annotated[str | None, typer.Option("-o", "--output", help="Write the repaired text here.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the changes as JSON.")] = False,
) -> None:
    """Repair OCR errors in FILE and print every change (before → after, rule, context)."""
    from tm.outputs import OutputPlan

    with OutputPlan(inputs=[file]) as plan:
        _clean(file, lang, plan.add(output, "-o") if output is not None else None, as_json, output)


def _clean(file: Path, lang: str, output: Path | None, as_json: bool, shown: str | None = None) -> None:
    """`output` is where the repaired text is written (a temp file of the plan), `shown` the name the user gave."""
    from align.langtags import parse_tag, primary
    from align.ocr.repair import count_words, repair
    from align.readers import read_document

    if primary(parse_tag(lang)) != "fr":
        raise errors.no_repair_rules(lang)
    text = read_document(file, lang).plain_text()
    if not text.strip():
        raise errors.empty_file(str(file))
    repaired, changes = repair(text, lang)
    if output is not None:
        from tm.atomic import atomic_write

        atomic_write(output, repaired)
    total = count_words(text)
    rows = [{"start": c.start, "end": c.end, "before": c.before, "after": c.after, "rule": c.rule,
             "line": text.count("\n", 0, c.start) + 1, "context": _context(text, c.start, c.end)}
            for c in changes]
    if as_json:
        import json

        out.print_json(json.dumps({"file": str(file), "changes": rows, "changed": len(changes), "tokens": total},
                                  ensure_ascii=False))
        return
    from rich.markup import escape

    for r in rows:
        out.print(f"{r['line']:>5}  [red]{escape(r['before'])}[/] → [green]{escape(r['after'])}[/]  "
                  f"[dim]{r['rule']}[/]  … {escape(r['context'])} …", highlight=False, soft_wrap=True)
    share = 100 * len(changes) / total if total else 0.0
    out.print(f"changed {len(changes)} of {total} tokens ({share:.2f} %)"
              + (f"; repaired text written to {escape(terminal_text(str(shown or output)))}"
                 if output is not None else ""), highlight=False,
              soft_wrap=True)


def _context(text: str, start: int, end: int, width: int = 30) -> str:
    return " ".join(text[max(0, start - width):end + width].split())


register_batch(app)


def main() -> None:
    """Entry point: `tmbuild` (ReportingGroup reports errors; this catches a Ctrl-C before it runs)."""
    try:
        app(prog_name="tmbuild")
    except KeyboardInterrupt:
        err.print("interrupted", highlight=False)
        sys.exit(EXIT_INTERRUPTED)


if __name__ == "__main__":
    main()

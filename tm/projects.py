"""Project-level actions shared by the CLI and the review UI: create from files, export, re-align from a bead."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

from align.models import Alignment, Kind
from tm.edits import Beads, Link, Status, flatten
from tm.store import Project

Progress = Callable[[float, str], None]


def align_files(src_file: str | os.PathLike[str], tgt_file: str | os.PathLike[str], *, src: str = "fr",
                tgt: str = "en", encoder: str | Any = "use", max_bead: int = 5, check_lang: bool = True,
                progress: Progress | None = None) -> Alignment:
    """Load (in any format align.load reads), check and align two files, reporting progress on the way."""
    from align.dp import DPParams
    from align.embed import load_encoder
    from align.load import check_distinct, load_document
    from align.pipeline import align_documents

    report = progress or (lambda _f, _s: None)
    check_distinct(src_file, tgt_file)
    report(0.05, "reading the source document")
    src_doc = load_document(src_file, src, check_lang=check_lang)
    report(0.15, "reading the target document")
    tgt_doc = load_document(tgt_file, tgt, check_lang=check_lang)
    report(0.25, "loading the encoder")
    enc = load_encoder(encoder) if isinstance(encoder, str) else encoder
    report(0.35, f"aligning {len(src_doc.segments)} × {len(tgt_doc.segments)} sentences")
    alignment = align_documents(src_doc, tgt_doc, encoder=enc, params=replace(DPParams(), max_bead=max_bead))
    report(0.95, "saving the project")
    return alignment


def create_project(path: str | os.PathLike[str], src_file: str | os.PathLike[str],
                   tgt_file: str | os.PathLike[str], *, src: str = "fr", tgt: str = "en", encoder: str | Any = "use",
                   overwrite: bool = False, progress: Progress | None = None) -> Project:
    """Align two files into a new project file."""
    alignment = align_files(src_file, tgt_file, src=src, tgt=tgt, encoder=encoder, progress=progress)
    project = Project.create(path, alignment, srclang=src, tgtlang=tgt, overwrite=overwrite)
    if progress:
        progress(1.0, "done")
    return project


def _status_props(project: Project) -> Callable[[int, object], dict[str, str]]:
    statuses = project.statuses()
    return lambda position, _bead: {"x-status": statuses[position].value}


def tmx_bytes(project: Project, *, include_null: bool = False) -> tuple[bytes, int]:
    """The project (with its text edits) as TMX bytes, each <tu> with an x-status prop; and the <tu> count."""
    from tm.tmx import build_tmx

    return build_tmx(project.alignment(), srclang=project.meta("srclang"), tgtlang=project.meta("tgtlang"),
                     include_null=include_null, extra_props=_status_props(project))


def export_tmx(project: Project, path: str | os.PathLike[str], *, include_null: bool = False) -> int:
    """Write the project as a TMX file (atomically); returns the number of <tu>s."""
    from tm.tmx import write_tmx

    return write_tmx(project.alignment(), path, srclang=project.meta("srclang"), tgtlang=project.meta("tgtlang"),
                     include_null=include_null, extra_props=_status_props(project))


def export_tsv(project: Project, path: str | os.PathLike[str]) -> int:
    """Write the project's beads as TSV (with text edits); returns the number of rows."""
    from tm.tsv import write_tsv

    return write_tsv(project.alignment(), path)


def tsv_bytes(project: Project) -> bytes:
    """The TSV export as bytes, for a download button."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "beads.tsv"
        export_tsv(project, out)
        return out.read_bytes()


def _stream(project_alignment: Alignment, b: Link) -> bool:
    """True for a footnote bead: footnotes are aligned as their own stream, as align_documents does."""
    seg = project_alignment.src.segments[b.src[0]] if b.src else project_alignment.tgt.segments[b.tgt[0]]
    return seg.kind is Kind.FOOTNOTE


def realign_beads(alignment: Alignment, beads: Beads, start: int, encoder: object, max_bead: int = 5) -> Beads:
    """Beads from `start` on re-aligned between anchors (confirmed beads, and stream changes body/footnote)."""
    from align.dp import DPParams
    from align.pipeline import align_embedded, embed_runs

    params = replace(DPParams(), max_bead=max_bead)
    out: list[Link] = list(beads[:start])
    run: list[Link] = []

    def flush() -> None:
        si, ti = flatten(run, "src"), flatten(run, "tgt")
        if not si or not ti:  # nothing to pair on one side: the run stays as it is
            out.extend(run)
        else:
            src_segs = [alignment.src.segments[i] for i in si]
            tgt_segs = [alignment.tgt.segments[j] for j in ti]
            s_emb = embed_runs([s.text for s in src_segs], alignment.src.lang, encoder, max_bead - 1)
            t_emb = embed_runs([s.text for s in tgt_segs], alignment.tgt.lang, encoder, max_bead - 1)
            local = align_embedded(src_emb=s_emb.singles, tgt_emb=t_emb.singles,
                                   src_groups=s_emb.groups, tgt_groups=t_emb.groups,
                                   src_clauses=s_emb.clauses, tgt_clauses=t_emb.clauses,
                                   src_lengths=[len(s.text) for s in src_segs],
                                   tgt_lengths=[len(s.text) for s in tgt_segs],
                                   src_paragraphs=[s.paragraph for s in src_segs],
                                   tgt_paragraphs=[s.paragraph for s in tgt_segs], params=params)
            out.extend(Link(tuple(si[k] for k in b.src), tuple(ti[k] for k in b.tgt), b.confidence, Status.AUTO)
                       for b in local)
        run.clear()

    previous: bool | None = None
    for b in beads[start:]:
        stream = _stream(alignment, b)
        if b.status is Status.CONFIRMED or (previous is not None and stream != previous):
            flush()
        previous = stream
        if b.status is Status.CONFIRMED:
            out.append(b)
        else:
            run.append(b)
    flush()
    return tuple(out)


def realign_from(project: Project, start: int, encoder: object, max_bead: int = 5) -> None:
    """Re-run the aligner on the unconfirmed beads from bead `start` on, as one undoable action."""
    new = realign_beads(project.alignment(), project.beads(), start, encoder, max_bead)
    project.set_beads(new, "realign_from", {"start": start})

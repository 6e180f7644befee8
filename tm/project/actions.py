"""Project-level actions shared by the CLI and the review UI: create from files, export, re-align from a bead."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from align.api import AlignOptions, Progress, align_files, align_segments, stream_of
from align.dp.search import DPParams
from align.embed.matching import TextEncoder
from align.errors import realign_stale
from align.models import Alignment
from tm.project.edits import Beads, Link, Status, flatten
from tm.project.store import Project


def create_project(path: str | os.PathLike[str], src_file: str | os.PathLike[str],
                   tgt_file: str | os.PathLike[str], *, src: str = "fr", tgt: str = "en",
                   options: AlignOptions | None = None, encoder: TextEncoder | None = None,
                   overwrite: bool = False, progress: Progress | None = None) -> tuple[Project, list[str]]:
    """Align two files (align.api.align_files) into a new project file; also returns the reading warnings."""
    alignment = align_files(src_file, tgt_file, src_lang=src, tgt_lang=tgt, options=options or AlignOptions(),
                            encoder=encoder,
                            progress=progress)
    if progress:
        progress(1.0, "saving the project")
    project = Project.create(path, alignment, overwrite=overwrite)
    if encoder is not None:  # the edits' confidences come from the encoder the beads were aligned with
        project.scorer.use_encoder(encoder)
    return project, alignment.warnings


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


def _stream(alignment: Alignment, b: Link) -> int:
    """The bead's stream (align.api.STREAMS): streams are aligned apart, as align_documents does."""
    seg = alignment.src.segments[b.src[0]] if b.src else alignment.tgt.segments[b.tgt[0]]
    return stream_of(seg.kind)


def realign_beads(alignment: Alignment, beads: Beads, start: int, encoder: TextEncoder, max_bead: int = 5) -> Beads:
    """Beads from `start` on re-aligned between anchors (confirmed and edited beads, stream changes body/footnote).

    Edited beads are anchors too: they hold a reviewer's decision, which the aligner must not take back.
    """
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
            local = align_segments([s.text for s in src_segs], [s.text for s in tgt_segs],
                                   src_lang=alignment.src.lang, tgt_lang=alignment.tgt.lang, encoder=encoder,
                                   params=params, src_paragraphs=[s.paragraph for s in src_segs],
                                   tgt_paragraphs=[s.paragraph for s in tgt_segs])
            out.extend(Link(tuple(si[k] for k in b.src), tuple(ti[k] for k in b.tgt), b.confidence, Status.AUTO)
                       for b in local)
        run.clear()

    previous: int | None = None
    for b in beads[start:]:
        stream = _stream(alignment, b)
        anchor = b.status is not Status.AUTO
        if anchor or (previous is not None and stream != previous):
            flush()
        previous = stream
        if anchor:
            out.append(b)
        else:
            run.append(b)
    flush()
    return tuple(out)


@dataclass(frozen=True)
class RealignPlan:
    """What re-aligning from bead `start` would do, computed before anything is written."""

    start: int
    version: int  # the project version it was computed from
    old: Beads
    new: Beads
    anchors: int  # confirmed or edited beads kept as they are

    def describe(self) -> str:
        before = {(b.src, b.tgt) for b in self.old[self.start:]}
        after = {(b.src, b.tgt) for b in self.new[self.start:]}
        gone, new = len(before - after), len(after - before)
        kept = f"{self.anchors} confirmed or edited beads stay as anchors"
        if not gone and not new:
            return (f"Re-align from bead {self.start + 1}: the aligner finds the same beads ({kept}); "
                    "only their confidence is recomputed.")
        return (f"Re-align from bead {self.start + 1}: {gone} beads would be replaced by {new} new ones "
                f"({len(self.new) - len(self.old):+d} beads in all); {kept}.")


def plan_realign(project: Project, start: int, encoder: TextEncoder, max_bead: int = 5) -> RealignPlan:
    """Re-align from bead `start` without writing anything: the plan to show, then apply with apply_realign."""
    beads = project.beads()
    new = realign_beads(project.alignment(), beads, start, encoder, max_bead)
    anchors = sum(1 for b in beads[start:] if b.status is not Status.AUTO)
    return RealignPlan(start, project.version, beads, new, anchors)


def apply_realign(project: Project, plan: RealignPlan) -> None:
    """Write a plan as one undoable action; refused when the project changed since it was computed."""
    if project.db_version() != plan.version or project.beads() != plan.old:
        raise realign_stale(plan.start)
    project.set_beads(plan.new, "realign_from", {"start": plan.start})


def realign_from(project: Project, start: int, encoder: TextEncoder, max_bead: int = 5) -> None:
    """Re-run the aligner on the unconfirmed, unedited beads from bead `start` on, as one undoable action."""
    apply_realign(project, plan_realign(project, start, encoder, max_bead))

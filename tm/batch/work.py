"""Align one pair of a batch through align.api and turn the alignment into ledger units and per-pair outputs."""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from align.api import AlignOptions, align_files
from align.embed.matching import TextEncoder
from align.errors import TmbuildError
from align.models import Alignment
from tm.batch.ledger import PairResult, Unit
from tm.batch.pairing import Pair
from tm.tmx import strip_illegal_xml

LONG_SEGMENT = 2000  # characters: Trados Cloud refuses longer segments on import


@dataclass(frozen=True)
class WorkSpec:
    """Everything a worker needs besides the pair: how to align, and which per-pair outputs to write."""

    options: AlignOptions = AlignOptions()
    include_null: bool = False
    low: float = 0.5
    pair_tmx_dir: Path | None = None
    project_dir: Path | None = None


def load_encoder(spec: WorkSpec) -> TextEncoder:
    from align.embed.encoders import load_encoder as load

    return load(spec.options.encoder, cache=spec.options.cache)


def units_of(alignment: Alignment, include_null: bool) -> list[Unit]:
    """The alignment's beads as units, in bead order; null beads only when asked for, empty sides never."""
    src_texts = alignment.src.texts()
    units = []
    for src_text, tgt_text, bead in alignment.pairs():
        src_text, tgt_text = strip_illegal_xml(src_text), strip_illegal_xml(tgt_text)
        if not src_text.strip() and not tgt_text.strip():
            continue
        if (not src_text.strip() or not tgt_text.strip()) and not include_null:
            continue
        first = alignment.src.segments[bead.src[0]] if bead.src else alignment.tgt.segments[bead.tgt[0]]
        pre = src_texts[bead.src[0] - 1] if bead.src and bead.src[0] > 0 else ""
        post = src_texts[bead.src[-1] + 1] if bead.src and bead.src[-1] + 1 < len(src_texts) else ""
        units.append(Unit(src_text, tgt_text, round(bead.confidence, 4), bead.kind, first.paragraph,
                          getattr(first.kind, "value", str(first.kind)), strip_illegal_xml(pre),
                          strip_illegal_xml(post)))
    return units


def stats_of(alignment: Alignment, low: float, seconds: float) -> dict[str, object]:
    beads = alignment.beads
    long_units = sum(1 for s, t, _ in alignment.pairs() if max(len(s), len(t)) > LONG_SEGMENT)
    return {"src_segments": len(alignment.src.segments), "tgt_segments": len(alignment.tgt.segments),
            "beads": len(beads), "bead_types": dict(sorted(Counter(b.kind for b in beads).items())),
            "low_share": round(sum(b.confidence < low for b in beads) / len(beads), 4) if beads else 0.0,
            "seconds": round(seconds, 3), "embed_s": round(alignment.stats.get("embed_s", 0.0), 3),
            "align_s": round(alignment.stats.get("align_s", 0.0), 3), "long_units": long_units,
            "warnings": list(alignment.warnings)}


def _safe_name(pair_id: str) -> str:
    return pair_id.replace("/", "__")


def align_pair(pair: Pair, spec: WorkSpec, encoder: TextEncoder) -> PairResult:
    """Align one pair; a bad pair (unreadable, wrong language, …) comes back as a result with an error."""
    t0, cpu0 = time.perf_counter(), time.process_time()

    def failed(error: str) -> PairResult:
        return PairResult(pair.id, error=error, stats={"seconds": round(time.perf_counter() - t0, 3)})

    try:
        alignment = align_files(pair.src, pair.tgt, src_lang=pair.src_lang, tgt_lang=pair.tgt_lang,
                                options=spec.options, encoder=encoder)
        if spec.pair_tmx_dir is not None:
            from tm.tmx import write_tmx

            write_tmx(alignment, spec.pair_tmx_dir / f"{_safe_name(pair.id)}.tmx", include_null=spec.include_null,
                      document=pair.id)
        if spec.project_dir is not None:
            _write_project(alignment, spec.project_dir / f"{_safe_name(pair.id)}.tmproj")
    except TmbuildError as e:
        return failed(str(e))
    except (OSError, ValueError, UnicodeError) as e:  # a file that breaks a reader must not stop the batch
        return failed(f"{type(e).__name__}: {e}")
    return PairResult(pair.id, units=units_of(alignment, spec.include_null),
                      beads=[(list(b.src), list(b.tgt), round(b.confidence, 6)) for b in alignment.beads],
                      stats={**stats_of(alignment, spec.low, time.perf_counter() - t0),
                             "cpu_s": round(time.process_time() - cpu0, 3)})


def _write_project(alignment: Alignment, path: Path) -> None:
    """A review project, built beside its place and renamed in, so a killed run leaves none half-written."""
    import os

    from tm.project.store import Project

    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    Project.create(tmp, alignment, overwrite=True).close()
    for suffix in ("-wal", "-shm"):
        Path(f"{tmp}{suffix}").unlink(missing_ok=True)
    os.replace(tmp, path)

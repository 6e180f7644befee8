"""The one way to align: two files, two documents or two sentence lists to scored beads.

The CLI, the review UI's Start page, project re-alignment and batch mode all call these functions.
"""

from __future__ import annotations

import hashlib
import logging
import os
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

import numpy as np

from align.dp.beads import align_sides, merge_null_runs, score_spans
from align.dp.search import DPParams, Means, Side, centre_means, make_side
from align.embed import blas
from align.embed.matching import TextEncoder, embed_runs
from align.langtags import parse_tag
from align.models import Alignment, Bead, Document, Kind, RunEmbeddings
from align.text.scripts import length as script_length

log = logging.getLogger(__name__)

Progress = Callable[[float, str], None]
PathLike = str | os.PathLike[str]


@dataclass(frozen=True)
class AlignOptions:
    """How to read and align a pair; the defaults are the CLI's."""

    encoder: str = "use"  # 'use', 'e5', or a sentence-transformers model directory / cached name
    max_bead: int = 5  # largest n+m of a bead
    presegmented: bool = False  # inputs hold one sentence per line
    check_lang: bool = True  # refuse a side in another language, warn when unsure
    repair: bool | None = None  # French OCR repair: None repairs only text that align.ocr.detect finds to be OCR
    cache: bool = True  # read and write the embedding cache
    merge_nulls: bool = False  # runs of 1-0 (0-1) beads as one n-0 bead

    def dp_params(self) -> DPParams:
        return replace(DPParams(), max_bead=self.max_bead)


def _quiet(_fraction: float, _stage: str) -> None:
    pass


def load_pair(src_path: PathLike, tgt_path: PathLike, *, src_lang: str, tgt_lang: str,
              options: AlignOptions = AlignOptions(), progress: Progress = _quiet,
              ) -> tuple[Document, Document, list[str]]:
    """Both documents read, checked, cleaned and segmented, and the warnings found on the way."""
    from align.prepare import check_distinct, load_document

    src_tag, tgt_tag = parse_tag(src_lang), parse_tag(tgt_lang)
    check_distinct(src_path, tgt_path)
    warnings: list[str] = []
    docs = []
    for fraction, path, tag, side in ((0.05, src_path, src_tag, "source"), (0.15, tgt_path, tgt_tag, "target")):
        progress(fraction, f"reading the {side} document")
        docs.append(load_document(path, tag, presegmented=options.presegmented, check_lang=options.check_lang,
                                  warnings=warnings, repair_ocr=options.repair))
    return docs[0], docs[1], warnings


def align_files(src_path: PathLike, tgt_path: PathLike, *, src_lang: str = "fr", tgt_lang: str = "en",
                options: AlignOptions = AlignOptions(), encoder: TextEncoder | None = None,
                progress: Progress | None = None) -> Alignment:
    """Read, check, clean, segment and align two files (any format align.readers reads)."""
    report = progress or _quiet
    src_doc, tgt_doc, warnings = load_pair(src_path, tgt_path, src_lang=src_lang, tgt_lang=tgt_lang,
                                           options=options, progress=report)
    if encoder is None:
        from align.embed.encoders import load_encoder

        report(0.25, "loading the encoder")
        encoder = load_encoder(options.encoder, cache=options.cache)
    report(0.35, f"aligning {len(src_doc.segments)} × {len(tgt_doc.segments)} sentences")
    alignment = align_documents(src_doc, tgt_doc, encoder=encoder, params=options.dp_params())
    if options.merge_nulls:
        alignment.beads = merge_null_runs(alignment.beads)
    alignment.warnings = warnings
    report(1.0, "aligned")
    return alignment


def embed_side(texts: Sequence[str], *, lang: str, encoder: TextEncoder, params: DPParams | None = None,
               ) -> RunEmbeddings:
    """One side embedded as the aligner embeds it: sentences, runs up to a bead's size, clauses where cheap."""
    return embed_runs(texts, lang, encoder, (params or DPParams()).max_bead - 1)


# A side's means (what make_side centres it on) are kept in the embedding cache's vectors table under a digest of
# the side's texts, which holds NUL bytes and so is never a sentence's own key: 4 kB, where the side's run
# embeddings would be ~80 MB for a novel. With them, the review UI scores an edit on a window of a few sentences
# (exactly as on the whole side) before, or without, embedding the whole project.
_MEANS = "\x00tmbuild-side-means\x00"


def _means_key(texts: Sequence[str], lang: str) -> str:
    digest = hashlib.sha1(lang.encode())
    for text in texts:
        digest.update(b"\x00" + text.encode("utf-8", "surrogatepass"))
    return _MEANS + digest.hexdigest()


def keep_means(texts: Sequence[str], lang: str, encoder: TextEncoder, means: Means | None) -> None:
    """Store the means of a side (embed_side's texts) in the encoder's cache, if it has one."""
    cache, model = getattr(encoder, "cache", None), getattr(encoder, "cache_id", None)
    if cache is None or model is None or means is None:
        return
    rows = [means[0]] if means[1] is None else [means[0], means[1]]
    cache.put_blobs("vectors", model, [_means_key(texts, lang)], [np.concatenate(rows).astype(np.float32).tobytes()])


def kept_means(texts: Sequence[str], lang: str, encoder: TextEncoder) -> Means | None:
    """The means keep_means stored for exactly these texts, or None."""
    cache, model, dim = getattr(encoder, "cache", None), getattr(encoder, "cache_id", None), getattr(encoder, "dim", 0)
    if cache is None or model is None or not dim:
        return None
    key = _means_key(texts, lang)
    blob = cache.get_blobs("vectors", model, [key], lambda b: len(b) in (4 * dim, 8 * dim)).get(key)
    if blob is None:
        return None
    rows = np.frombuffer(blob, dtype=np.float32)
    return rows[:dim], (rows[dim:] if len(rows) > dim else None)


def sides(src_emb: RunEmbeddings, tgt_emb: RunEmbeddings, src_texts: Sequence[str], tgt_texts: Sequence[str], *,
          src_paragraphs: Sequence[int] | None = None, tgt_paragraphs: Sequence[int] | None = None,
          means: tuple[Means | None, Means | None] | None = None) -> tuple[Side, Side]:
    """The two Sides the search and the confidence read, from embed_side's output and the texts.

    `means` (align.dp.search.centre_means of the whole sides) centres windows of longer sides as the whole."""
    return (make_side(src_emb.singles, [script_length(s) for s in src_texts], src_paragraphs, src_emb.groups,
                      clauses=src_emb.clauses, means=means[0] if means else None),
            make_side(tgt_emb.singles, [script_length(s) for s in tgt_texts], tgt_paragraphs, tgt_emb.groups,
                      clauses=tgt_emb.clauses, means=means[1] if means else None))


def score_beads(src: Side, tgt: Side, spans: Sequence[tuple[int, int, int, int]],
                params: DPParams | None = None, ratio: float | None = None) -> list[float]:
    """The aligner's confidence for beads given by hand as spans (i0, i1, j0, j1) of two Sides (from `sides`).

    What the review UI calls after an edit: the same features and calibration as align_segments' beads. On
    windows of longer sides, `ratio` is the whole sides' length ratio (align.dp.confidence.length_ratio)."""
    with blas.LOCK:  # another thread may be encoding (align.embed.blas)
        return score_spans(src, tgt, spans, params, ratio)


def align_segments(src_texts: Sequence[str], tgt_texts: Sequence[str], *, src_lang: str, tgt_lang: str,
                   encoder: TextEncoder, params: DPParams | None = None,
                   src_paragraphs: Sequence[int] | None = None, tgt_paragraphs: Sequence[int] | None = None,
                   stats: dict[str, float] | None = None) -> list[Bead]:
    """Embed two segment lists and align them into beads (indices local to the lists).

    The only place that aligns (embedding through embed_side); `stats` (when given) receives embed_s and align_s."""
    params = params or DPParams()
    t0 = time.perf_counter()
    s_emb = embed_side(src_texts, lang=src_lang, encoder=encoder, params=params)
    t_emb = embed_side(tgt_texts, lang=tgt_lang, encoder=encoder, params=params)
    for texts, lang, emb in ((src_texts, src_lang, s_emb), (tgt_texts, tgt_lang, t_emb)):
        if len(emb.singles):  # for the review UI's first edit (see keep_means)
            keep_means(texts, lang, encoder, centre_means(emb.singles, emb.clauses))
    t1 = time.perf_counter()
    with blas.LOCK:  # another thread may be encoding (align.embed.blas)
        beads = align_sides(*sides(s_emb, t_emb, src_texts, tgt_texts, src_paragraphs=src_paragraphs,
                                   tgt_paragraphs=tgt_paragraphs), params)
    if stats is not None:
        stats["embed_s"] = stats.get("embed_s", 0.0) + t1 - t0
        stats["align_s"] = stats.get("align_s", 0.0) + time.perf_counter() - t1
    return beads


# Footnotes sit wherever the pages ended, differently in each language: aligning them as their own
# stream keeps them out of the paragraphs they interrupt. Code is the same in both languages and would
# otherwise pair with whatever prose mentions the same identifiers.
STREAMS: tuple[frozenset[Kind], ...] = (frozenset({Kind.HEADING, Kind.BODY, Kind.LIST_ITEM, Kind.TABLE_CELL}),
                                        frozenset({Kind.FOOTNOTE}), frozenset({Kind.CODE}))


def stream_of(kind: Kind) -> int:
    """Which of STREAMS a segment kind is aligned in."""
    return next(i for i, kinds in enumerate(STREAMS) if kind in kinds)


def align_documents(src: Document, tgt: Document, *, encoder: TextEncoder,
                    params: DPParams | None = None) -> Alignment:
    """Align two segmented documents, each stream of STREAMS on its own."""
    beads: list[Bead] = []
    stats: dict[str, float] = {"embed_s": 0.0, "align_s": 0.0}
    for kinds in STREAMS:
        si = [s.index for s in src.segments if s.kind in kinds]
        ti = [s.index for s in tgt.segments if s.kind in kinds]
        if not si and not ti:
            continue
        local = align_segments([src.segments[i].text for i in si], [tgt.segments[j].text for j in ti],
                               src_lang=src.lang, tgt_lang=tgt.lang, encoder=encoder, params=params,
                               src_paragraphs=[src.segments[i].paragraph for i in si],
                               tgt_paragraphs=[tgt.segments[j].paragraph for j in ti], stats=stats)
        beads += [Bead(tuple(si[k] for k in b.src), tuple(ti[k] for k in b.tgt), b.confidence) for b in local]
    log.debug("aligned %d×%d segments in %.2fs", len(src.segments), len(tgt.segments), sum(stats.values()))
    return Alignment(src=src, tgt=tgt, beads=beads, encoder=getattr(encoder, "name", ""), stats=stats)

"""From two documents (or two sentence lists) to scored beads: embed, search, score confidence."""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Sequence
from functools import lru_cache
from itertools import chain
from typing import Protocol

import numpy as np
from sacremoses import MosesPunctNormalizer

from align.cleanup import normalise_for_matching
from align.confidence import bead_confidences
from align.dp import DPParams, align_dp, make_side
from align.models import Alignment, Bead, ClauseEmbeddings, Document, Kind, RunEmbeddings

log = logging.getLogger(__name__)


class TextEncoder(Protocol):
    name: str

    def encode(self, texts: Sequence[str]) -> np.ndarray: ...


class CompiledPunctNormalizer:
    """sacremoses' Moses punctuation normaliser with its ~80 regexes compiled once.

    sacremoses passes pattern strings to re.sub for every sentence; the cache lookups alone made
    normalisation about a tenth of an end-to-end alignment of 6k×6k sentences. Same rules, same output.
    """

    def __init__(self, lang: str) -> None:
        moses = MosesPunctNormalizer(lang=lang, pre_replace_unicode_punct=True)
        rules = chain(moses.REPLACE_UNICODE_PUNCTUATION, moses.substitutions)
        self._rules = [(re.compile(pattern), repl) for pattern, repl in rules]

    def normalize(self, text: str) -> str:
        for pattern, repl in self._rules:
            text = pattern.sub(repl, text)
        return text.strip()


@lru_cache(maxsize=16)
def _normalizer(lang: str) -> CompiledPunctNormalizer:
    return CompiledPunctNormalizer(lang)


def matching_view(texts: Sequence[str], lang: str) -> list[str]:
    """The text the encoder sees: Moses punctuation normalisation and NFKC; output keeps the original."""
    norm = _normalizer(lang)
    return [normalise_for_matching(norm.normalize(t)) for t in texts]


def embed(texts: Sequence[str], lang: str, encoder: TextEncoder) -> np.ndarray:
    """L2-normalised float32 embeddings of the matching view of `texts`."""
    if not texts:
        return np.zeros((0, 1), dtype=np.float32)
    return np.asarray(encoder.encode(matching_view(texts, lang)), dtype=np.float32)


def embed_runs(texts: Sequence[str], lang: str, encoder: TextEncoder, max_run: int) -> RunEmbeddings:
    """Sentence embeddings and, where the encoder can make them, embeddings of runs of 2..max_run
    and of each sentence's first and last clause."""
    runs_fn = getattr(encoder, "encode_runs", None)
    if texts and runs_fn is not None:
        runs = runs_fn(matching_view(texts, lang), max_run)
        if runs is not None:
            return runs
    return RunEmbeddings({1: embed(texts, lang, encoder)})


def align_embedded(*, src_emb: np.ndarray, tgt_emb: np.ndarray, src_lengths: Sequence[float],
                   tgt_lengths: Sequence[float], src_paragraphs: Sequence[int] | None = None,
                   tgt_paragraphs: Sequence[int] | None = None,
                   src_groups: dict[int, np.ndarray] | None = None,
                   tgt_groups: dict[int, np.ndarray] | None = None,
                   src_clauses: ClauseEmbeddings | None = None,
                   tgt_clauses: ClauseEmbeddings | None = None,
                   params: DPParams | None = None) -> list[Bead]:
    """Beads over two embedded sentence sequences (indices local to these sequences)."""
    params = params or DPParams()
    src = make_side(src_emb, src_lengths, src_paragraphs, src_groups, clauses=src_clauses)
    tgt = make_side(tgt_emb, tgt_lengths, tgt_paragraphs, tgt_groups, clauses=tgt_clauses)
    path = align_dp(src=src, tgt=tgt, params=params)
    confs = bead_confidences(path, src=src, tgt=tgt, params=params)
    return [Bead(tuple(range(i0, i1)), tuple(range(j0, j1)), c)
            for (i0, i1, j0, j1), c in zip(path, confs, strict=True)]


def align_sentences(src_sents: list[str], tgt_sents: list[str], *, encoder: TextEncoder,
                    src_lang: str, tgt_lang: str, params: DPParams | None = None,
                    stats: dict | None = None) -> list[Bead]:
    """Align two lists of sentences (one sentence per item) into beads."""
    params = params or DPParams()
    t0 = time.perf_counter()
    s_emb = embed_runs(src_sents, src_lang, encoder, params.max_bead - 1)
    t_emb = embed_runs(tgt_sents, tgt_lang, encoder, params.max_bead - 1)
    t1 = time.perf_counter()
    beads = align_embedded(src_emb=s_emb.singles, tgt_emb=t_emb.singles,
                           src_lengths=[len(s) for s in src_sents],
                           tgt_lengths=[len(s) for s in tgt_sents],
                           src_groups=s_emb.groups, tgt_groups=t_emb.groups,
                           src_clauses=s_emb.clauses, tgt_clauses=t_emb.clauses, params=params)
    if stats is not None:
        stats["embed_s"] = t1 - t0
        stats["align_s"] = time.perf_counter() - t1
    return beads


def merge_null_runs(beads: list[Bead]) -> list[Bead]:
    """Join consecutive 1-0 (or 0-1) beads into one n-0 bead, as some gold standards write them."""
    out: list[Bead] = []
    for b in beads:
        prev = out[-1] if out else None
        same_side = prev is not None and b.is_null and prev.is_null and bool(b.src) == bool(prev.src)
        if same_side:
            out[-1] = Bead(prev.src + b.src, prev.tgt + b.tgt, min(prev.confidence, b.confidence))
        else:
            out.append(b)
    return out


def _stream(doc: Document, kinds: set[Kind]) -> list[int]:
    return [s.index for s in doc.segments if s.kind in kinds]


def align_documents(src: Document, tgt: Document, *, encoder: TextEncoder,
                    params: DPParams | None = None) -> Alignment:
    """Align two segmented documents; body text and footnotes are aligned as separate streams."""
    params = params or DPParams()
    beads: list[Bead] = []
    embed_s = 0.0
    t_start = time.perf_counter()
    # Footnotes sit wherever the pages ended, differently in each language: aligning them
    # as their own stream keeps them out of the paragraphs they interrupt.
    for kinds in ({Kind.HEADING, Kind.BODY}, {Kind.FOOTNOTE}):
        si, ti = _stream(src, kinds), _stream(tgt, kinds)
        if not si and not ti:
            continue
        t0 = time.perf_counter()
        s_emb = embed_runs([src.segments[i].text for i in si], src.lang, encoder, params.max_bead - 1)
        t_emb = embed_runs([tgt.segments[j].text for j in ti], tgt.lang, encoder, params.max_bead - 1)
        embed_s += time.perf_counter() - t0
        local = align_embedded(
            src_emb=s_emb.singles, tgt_emb=t_emb.singles, src_groups=s_emb.groups, tgt_groups=t_emb.groups,
            src_clauses=s_emb.clauses, tgt_clauses=t_emb.clauses,
            src_lengths=[len(src.segments[i].text) for i in si],
            tgt_lengths=[len(tgt.segments[j].text) for j in ti],
            src_paragraphs=[src.segments[i].paragraph for i in si],
            tgt_paragraphs=[tgt.segments[j].paragraph for j in ti],
            params=params,
        )
        for b in local:
            beads.append(Bead(tuple(si[k] for k in b.src), tuple(ti[k] for k in b.tgt), b.confidence))
    stats = {"embed_s": embed_s, "align_s": time.perf_counter() - t_start - embed_s}
    log.debug("aligned %d×%d segments in %.2fs", len(src.segments), len(tgt.segments), sum(stats.values()))
    return Alignment(src=src, tgt=tgt, beads=beads, encoder=getattr(encoder, "name", ""), stats=stats)

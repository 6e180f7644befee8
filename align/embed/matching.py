"""What the encoder sees: Moses-normalised, NFKC text; and the embedding calls every aligner path makes."""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache
from itertools import chain
from typing import Protocol

import numpy as np
from sacremoses import MosesPunctNormalizer

from align.langtags import primary
from align.models import RunEmbeddings
from align.text.cleanup import normalise_for_matching
from align.text.scripts import strip_for_matching


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


# Characters of one segment the encoder sees. The longest sentence of every benchmark document has 3,263
# (Proust); a longer segment is a list, table or dump that lost its sentence ends (200,000 short lines read
# as one paragraph come out as 20,000-character pieces), and embedding all of it cost most of an alignment.
MATCH_CHARS = 4_000


def bounded(text: str, size: int = MATCH_CHARS, pieces: int = 8) -> str:
    """`text` up to `size` characters; beyond, `pieces` evenly spaced stretches of it from its start to its end.

    The encoders average over tokens (USE) or stop at 512 tokens (transformers), so a sample spread over the
    segment stands for it better than its first 4,000 characters; stretches are cut at spaces where there are."""
    if len(text) <= size:
        return text
    width = size // pieces
    step = (len(text) - width) / (pieces - 1)
    out = []
    for k in range(pieces):
        start = round(k * step)
        end = start + width
        lo = start if k == 0 else (text.find(" ", start, end) + 1 or start)
        hi = end if k == pieces - 1 else text.rfind(" ", lo, end)
        out.append(text[lo:hi if hi > lo else end])
    return " ".join(out)


def matching_view(texts: Sequence[str], lang: str) -> list[str]:
    """The text the encoder sees: at most MATCH_CHARS of a segment, no bidi marks or tatweel, Moses punctuation,
    NFKC; output keeps the original."""
    norm = _normalizer(primary(lang))
    return [normalise_for_matching(norm.normalize(strip_for_matching(bounded(t)))) for t in texts]


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

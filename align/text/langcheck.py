"""Check that a document is in the language the user said it is (py3langid, offline).

Three outcomes: a clear contradiction raises LanguageError; a doubtful one (moderate probability,
a short text, or a large share of the text in another language) returns a one-line warning;
otherwise nothing. py3langid was kept over lingua-language-detector by measurement
(`python -m benchmarks.langid`): equal accuracy from 100 characters on, lingua's wheel is 96 MB.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

from align import errors
from align.langtags import primary

NAMES = {"fr": "French", "en": "English", "de": "German", "es": "Spanish", "it": "Italian",
         "pt": "Portuguese", "nl": "Dutch", "ru": "Russian", "ar": "Arabic", "zh": "Chinese", "ja": "Japanese",
         "uk": "Ukrainian", "fa": "Persian", "ko": "Korean"}
MIN_TEXT = 200  # below this a verdict is only worth a warning
MIN_SHORT = 20  # below this no verdict at all
CHUNK = 300  # characters per chunk when looking for passages in another language
MAX_CHUNKS = 120  # evenly spaced chunks checked in a long document, to bound the time
FOREIGN_SHARE = 0.25


@lru_cache(maxsize=1)
def _identifier():
    import py3langid.langid as langid

    return langid.LanguageIdentifier.from_model_file(langid.MODEL_FILE, norm_probs=True)


def detect_language(text: str, sample_chars: int = 20000) -> tuple[str, float]:
    """Most likely ISO 639-1 code of `text` and its probability."""
    lang, prob = _identifier().classify(text[:sample_chars])
    return str(lang), float(prob)


def _name(code: str) -> str:
    return NAMES.get(code, code)


def check_language(text: str, expected: str, name: str, *, min_prob: float = 0.95,
                   warn_prob: float = 0.5) -> str | None:
    """Raise LanguageError when the text clearly reads as another language; return a warning when it may."""
    primary_ = primary(expected)
    size = len(text.strip())
    if size < MIN_SHORT:
        return None
    found, prob = detect_language(text)
    if found != primary_:
        if size >= MIN_TEXT and prob >= min_prob:
            raise errors.wrong_language(name, _name(primary_), _name(found))
        if prob >= warn_prob:
            return errors.language_doubt(name, _name(primary_), _name(found), prob)
        return None
    share, other = foreign_share(text, primary_)
    if share >= FOREIGN_SHARE:
        return errors.mixed_languages(name, share, _name(other), _name(primary_))
    return None


def foreign_share(text: str, expected: str, min_prob: float = 0.9) -> tuple[float, str]:
    """Share of the text's chunks that read as another language, and the commonest such language."""
    chunks = _chunks(text)
    if len(chunks) < 2:
        return 0.0, ""
    if len(chunks) > MAX_CHUNKS:
        step = len(chunks) / MAX_CHUNKS
        chunks = [chunks[int(i * step)] for i in range(MAX_CHUNKS)]
    others: Counter[str] = Counter()
    for chunk in chunks:
        found, prob = detect_language(chunk)
        if found != expected and prob >= min_prob:
            others[found] += 1
    if not others:
        return 0.0, ""
    return sum(others.values()) / len(chunks), others.most_common(1)[0][0]


def _chunks(text: str) -> list[str]:
    """Runs of paragraphs (or lines) of about CHUNK characters."""
    parts = [re.sub(r"\s+", " ", p).strip() for p in re.split(r"\n\s*\n|\f", text)]
    if len(parts) < 3:
        parts = [p.strip() for p in text.splitlines()]
    chunks: list[str] = []
    cur = ""
    for part in parts:
        if not part:
            continue
        cur = f"{cur} {part}" if cur else part
        if len(cur) >= CHUNK:
            chunks.append(cur)
            cur = ""
    if len(cur) >= CHUNK // 2 or (cur and not chunks):
        chunks.append(cur)
    return chunks

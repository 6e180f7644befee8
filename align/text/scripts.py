"""Writing-system facts the text stages share: which characters are Han/kana, bidi controls, tatweel.

Written by hand because the few Unicode ranges needed here are fixed by the standard; a script
database (e.g. the `regex` module's \\p{Han}) is used where a pattern is enough.
"""

from __future__ import annotations

import regex

# Scripts written without spaces between words or sentences.
UNSPACED = regex.compile(r"[\p{Han}\p{Hiragana}\p{Katakana}\u3000-\u303f\uff01-\uff60]")
# Left-to-right/right-to-left marks, embeddings, overrides and isolates: invisible, from HTML and word processors.
BIDI_CONTROLS = "\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
TATWEEL = "\u0640"  # Arabic kashida: stretches a word for justification, carries no letter
_BIDI_OR_TATWEEL = str.maketrans("", "", BIDI_CONTROLS + TATWEEL)
_BIDI_ONLY = str.maketrans("", "", BIDI_CONTROLS)
_WIDE = regex.compile(r"[\p{Han}\p{Hiragana}\p{Katakana}\p{Hangul}]")
# How many Latin characters one Han/kana/Hangul character stands for in a translation: measured on
# debian-reference en/zh-cn and en/ja (benchmarks.languages), where English runs 2.9-3.4 characters each.
WIDE_WEIGHT = 3.0


def unspaced(ch: str) -> bool:
    """True for a Han, kana or CJK punctuation character (no space needed next to it)."""
    return bool(ch) and bool(UNSPACED.match(ch))


def joiner(before: str, after: str) -> str:
    """The space that joins two wrapped lines: none between two characters of an unspaced script."""
    return "" if before and after and unspaced(before[-1]) and unspaced(after[0]) else " "


def strip_bidi(text: str) -> str:
    """The text without bidi control marks."""
    return text.translate(_BIDI_ONLY)


def strip_for_matching(text: str) -> str:
    """Bidi controls and tatweel removed: neither changes a word, and NFKC keeps both."""
    return text.translate(_BIDI_OR_TATWEEL)


def length(text: str) -> float:
    """A sentence's length in Latin-character equivalents, so that lengths compare across scripts."""
    wide = len(_WIDE.findall(text))
    return float(len(text) - wide) + WIDE_WEIGHT * wide

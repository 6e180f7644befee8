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
# Arabic-Indic and Persian digits as ASCII for matching (NFKC leaves them): ١٢ ↔ 12 across scripts.
_BIDI_OR_TATWEEL = str.maketrans({**{c: None for c in BIDI_CONTROLS + TATWEEL},
                                  **{chr(0x660 + i): str(i) for i in range(10)},
                                  **{chr(0x6F0 + i): str(i) for i in range(10)}})
_BIDI_ONLY = str.maketrans("", "", BIDI_CONTROLS)
_WIDE = regex.compile(r"[\p{Han}\p{Hiragana}\p{Katakana}\p{Hangul}]")
# How many Latin characters one Han character stands for in a translation: 3.48 and 3.54 on the
# debian-reference en/zh-CN gold units of ch08 and pr01 (benchmarks.langdata); kana and Hangul are given
# the same weight unmeasured. The DP still scales by each document's own length ratio: this weight puts
# the skip cost and the length smoothing of a Chinese sentence on the scale of its English translation.
WIDE_WEIGHT = 3.5


def unspaced(ch: str) -> bool:
    """True for a Han, kana or CJK punctuation character (no space needed next to it)."""
    return bool(ch) and bool(UNSPACED.match(ch))


def joiner(before: str, after: str) -> str:
    """The space that joins two wrapped lines: none between two characters of an unspaced script."""
    return "" if before and after and unspaced(before[-1]) and unspaced(after[0]) else " "


def join_sentences(texts: list[str]) -> str:
    """Sentences of one unit joined as the language writes them: no space between two Chinese sentences."""
    out = ""
    for t in texts:
        out = t if not out else out + joiner(out, t) + t
    return out


def strip_bidi(text: str) -> str:
    """The text without bidi control marks."""
    return text.translate(_BIDI_ONLY)


def strip_for_matching(text: str) -> str:
    """Bidi controls and tatweel removed, Arabic-Indic digits as ASCII: NFKC does none of these."""
    return text.translate(_BIDI_OR_TATWEEL)


def length(text: str) -> float:
    """A sentence's length in Latin-character equivalents, so that lengths compare across scripts."""
    wide = len(_WIDE.findall(text))
    return float(len(text) - wide) + WIDE_WEIGHT * wide

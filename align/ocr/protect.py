"""Spans OCR repair must never touch: URLs, e-mail addresses, file paths, command-line options, identifiers."""

from __future__ import annotations

import re
from bisect import bisect_left

# Each alternative is one kind of untranslatable span; a repair overlapping any of them is dropped.
_PROTECTED = re.compile(
    r"\b(?:https?|ftps?|file|git|ssh)://[^\s<>\"«»]+[^\s<>\"«».,;:!?)\]]"  # URL
    r"|\bwww\.[\w-]+(?:\.[\w-]+)+(?:/[^\s<>\"«»]*[^\s<>\"«».,;:!?)\]])?"  # bare web address
    r"|[\w.+-]+@[\w-]+(?:\.[\w-]+)+"  # e-mail address, mailing list
    r"|(?<![\w/])(?:~|\.{1,2})?/[\w.+-]+(?:/[\w.+-]*)*"  # absolute or relative file path
    r"|(?<![\w-])--?[A-Za-z][\w-]*"  # command-line option (-a, --no-repair)
    r"|\b[\w-]*(?:_[\w-]*|[a-z][\w-]*\.[a-z]{1,5}\b)[\w.-]*"  # snake_case identifier, file name (rules.mk)
    r"|`[^`\n]+`"  # Markdown / reStructuredText inline code
)


def protected_spans(text: str) -> list[tuple[int, int]]:
    """[start, end) offsets of the untranslatable spans in `text`, in order."""
    return [m.span() for m in _PROTECTED.finditer(text)]


def overlaps(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    """True when [start, end) shares a character with one of `spans` (in order and disjoint, as protected_spans
    gives them): a binary search, so checking every change of a long text stays n log n."""
    i = bisect_left(spans, (end,))  # spans from here on start at or after `end`
    return i > 0 and spans[i - 1][1] > start

"""Which page of a PDF each segment comes from, so OCR repair can touch the scanned pages only.

Segments have been cleaned (furniture removed, hyphens joined, footnote markers taken out), so they are found
by their words rather than their characters: a segment's first few words, in order, in the words of the pages,
searched onwards from where the previous segment was found.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Sequence

_LETTERS = re.compile(r"[^\W\d_]+")
_WIDTH = 4  # words of a segment that must follow each other on the page
_TRIES = 2000  # places of a segment's first word looked at, onwards and then from the start
_STARTS = 3  # first words tried as the start of those (a hyphenated or repaired word may not be found)


def _words(text: str) -> list[str]:
    return [w.lower() for w in _LETTERS.findall(text)]


class PageWords:
    """The words of every page in reading order, with the page each one is on."""

    def __init__(self, pages: Sequence[str]) -> None:
        self.words: list[str] = []
        self.page: list[int] = []
        for number, text in enumerate(pages):
            words = _words(text)
            self.words += words
            self.page += [number] * len(words)
        self.where: dict[str, list[int]] = {}
        for i, w in enumerate(self.words):
            self.where.setdefault(w, []).append(i)

    def find(self, words: Sequence[str], after: int) -> int | None:
        """The first position at or after `after` where `words` follow each other (else anywhere), or None."""
        spots = self.where.get(words[0], [])
        # Bounded: a segment found nowhere must not cost a pass over every "le" of a 2,000-page document.
        for lo in (bisect_left(spots, after), 0):
            for at in spots[lo:lo + _TRIES]:
                if self.words[at:at + len(words)] == list(words):
                    return at
        return None


def segment_pages(segments: Sequence[str], pages: Sequence[str]) -> list[int]:
    """The page (0-based, as `pages` are numbered) each segment starts on; a segment not found takes the page of
    the one before it."""
    index = PageWords(pages)
    out: list[int] = []
    cursor = 0
    for text in segments:
        words = _words(text)
        found = None
        for k in range(min(_STARTS, len(words))):
            found = index.find(words[k:k + _WIDTH], cursor)
            if found is not None:
                break
        if found is None:
            out.append(out[-1] if out else 0)
            continue
        out.append(index.page[found])
        cursor = found + 1
    return out

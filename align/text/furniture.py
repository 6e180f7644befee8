"""Find page furniture in page-laid-out text: running headers and footers, page numbers.

A header or footer is a short line at a page edge whose text, with its numbers set aside, recurs
on many pages (or at the same edge of a run of nearby pages, as a chapter's running title does on
alternate pages); OCR variants are merged by fuzzy matching (rapidfuzz). Its numbers must either
stay the same or follow the page index (`A/72/L.10 3/9`, `Page 3 of 12`), so a repeated heading
such as `Article 5` at the top of pages is never taken for one.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process

EDGE = 3  # content lines at each end of a page that may be furniture
MAX_LEN = 90
FUZZY_MIN_LEN = 8  # shorter keys must match exactly: `- # -` and `#/#` differ by one character
FUZZY_SCORE = 88
_ROMAN = r"(?=[ivxlc])m{0,3}(?:c[md]|d?c{0,3})(?:x[cl]|l?x{0,3})(?:i[xv]|v?i{0,3})"
# Roman numerals count only as whole tokens, so that the l of l’homme is not fifty.
_NUMBER = re.compile(rf"\d+|(?<![\w’']){_ROMAN}(?![\w’'])", re.IGNORECASE)
_SPACE = re.compile(r"\s+")
_ROMAN_VALUES = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100, "d": 500, "m": 1000}

# Lines that are nothing but a page number, in the usual forms.
PAGE_NUMBER = re.compile(
    r"^\s*(?:\d{1,4}\s*/\s*\d{1,4}|[-–—]\s*\d{1,4}\s*[-–—]|[\[(]\s*\d{1,4}\s*[\])]"
    r"|(?:page|p\.|pp?\.|pág\.|página|seite|s\.)\s*\d{1,4}(?:\s*(?:of|sur|de|von|/)\s*\d{1,4})?"
    r"|\d{1,4}\s+(?:of|sur|de|von)\s+\d{1,4})\s*$",
    re.IGNORECASE,
)
# A bare number (or lower-case roman numeral) is a page number only at a page's edge.
EDGE_NUMBER = re.compile(rf"^\s*(?:\d{{1,4}}|[-–—]?\s*{_ROMAN}\s*[-–—]?)\s*$")


def roman_value(s: str) -> int:
    """The value of a roman numeral (case-insensitive)."""
    total = 0
    values = [_ROMAN_VALUES[c] for c in s.lower()]
    for i, v in enumerate(values):
        total += -v if i + 1 < len(values) and values[i + 1] > v else v
    return total


def line_key(line: str) -> tuple[str, tuple[int, ...]]:
    """The line with its numbers replaced by `#` (lower case, spaces collapsed), and those numbers."""
    numbers = tuple(int(m) if m.isdigit() else roman_value(m) for m in _NUMBER.findall(line))
    return _SPACE.sub(" ", _NUMBER.sub("#", line.strip().lower())), numbers


@dataclass
class _Cluster:
    key: str
    hits: list[tuple[int, int, tuple[int, ...]]] = field(default_factory=list)  # (page, slot, numbers)
    pattern: tuple[tuple[str, int], ...] | None = None  # per number: ("same", value) or ("page", offset)


@dataclass
class Furniture:
    """Running headers and footers of one document, as clusters of edge lines."""

    clusters: list[_Cluster]
    index: dict[str, int]  # line key -> cluster
    accepted: set[int]
    symbols: set[str]  # without page breaks: document-symbol-like lines repeated often
    fixed: set[tuple[str, tuple[int, ...]]] = field(default_factory=set)  # (key, numbers) of chapter titles

    def matches(self, line: str, page: int) -> bool:
        """True when `line`, found at an edge of `page`, is a running header or footer."""
        s = line.strip()
        if s in self.symbols:
            return True
        key, numbers = line_key(s)
        if (key, numbers) in self.fixed:
            return True
        c = self.index.get(key)
        noisy = c is None or c not in self.accepted
        if noisy:
            c = self._noisy_variant(key, c)
            if c is None:
                return False
        pattern = self.clusters[c].pattern
        if pattern is None or len(pattern) != len(numbers):
            return True
        # A misread header may garble a fixed number (L.1O); its page number must still be right.
        return _fits(tuple(x for x in pattern if x[0] == "page" or not noisy),
                     page, tuple(v for x, v in zip(pattern, numbers, strict=True) if x[0] == "page" or not noisy))

    def _noisy_variant(self, key: str, own: int | None) -> int | None:
        """The accepted cluster that a rare OCR variant of a header belongs to (`A/72/L.1O`), if any."""
        if own is not None and len({p for p, _, _ in self.clusters[own].hits}) >= 3:
            return None  # a line of its own, repeated: not a misreading
        if len(key) < FUZZY_MIN_LEN or not any(ch.isalpha() for ch in key):
            return None
        # Only keys with as many numbers compare: a running title with a page number is not the bare title.
        choices = {i: self.clusters[i].key for i in self.accepted
                   if len(self.clusters[i].key) >= FUZZY_MIN_LEN and self.clusters[i].key.count("#") == key.count("#")}
        best = process.extractOne(key, choices, scorer=fuzz.ratio, score_cutoff=FUZZY_SCORE)
        return None if best is None else int(best[2])


def _fits(pattern: tuple[tuple[str, int], ...], page: int, numbers: tuple[int, ...]) -> bool:
    return all(v == (x if kind == "same" else page + x) for (kind, x), v in zip(pattern, numbers, strict=True))


def _edge_lines(page: list[str]) -> list[tuple[int, str]]:
    """(slot, text) of the first and last EDGE content lines; slot 0 and -1 are the outermost."""
    content = [ln.strip() for ln in page if ln.strip()]
    top = [(i, s) for i, s in enumerate(content[:EDGE])]
    bottom = [(-1 - i, s) for i, s in enumerate(reversed(content[-EDGE:]))]
    seen: dict[str, int] = {}
    for slot, s in top + bottom:
        seen.setdefault(s, slot)
    return [(slot, s) for s, slot in seen.items() if len(s) <= MAX_LEN]


def find_furniture(pages: list[list[str]]) -> Furniture:
    """Running headers and footers of a document split into pages at form feeds."""
    if len(pages) <= 2:
        return Furniture([], {}, set(), _symbol_lines(pages))
    clusters: list[_Cluster] = []
    index: dict[str, int] = {}
    for p, page in enumerate(pages):
        for slot, s in _edge_lines(page):
            key, numbers = line_key(s)
            if key not in index:
                index[key] = len(clusters)
                clusters.append(_Cluster(key))
            clusters[index[key]].hits.append((p, slot, numbers))
    need = max(2, len(pages) // 3)
    accepted = {i for i, c in enumerate(clusters) if _accept(c, need)}
    # Running titles that carry their chapter's number (`Chapter 3`): each number on its own.
    fixed = {(c.key, numbers) for i, c in enumerate(clusters) if i not in accepted
             for numbers in {n for _, _, n in c.hits if n}
             if _in_a_run([(p, slot) for p, slot, n in c.hits if n == numbers]) and not _sentence_like(c.key)}
    return Furniture(clusters, index, accepted, set(), fixed)


def _accept(c: _Cluster, need: int) -> bool:
    pages = sorted({p for p, _, _ in c.hits})
    if len(pages) < 2:
        return False
    c.pattern = _number_pattern(c)
    if c.pattern is None and any(numbers for _, _, numbers in c.hits):
        return False  # numbers that neither stay nor follow the page: headings, dates in text
    if len(pages) >= need:
        # Two pages ending on the same short sentence ("aa.") is chance in a short document, not a footer.
        return len(pages) >= 3 or not _sentence_like(c.key) or bool(c.pattern)
    return _in_a_run([(p, slot) for p, slot, _ in c.hits]) and not _sentence_like(c.key)


def _in_a_run(hits: list[tuple[int, int]], length: int = 3) -> bool:
    """A chapter's running title: the outermost line of `length` pages close together (alternate pages too)."""
    outer = sorted({p for p, slot in hits if slot in (0, -1)})
    run = best = 1
    for a, b in zip(outer, outer[1:], strict=False):
        run = run + 1 if b - a <= 2 else 1
        best = max(best, run)
    return len(outer) >= length and best >= length


def _sentence_like(key: str) -> bool:
    # Dialogue or text lines end with punctuation; running titles rarely do.
    return key.endswith(tuple(".!?;:,\"”»’'"))


def _number_pattern(c: _Cluster) -> tuple[tuple[str, int], ...] | None:
    """For each number slot, the value that stays or the offset from the page index, if most hits agree."""
    sizes = Counter(len(numbers) for _, _, numbers in c.hits)
    size, _ = sizes.most_common(1)[0]
    hits = [(p, numbers) for p, _, numbers in c.hits if len(numbers) == size]
    pattern: list[tuple[str, int]] = []
    for i in range(size):
        same = Counter(numbers[i] for _, numbers in hits).most_common(1)[0]
        follows = Counter(numbers[i] - p for p, numbers in hits).most_common(1)[0]
        kind, (value, n) = ("same", same) if same[1] >= follows[1] else ("page", follows)
        if n < 0.6 * len(hits) or (kind == "same" and n < len(hits) and len(hits) < 3):
            return None
        pattern.append((kind, value))
    return tuple(pattern)


def _symbol_lines(pages: list[list[str]]) -> set[str]:
    """Without page breaks only a document-symbol-like line repeated 3+ times is safe to drop."""
    counts = Counter(ln.strip() for page in pages for ln in page if ln.strip())
    return {ln for ln, n in counts.items()
            if n >= 3 and len(ln) <= 40 and re.fullmatch(r"[A-Z0-9][A-Z0-9/.\-() ]*", ln)}

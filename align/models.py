"""Plain data types shared by every stage: paragraphs, segments, documents, embeddings, beads, alignments."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from typing import TYPE_CHECKING

from align.text.scripts import join_sentences

if TYPE_CHECKING:
    import numpy as np


class Kind(str, Enum):
    """What a paragraph is in the document's structure."""

    HEADING = "heading"
    BODY = "body"
    FOOTNOTE = "footnote"
    LIST_ITEM = "list-item"
    CODE = "code"  # monospace blocks and commands: never repaired, never split, aligned in a stream of their own
    TABLE_CELL = "table-cell"

    @property
    def whole(self) -> bool:
        """Kept as one unit (never sentence-split): headings with their numbers, code blocks, table cells."""
        return self in (Kind.HEADING, Kind.CODE, Kind.TABLE_CELL)


@dataclass(frozen=True)
class Paragraph:
    """A cleaned paragraph; `label` holds a stripped paragraph number or footnote marker."""

    text: str
    kind: Kind = Kind.BODY
    label: str = ""


@dataclass(frozen=True)
class Segment:
    """One sentence (or sentence-like unit) of a document, in document order."""

    index: int
    text: str
    paragraph: int
    kind: Kind = Kind.BODY


@dataclass(frozen=True)
class Repair:
    """An OCR repair in one segment: `before` became `after`, which starts at offset `at` of the segment's text."""

    segment: int
    at: int
    before: str
    after: str
    rule: str


@dataclass
class Document:
    """A cleaned, segmented document in one language; `repairs` lists the OCR repairs made to its segments."""

    lang: str
    paragraphs: list[Paragraph]
    segments: list[Segment]
    name: str = ""
    repairs: list[Repair] = field(default_factory=list)

    def texts(self) -> list[str]:
        return [s.text for s in self.segments]


@dataclass(frozen=True)
class ClauseEmbeddings:
    """Each sentence's first- and last-clause embeddings (align/clauses.py), and which sentences were cut."""

    heads: np.ndarray  # (n, d)
    tails: np.ndarray  # (n, d)
    cut: np.ndarray  # (n,) bool; an uncut sentence's head and tail are the whole sentence


@dataclass
class RunEmbeddings:
    """One side's embeddings: runs of 1..k consecutive sentences (key = k; row s starts at sentence s)."""

    runs: dict[int, np.ndarray]
    clauses: ClauseEmbeddings | None = None  # only from encoders that make them cheaply

    @property
    def singles(self) -> np.ndarray:
        return self.runs[1]

    @property
    def groups(self) -> dict[int, np.ndarray]:
        return {k: v for k, v in self.runs.items() if k > 1}


@dataclass(frozen=True)
class Bead:
    """An n-m link: source and target segment indices (either may be empty) and a confidence."""

    src: tuple[int, ...]
    tgt: tuple[int, ...]
    confidence: float = 1.0

    @property
    def kind(self) -> str:
        return f"{len(self.src)}-{len(self.tgt)}"

    @property
    def is_null(self) -> bool:
        return not self.src or not self.tgt


@dataclass
class Alignment:
    """Two documents and the beads that link their segments, in order."""

    src: Document
    tgt: Document
    beads: list[Bead]
    encoder: str = ""
    stats: dict[str, float] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)  # doubts found while reading (e.g. the language check)

    def pairs(self) -> list[tuple[str, str, Bead]]:
        """Source text, target text and bead for every bead (segments joined as their script writes them)."""
        out = []
        for b in self.beads:
            s = join_sentences([self.src.segments[i].text for i in b.src])
            t = join_sentences([self.tgt.segments[j].text for j in b.tgt])
            out.append((s, t, b))
        return out

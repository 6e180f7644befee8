"""Recover paragraphs and footnotes from page-laid-out text (pdftotext output, OCR).

Written by hand because no maintained library reflows pdftotext/OCR text into paragraphs
with footnotes kept apart; the rules are the usual typographic cues, none specific to one file.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from align.models import Kind
from align.text.furniture import EDGE, EDGE_NUMBER, PAGE_NUMBER, find_furniture

__all__ = ["PAGE_NUMBER", "Block", "Line", "RawParagraph", "layout_paragraphs", "page_lines"]
FOOTNOTE_RULE = re.compile(r"^\s*[_\-–—]{5,}\s*$")
MARKER_ONLY = re.compile(r"^\s*(\*{1,3}|[†‡§])\s*$")
# Symbols that open a footnote: the usual ones plus what OCR makes of superscript digits.
SYMBOL_MARKER = re.compile(r"^(\*{1,3}|[†‡§!%>®”“¹²³⁴⁵⁶⁷⁸⁹])\s+(?=\S)")
NUMBER_PERIOD = re.compile(r"^(\d{1,3})\.\s+(?=\S)")
NUMBER_BARE = re.compile(r"^(\d{1,3})\s+(?=[^\W\d_(])")
TERMINAL = tuple(".;:!?")
CLOSING = tuple(".;:,!?»)”\"'’]")


@dataclass
class Line:
    text: str  # stripped
    indent: int
    page: int


@dataclass
class Block:
    """A run of lines that belongs together, before classification."""

    lines: list[Line]
    footnote_area: bool = False
    after_break: bool = False  # a page break or footnotes lie between this block and the last body block
    label: str = ""
    after_blank: bool = False  # a blank line separates it from the line before

    @property
    def first(self) -> Line:
        return self.lines[0]


@dataclass
class RawParagraph:
    lines: list[str]
    kind: Kind
    label: str = ""


def split_pages(text: str) -> list[list[str]]:
    """Split on form feeds; each page is a list of raw lines."""
    return [page.split("\n") for page in text.split("\f")]


def is_garbage(line: str) -> bool:
    """Lines that carry no text: OCR specks, dot leaders, stray symbols."""
    s = line.strip()
    if not s or MARKER_ONLY.match(s):
        return False
    # Counted only until two letters or two digits show it is text (a character is never both): most lines
    # stop after two characters, where counting every character was a quarter of reading 200,000 lines.
    letters = digits = 0
    for c in s:
        if c.isalpha():
            letters += 1
            if letters == 2:
                return False
        elif c.isdigit():
            digits += 1
            if digits == 2:
                return False
    return True


def page_lines(pages: list[list[str]]) -> list[Line | None]:
    """Content lines with page furniture and garbage removed; None marks a blank line."""
    furniture = find_furniture(pages)
    out: list[Line | None] = []
    for p, page in enumerate(pages):
        if p:
            out.append(None)
        filled = [i for i, raw in enumerate(page) if raw.strip()]
        edges = set(filled[:EDGE] + filled[-EDGE:]) if len(pages) > 1 else set()
        for i, raw in enumerate(page):
            s = raw.strip()
            if not s:
                out.append(None)
                continue
            if s in furniture.symbols or PAGE_NUMBER.match(s) or is_garbage(s):
                continue
            # Headers, footers and bare page numbers only count at a page's edge: inside, they may be text.
            if i in edges and (EDGE_NUMBER.match(s) or furniture.matches(s, p)):
                continue
            indent = len(raw) - len(raw.lstrip(" \t"))
            out.append(Line(s, indent, p))
    return out


UNWRAPPED_WIDTH = 160  # characters; print and PDF extractions wrap well below this


def _typical_width(lines: list[Line]) -> int:
    widths = sorted(len(ln.text) + ln.indent for ln in lines)
    return widths[int(len(widths) * 0.9)] if widths else 80


def starts_marker(text: str) -> bool:
    return bool(SYMBOL_MARKER.match(text) or NUMBER_BARE.match(text))


def build_blocks(lines: list[Line | None]) -> list[Block]:
    """Group lines into blocks at blank lines, first-line indents and short closing lines."""
    content = [ln for ln in lines if ln is not None]
    width = _typical_width(content)
    # No typesetting wraps lines this long: such text holds one paragraph per line (a word
    # processor's plain-text export), and every line break is a paragraph break.
    unwrapped = width > UNWRAPPED_WIDTH
    blocks: list[Block] = []
    cur: list[Line] = []
    in_notes = False
    notes_page = notes_indent = -1
    pending_label = ""
    prev: Line | None = None
    blank = False

    def flush() -> None:
        nonlocal cur, pending_label, blank
        if cur:
            blocks.append(Block(cur, footnote_area=in_notes, label=pending_label, after_blank=blank))
            pending_label = ""
            blank = False
        cur = []

    for ln in lines:
        if ln is None:
            flush()
            blank = True
            prev = None
            continue
        if prev is not None and ln.page != prev.page:
            flush()
        # A footnote area ends with its page, or at a blank line followed by less indented text.
        if in_notes and ln.page != notes_page:
            in_notes = False
        if in_notes and prev is None and notes_indent >= 0 and ln.indent < notes_indent:
            in_notes = False
        if in_notes and notes_indent < 0:
            notes_indent = ln.indent
        if FOOTNOTE_RULE.match(ln.text):
            flush()
            in_notes, notes_page, notes_indent = True, ln.page, -1
            prev = None
            continue
        if MARKER_ONLY.match(ln.text):
            flush()
            pending_label = ln.text.strip()
            prev = None
            continue
        if cur and prev is not None and (unwrapped or _breaks(prev, ln, width, in_notes)):
            flush()
        cur.append(ln)
        prev = ln
    flush()
    return blocks


def _breaks(prev: Line, ln: Line, width: int, in_notes: bool) -> bool:
    ends_closed = prev.text.endswith(CLOSING)
    ends_terminal = prev.text.endswith(TERMINAL)
    if ln.indent > prev.indent and ends_closed:
        return True  # first-line indent after a closed line
    if in_notes and ln.indent >= prev.indent and ends_terminal and starts_marker(ln.text):
        return True
    if ends_terminal and starts_marker(ln.text) and SYMBOL_MARKER.match(ln.text):
        return True
    if ends_terminal and NUMBER_BARE.match(ln.text) and len(prev.text) + prev.indent < 0.8 * width:
        return True
    short = len(prev.text) + prev.indent < 0.75 * width
    return bool(ends_terminal and short and ln.text[:1].isupper())


def classify(blocks: list[Block]) -> list[RawParagraph]:
    """Decide body or footnote for each block and rejoin paragraphs split by notes or pages."""
    paras: list[RawParagraph] = []
    last_body: RawParagraph | None = None
    last_number = 0
    notes_since_body = False
    last_page = -1
    indent_starts = _uses_first_line_indent(blocks)

    for blk in blocks:
        text = blk.first.text
        new_page = blk.first.page != last_page and last_page >= 0
        label = blk.label
        kind = Kind.BODY
        if blk.footnote_area or label:
            kind = Kind.FOOTNOTE
        elif m := NUMBER_PERIOD.match(text):
            last_number = int(m.group(1))
        elif m := NUMBER_BARE.match(text):
            n = int(m.group(1))
            # Operative paragraphs continue their numbering; anything else is a footnote.
            if n == last_number + 1 and last_number > 0:
                last_number = n
            else:
                kind = Kind.FOOTNOTE
        elif SYMBOL_MARKER.match(text):
            kind = Kind.FOOTNOTE

        if kind is Kind.FOOTNOTE:
            for note in _split_notes(blk):
                paras.append(note)
            notes_since_body = True
            last_page = blk.lines[-1].page
            continue

        lines = [ln.text for ln in blk.lines]
        numbered = bool(NUMBER_PERIOD.match(text) or NUMBER_BARE.match(text))
        # A lower-case start after a blank line continues the paragraph only where nothing closed it: a
        # preambular clause (Russian «принимая во внимание…», after a comma) opens a paragraph of its own.
        closed_off = blk.after_blank and not (notes_since_body or new_page) and last_body is not None \
            and last_body.lines[-1].endswith(CLOSING)
        continues = last_body is not None and not numbered and (
            (text[:1].islower() and not closed_off)
            or ((notes_since_body or new_page) and not last_body.lines[-1].endswith(CLOSING))
            or (new_page and indent_starts is not None and blk.first.indent < indent_starts
                and not last_body.lines[-1].endswith(TERMINAL) and not _heading_like(blk))
        )
        if continues and last_body is not None:
            last_body.lines.extend(lines)
        else:
            last_body = RawParagraph(lines, Kind.BODY)
            paras.append(last_body)
        notes_since_body = False
        last_page = blk.lines[-1].page
    return paras


def _heading_like(blk: Block) -> bool:
    # A heading may open a page unindented: one line without closing punctuation.
    return len(blk.lines) == 1 and not blk.first.text.endswith(CLOSING)


def _uses_first_line_indent(blocks: list[Block]) -> int | None:
    """The indent that opens paragraphs, when the document indents first lines (else None)."""
    firsts = Counter(b.first.indent for b in blocks if len(b.lines) > 1 and not b.footnote_area)
    rests = Counter(ln.indent for b in blocks if not b.footnote_area for ln in b.lines[1:])
    if not firsts or not rests:
        return None
    first, rest = firsts.most_common(1)[0][0], rests.most_common(1)[0][0]
    return first if first > rest else None


def _split_notes(blk: Block) -> list[RawParagraph]:
    """One footnote per marker line inside a footnote block."""
    notes: list[RawParagraph] = []
    for ln in blk.lines:
        text = ln.text
        m = SYMBOL_MARKER.match(text) or NUMBER_BARE.match(text)
        if m and (not notes or notes[-1].lines[-1].endswith(TERMINAL)):
            notes.append(RawParagraph([text[m.end():]], Kind.FOOTNOTE, m.group(1)))
        elif notes:
            notes[-1].lines.append(text)
        else:
            notes.append(RawParagraph([text], Kind.FOOTNOTE, blk.label))
    if blk.label and notes and not notes[0].label:
        notes[0].label = blk.label
    return notes


def layout_paragraphs(text: str) -> list[RawParagraph]:
    """Paragraphs and footnotes of a document, lines not yet joined."""
    pages = split_pages(text)
    return classify(build_blocks(page_lines(pages)))

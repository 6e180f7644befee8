"""Born-digital PDF structure from its glyphs: body, headings, list items, footnotes, code, table cells.

Font size, weight, monospace and position decide, as a reader's eye does: the body size is the most
common one; larger or bold short lines are headings; monospace lines are code; a bullet or number set
off by a gap opens a list item; smaller lines under the footnote rule (or at the page bottom) are notes;
lines cut into pieces at wide gaps are table rows; lines repeated at the same place on the pages are
running headers and footers. Scanned PDFs never come here (align.readers: the OCR text path).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from statistics import median

from align.models import Kind, Paragraph
from align.readers.pdfglyphs import Line, text_of
from align.text.hyphens import document_vocabulary

_BULLETS = set("•◦▪▫■□●○‣⁃–—-*·►✓")
_NUMBER_LABEL = re.compile(r"^(?:\d{1,3}[.)]|[a-zA-Z][.)]|[ivxlcIVXLC]{1,5}[.)]|\(\d{1,3}\)|\([a-z]\))$")
_PAGE_NUMBER = re.compile(r"^(?:page\s*)?\d{1,4}(?:\s*(?:/|of|sur|de)\s*\d{1,4})?$|^[-–—]\s*\d{1,4}\s*[-–—]$",
                          re.IGNORECASE)
_TERMINAL = tuple(".:;!?")
# A table-of-contents entry: dot leaders up to a page number. Navigation, not text to translate.
_TOC_LINE = re.compile(r"(?:\.\s?){4,}\s*\d{1,4}\s*$")
_MARGIN = 0.08  # the top and bottom share of a page where running headers and footers sit


@dataclass
class PageLines:
    """One page's lines, its height and its footnote separators."""

    lines: list[Line]
    height: float
    width: float
    rules: list[float]


@dataclass
class _Block:
    kind: Kind
    lines: list[Line]
    label: str = ""
    cells: list[list[list[Line]]] | None = None  # table rows of cells of lines


def paragraphs(pages: list[PageLines], lang: str) -> list[Paragraph]:
    """The document's units in reading order: body blocks, then footnotes."""
    furniture = _furniture(pages)
    body_size = _body_size(pages)
    body: list[_Block] = []
    notes: list[_Block] = []
    for page in pages:
        lines = [ln for ln in page.lines if _key(ln, page) not in furniture]
        lines = [ln for ln in lines if not _is_page_number(ln, page) and not _TOC_LINE.search(text_of(ln.glyphs))]
        lines, gutter = _split_columns(lines, page)
        split = _note_area(lines, page, body_size)
        blocks = _blocks(_column_order(lines[:split], gutter), body_size)
        if body and blocks and _continues(body[-1], blocks[0]):
            body[-1].lines += blocks.pop(0).lines  # a paragraph running on over the page break
        body += blocks
        notes += _notes(_column_order(lines[split:], gutter), notes, gutter)
    # Hyphens at line ends are decided against the words of the document itself (dpkg-buildpackage).
    vocab = document_vocabulary(text_of(ln.glyphs) for page in pages for ln in page.lines)
    edge = max((ln.x1 for page in pages for ln in page.lines), default=0.0)  # the text area's right margin
    right = dict.fromkeys(range(len(pages)), edge)
    return [p for b in body + notes for p in _paragraphs(b, lang, vocab, right)]


def _gap_at(line: Line, x: float) -> tuple[float, float] | None:
    """The horizontal gap of the line around `x` (no glyph over it), or None."""
    shown = sorted(line.shown, key=lambda g: g.x0)
    if not shown or shown[0].x0 >= x or shown[-1].x1 <= x:
        return None
    for a, b in zip(shown, shown[1:], strict=False):
        if a.x1 <= x <= b.x0:
            return a.x1, b.x0
    return None


def _split_columns(lines: list[Line], page: PageLines) -> tuple[list[Line], float | None]:
    """A two-column page's lines cut at the gutter (the same baseline holds a line of each column)."""
    mid = page.width / 2
    # The gutter is where no glyph is, on most lines that reach across the page's middle.
    crossing = [ln for ln in lines if ln.x0 < mid < ln.x1]
    gaps = [g for ln in crossing if (g := _gap_at(ln, mid)) is not None and g[1] - g[0] >= 0.6 * ln.size]
    left_only = sum(1 for ln in lines if ln.x1 <= mid)
    right_only = sum(1 for ln in lines if ln.x0 >= mid)
    # Columns fill their width: the left column's lines run up to the gutter (a table's cells do not), and
    # almost every line across the middle is cut there.
    if len(gaps) < 3 or len(gaps) < 0.9 * len(crossing) or right_only + len(gaps) < 3 or left_only + len(gaps) < 3 \
            or median(g[0] for g in gaps) < mid - 0.1 * page.width:
        return lines, None
    out: list[Line] = []
    for ln in lines:
        gap = _gap_at(ln, mid) if ln.x0 < mid < ln.x1 else None
        if gap is None:
            out.append(ln)
            continue
        out.append(Line(ln.page, [g for g in ln.glyphs if g.x1 <= gap[0] + 0.1], list(ln.markers)))
        out.append(Line(ln.page, [g for g in ln.glyphs if g.x0 >= gap[1] - 0.1]))
    return [ln for ln in out if ln.shown], mid


def _column_order(lines: list[Line], gutter: float | None) -> list[Line]:
    """Reading order: lines across the whole width above the columns, the left column, then the right one."""
    if gutter is None:
        return lines
    left = [ln for ln in lines if ln.x1 <= gutter + 1]
    right = [ln for ln in lines if ln.x0 >= gutter - 1 and ln not in left]
    across = [ln for ln in lines if ln not in left and ln not in right]
    start = min((ln.base for ln in left + right), default=0.0)
    return ([ln for ln in across if ln.base < start] + left + right
            + [ln for ln in across if ln.base >= start])


def _key(line: Line, page: PageLines) -> tuple[str, int]:
    band = 0 if line.top < _MARGIN * page.height else 1 if line.bottom > (1 - _MARGIN) * page.height else -1
    return re.sub(r"\d+", "#", text_of(line.glyphs)).strip(), band


def _furniture(pages: list[PageLines]) -> set[tuple[str, int]]:
    """Texts (digits as #) in a page's top or bottom margin that recur on at least half of several pages."""
    if len(pages) < 2:
        return set()
    counts: Counter[tuple[str, int]] = Counter()
    for page in pages:
        counts.update({k for ln in page.lines if (k := _key(ln, page))[1] >= 0})
    return {k for k, n in counts.items() if n >= max(2, len(pages) // 2)}


def _is_page_number(line: Line, page: PageLines) -> bool:
    """A page number in the top or bottom margin, alone or beside a running title (`16   Chapitre 4. …`)."""
    in_margin = line.top < _MARGIN * page.height or line.bottom > (1 - _MARGIN) * page.height
    pieces = [text_of(p).strip() for p in line.pieces()]
    return in_margin and (bool(_PAGE_NUMBER.match(text_of(line.glyphs).strip()))
                          or (len(pieces) >= 2 and any(_PAGE_NUMBER.match(p) for p in (pieces[0], pieces[-1]))))


def _body_size(pages: list[PageLines]) -> float:
    sizes: Counter[float] = Counter()
    for page in pages:
        for ln in page.lines:
            sizes.update(round(g.size, 1) for g in ln.glyphs if g.ch.isalpha() and not g.mono)
    return sizes.most_common(1)[0][0] if sizes else 10.0


def _note_area(lines: list[Line], page: PageLines, body_size: float) -> int:
    """Index of the first footnote line: under the lowest separator rule, or a smaller run at the page foot."""
    lower = [r for r in page.rules if r > 0.45 * page.height]
    for rule in sorted(lower, reverse=True):
        below = [i for i, ln in enumerate(lines) if ln.top >= rule - 1]
        opens = below and re.match(r"^\s*(\d{1,3}|[*†‡§])", text_of(lines[below[0]].glyphs))
        if below and (all(lines[i].size < 0.95 * body_size for i in below)
                      or (opens and all(lines[i].size <= 1.02 * body_size for i in below))):
            return below[0]
    i = len(lines)
    while i > 0 and lines[i - 1].size < 0.9 * body_size and lines[i - 1].top > 0.6 * page.height \
            and not lines[i - 1].share("mono") > 0.5:
        i -= 1
    # Only a run that opens with a note number is a footnote area (a small caption is not).
    return i if i < len(lines) and re.match(r"^\s*(\d{1,3}|[*†‡§])", text_of(lines[i].glyphs)) else len(lines)


def _style(line: Line, body_size: float) -> str:
    if line.share("mono") > 0.8:
        return "code"
    if line.size >= 1.12 * body_size or (line.share("bold") > 0.9 and len(line.glyphs) < 120):
        return "heading"
    return "text"


def _list_label(line: Line) -> str:
    """The bullet or number opening a list item (set off from its text by a tab-wide gap), or ''."""
    shown = line.shown
    for i in range(1, min(len(shown), 8)):
        gap = shown[i].x0 - shown[i - 1].x1
        if gap > 0.2 * shown[i].size:
            first = text_of(shown[:i])
            is_label = first in _BULLETS or bool(_NUMBER_LABEL.match(first))
            wide = gap >= (0.2 if _NUMBER_LABEL.match(first) else 0.6) * shown[i].size
            return first if is_label and wide else ""
    return ""


def _blocks(lines: list[Line], body_size: float) -> list[_Block]:
    """Lines grouped into blocks at gaps, style changes, list labels and table rows."""
    out: list[_Block] = []
    steps = _steps(lines)
    prev: Line | None = None
    for line in lines:
        style = _style(line, body_size)
        label = _list_label(line) if style == "text" else ""
        is_row = style != "code" and len(line.pieces()) >= 2 + bool(label)
        cur = out[-1] if out else None
        gap = prev is not None and line.base - prev.base > 1.3 * steps.get(round(line.size), 1.2 * line.size)
        if prev is not None and line.base < prev.base - 1:  # the next column: a paragraph may run on into it
            end, start = text_of(prev.glyphs).rstrip(), text_of(line.glyphs).lstrip()
            gap = end.endswith(_TERMINAL) or start[:1].isupper() or bool(label)
        code_gap = prev is not None and line.base - prev.base <= 3.5 * steps.get(round(line.size), line.size)
        joins = (cur is not None and prev is not None and not gap and line.page == prev.page
                 and not label and _kind_of(style) is cur.kind) or (
            cur is not None and cur.kind is Kind.CODE and style == "code" and code_gap
            and prev is not None and line.page == prev.page) or (
            cur is not None and cur.kind is Kind.LIST_ITEM and not label and not gap and style == "text"
            and line.x0 > cur.lines[0].x0 + 2)
        if cur is not None and cur.kind is Kind.TABLE_CELL and (is_row or _fits_columns(line, cur)):
            _add_row(cur, line, new_row=gap or is_row and not _fits_columns(line, cur, strict=True))
        elif is_row:
            out.append(_Block(Kind.TABLE_CELL, [line], cells=[]))
            _add_row(out[-1], line, new_row=True)
        elif joins and cur is not None:
            cur.lines.append(line)
        else:
            out.append(_Block(Kind.LIST_ITEM if label else _kind_of(style), [line], label))
        prev = line
    return out


def _kind_of(style: str) -> Kind:
    return {"code": Kind.CODE, "heading": Kind.HEADING}.get(style, Kind.BODY)


def _steps(lines: list[Line]) -> dict[int, float]:
    """The usual baseline step between lines of a paragraph, per font size (the smallest common step)."""
    by_size: dict[int, list[float]] = {}
    for a, b in zip(lines, lines[1:], strict=False):
        if a.page == b.page and round(a.size) == round(b.size) and b.base > a.base:
            by_size.setdefault(round(a.size), []).append(round(b.base - a.base, 1))
    out = {}
    for size, steps in by_size.items():
        common = [s for s, n in Counter(steps).most_common() if n >= 2] or steps
        out[size] = min(common)
    return out


def _columns(block: _Block) -> list[float]:
    return sorted({round(p[0].x0) for row in block.cells or [] for cell in row for ln in cell
                   for p in ln.pieces()[:1]})


def _fits_columns(line: Line, block: _Block, strict: bool = False) -> bool:
    """Every piece of the line starts at one of the table's column starts."""
    cols = [c for row in block.cells or [] for c in _row_starts(row)]
    starts = [p[0].x0 for p in line.pieces()]
    fit = all(any(abs(s - c) <= 3 for c in cols) for s in starts)
    return fit and (not strict or len(starts) < len(set(round(c) for c in cols)))


def _row_starts(row: list[list[Line]]) -> list[float]:
    return [cell[0].pieces()[0][0].x0 for cell in row if cell and cell[0].pieces()]


def _add_row(block: _Block, line: Line, new_row: bool) -> None:
    """Each piece of the line goes to its cell: a new row, or the cell it lines up with in the last row."""
    assert block.cells is not None
    pieces = [Line(line.page, p) for p in line.pieces()]
    if new_row or not block.cells:
        block.cells.append([[p] for p in pieces])
        return
    row = block.cells[-1]
    for piece in pieces:
        cell = min(row, key=lambda c: abs(c[0].x0 - piece.x0))
        cell.append(piece)


def _continues(last: _Block, first: _Block) -> bool:
    """A body paragraph cut by the page break: it has no closing punctuation and the next page goes on."""
    if last.kind not in (Kind.BODY, Kind.LIST_ITEM) or first.kind is not Kind.BODY or first.label:
        return False
    end = text_of(last.lines[-1].glyphs).rstrip()
    start = text_of(first.lines[0].glyphs).lstrip()
    return bool(end) and not end.endswith(_TERMINAL) and not start[:1].isupper()


def _notes(lines: list[Line], earlier: list[_Block], gutter: float | None) -> list[_Block]:
    """Footnotes: each opens with its number at the left edge of its column; other lines continue it."""
    out: list[_Block] = []

    def side(ln: Line) -> bool:
        return gutter is not None and ln.x0 >= gutter

    left = {s: min((ln.x0 for ln in lines if side(ln) is s), default=0.0) for s in (False, True)}
    for line in lines:
        m = re.match(r"^\s*(\d{1,3}|[*†‡§]{1,3})(?=\D|$)", text_of(line.glyphs))
        if m and line.x0 <= left[side(line)] + 2:
            out.append(_Block(Kind.FOOTNOTE, [line], m.group(1)))
        elif out:
            out[-1].lines.append(line)
        elif earlier:
            earlier[-1].lines.append(line)  # a note running on from the previous page
        else:
            out.append(_Block(Kind.FOOTNOTE, [line]))
    return out


def _join(texts: list[str], vocab: Counter[str]) -> str:
    """Lines of a born-digital paragraph joined: a hyphen at a line end is the author's (dpkg-dev-el),
    unless the document writes the word whole elsewhere and never with that hyphen."""
    out = ""
    for text in texts:
        text = text.strip()
        m = re.search(r"(\S+)-$", out)
        n = re.match(r"\w+", text)
        if m and n:
            whole, split = (m.group(1) + n.group()).lower(), f"{m.group(1)}-{n.group()}".lower()
            out = out[:-1] + text if vocab[whole] and not vocab[split] else out + text
        else:
            out = f"{out} {text}" if out else text
    return out


def _pitch(lines: list[Line]) -> float:
    """The monospace advance: the usual distance between neighbouring glyphs' left edges."""
    steps = [round(b.ox - a.ox, 1) for ln in lines for a, b in zip(ln.glyphs, ln.glyphs[1:], strict=False)
             if not a.ch.isspace() and not b.ch.isspace() and b.ox > a.ox]
    return Counter(steps).most_common(1)[0][0] if steps else 6.0


def _paragraphs(block: _Block, lang: str, vocab: Counter[str], margins: dict[int, float]) -> list[Paragraph]:
    """A block's text: one paragraph, or a table's cells row by row (each cell's lines joined)."""
    if block.kind is Kind.TABLE_CELL:
        return [Paragraph(_join([text_of(ln.glyphs) for ln in cell], vocab), Kind.TABLE_CELL)
                for row in block.cells or [] for cell in row]
    if block.kind is Kind.CODE:
        left = min(ln.glyphs[0].ox for ln in block.lines)
        width = _pitch(block.lines)
        step = min((b.base - a.base for a, b in zip(block.lines, block.lines[1:], strict=False)
                    if b.base > a.base), default=1.0)
        rows: list[str] = []
        for k, ln in enumerate(block.lines):
            right = margins.get(ln.page, ln.x1)
            line = " " * max(0, round((ln.shown[0].ox - left) / width)) + text_of(ln.glyphs, spaced=True)
            before = block.lines[k - 1] if k else None
            word = len(line.split(" ", 1)[0]) if line and not line.startswith(" ") else 0
            if before is not None and word and before.x1 + (word + 1) * width > right + 0.5 * width \
                    and ln.base - before.base < 1.5 * step:
                # A line the word processor wrapped at the margin: LibreOffice breaks after a space or a hyphen.
                rows[-1] += line.lstrip() if rows[-1].endswith("-") else " " + line.lstrip()
                continue
            if before is not None and ln.base > before.base:  # blank code lines are vertical space in the PDF
                rows += [""] * max(0, round((ln.base - before.base) / step) - 1)
            rows.append(line)
        text = "\n".join(rows)
        return [Paragraph(text, Kind.CODE)]
    texts = [text_of(ln.glyphs) for ln in block.lines]
    if block.kind is Kind.LIST_ITEM and block.label:
        texts[0] = texts[0].lstrip()[len(block.label):].lstrip()
    if block.kind is Kind.FOOTNOTE and block.label:
        texts[0] = texts[0].lstrip()[len(block.label):].lstrip()
    return [Paragraph(_join(texts, vocab), block.kind, block.label)]

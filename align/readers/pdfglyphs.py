"""Glyphs of a born-digital PDF (pypdfium2's text page): each character with its font size, font, boldness,
box and baseline, grouped into lines and cut into pieces at wide gaps (table cells, list labels).

pdfplumber gives the same per-character data through pdfminer, measured 12x slower on the UN fixture.
"""

from __future__ import annotations

import ctypes
from dataclasses import dataclass, field
from statistics import median
from typing import TYPE_CHECKING

from align.readers.codeblocks import is_monospace

if TYPE_CHECKING:
    import pypdfium2

_FIXED_PITCH = 1  # PDF font descriptor flag


@dataclass(frozen=True)
class Glyph:
    """One drawn character, in top-down page coordinates."""

    ch: str
    x0: float
    x1: float
    top: float
    bottom: float
    base: float
    size: float
    mono: bool
    bold: bool


@dataclass
class Line:
    """Glyphs on one baseline, in order, with superscript note markers taken out."""

    page: int
    glyphs: list[Glyph]
    markers: list[str] = field(default_factory=list)

    @property
    def top(self) -> float:
        return min(g.top for g in self.glyphs)

    @property
    def bottom(self) -> float:
        return max(g.bottom for g in self.glyphs)

    @property
    def base(self) -> float:
        return median(g.base for g in self.glyphs)

    @property
    def x0(self) -> float:
        return min(g.x0 for g in self.glyphs)

    @property
    def x1(self) -> float:
        return max(g.x1 for g in self.glyphs)

    @property
    def size(self) -> float:
        letters = [g.size for g in self.glyphs if g.ch.isalnum()] or [g.size for g in self.glyphs]
        return median(letters)

    def share(self, attr: str) -> float:
        shown = [g for g in self.glyphs if not g.ch.isspace()]
        return sum(getattr(g, attr) for g in shown) / len(shown) if shown else 0.0

    def pieces(self) -> list[list[Glyph]]:
        """Runs of glyphs split where the gap is wider than two spaces (cells, a list label and its text)."""
        shown = [g for g in self.glyphs if not g.ch.isspace()]
        out: list[list[Glyph]] = []
        for g in shown:
            if out and g.x0 - out[-1][-1].x1 > max(1.5 * g.size, 12.0) and not self.share("mono") > 0.8:
                out.append([g])
            elif out:
                out[-1].append(g)
            else:
                out.append([g])
        return out


def text_of(glyphs: list[Glyph], *, spaced: bool = False) -> str:
    """The glyphs' text; a gap between glyphs is a space, or (`spaced`, for code) as many spaces as it is wide."""
    out: list[str] = []
    prev: Glyph | None = None
    shown = [g for g in glyphs if not g.ch.isspace()]
    steps = [b.x0 - a.x0 for a, b in zip(shown, shown[1:], strict=False) if b.x0 > a.x0]
    pitch = median(steps) if spaced and steps else 0.6 * (shown[0].size if shown else 10.0)
    for g in shown:
        if prev is not None:
            if spaced and g.x0 - prev.x0 > 1.5 * pitch:  # a monospace advance per missing character
                out.append(" " * (round((g.x0 - prev.x0) / pitch) - 1))
            elif not spaced and g.x0 - prev.x1 > 0.2 * g.size:
                out.append(" ")
        out.append(g.ch)
        prev = g
    return "".join(out)


def page_lines(page: pypdfium2.PdfPage, number: int) -> list[Line]:
    """The page's lines top to bottom, each with its superscript markers removed."""
    import pypdfium2.raw as raw

    height = page.get_height()
    textpage = page.get_textpage()
    buf = ctypes.create_string_buffer(128)
    flags = ctypes.c_int()
    x, y = ctypes.c_double(), ctypes.c_double()
    rows: list[list[Glyph]] = [[]]
    fonts: dict[tuple[str, int], tuple[bool, bool]] = {}
    for i in range(textpage.count_chars()):
        ch = chr(raw.FPDFText_GetUnicode(textpage.raw, i))
        if ch in "\r\n":
            rows.append([])
            continue
        if raw.FPDFText_IsGenerated(textpage.raw, i) or ch in "\x02\ufffe":
            continue  # spaces PDFium inferred, and hyphen placeholders: positions decide spacing instead
        raw.FPDFText_GetFontInfo(textpage.raw, i, buf, len(buf), ctypes.byref(flags))
        name, weight = buf.value.decode("latin-1"), raw.FPDFText_GetFontWeight(textpage.raw, i)
        if (name, weight) not in fonts:
            fonts[(name, weight)] = (bool(flags.value & _FIXED_PITCH) or is_monospace(name),
                                     weight >= 600 or "bold" in name.lower())
        mono, bold = fonts[(name, weight)]
        left, bottom, right, top = textpage.get_charbox(i)
        raw.FPDFText_GetCharOrigin(textpage.raw, i, ctypes.byref(x), ctypes.byref(y))
        size = raw.FPDFText_GetFontSize(textpage.raw, i)
        rows[-1].append(Glyph(ch, left, right, height - top, height - bottom, height - y.value, size, mono, bold))
    lines: list[Line] = []
    for row in rows:
        if not any(not g.ch.isspace() for g in row):
            continue
        # PDFium may end a line at a baseline shift; a row on the same band further right continues it.
        if lines and lines[-1].page == number and _same_band(lines[-1], row):
            lines[-1].glyphs += row
        else:
            lines.append(Line(number, row))
    for line in lines:
        _take_markers(line)
    return sorted(lines, key=lambda ln: (round(ln.base), ln.x0))


def _same_band(line: Line, row: list[Glyph]) -> bool:
    top, bottom = min(g.top for g in row), max(g.bottom for g in row)
    overlap = min(bottom, line.bottom) - max(top, line.top)
    return row[0].x0 >= line.x1 - 1 and overlap > 0.3 * (bottom - top)


def _take_markers(line: Line) -> None:
    """Superscript digits or note symbols (smaller, raised) after a word are note references, not text."""
    size, base = line.size, line.base
    kept: list[Glyph] = []
    run: list[Glyph] = []
    for g in line.glyphs:
        raised = g.size <= 0.8 * size and base - g.base >= 0.15 * size and (g.ch.isdigit() or g.ch in "*†‡§")
        if raised and kept and not kept[-1].ch.isspace():
            run.append(g)
            continue
        if run:
            line.markers.append("".join(r.ch for r in run))
            run = []
        kept.append(g)
    if run:
        line.markers.append("".join(r.ch for r in run))
    line.glyphs = kept or line.glyphs


def image_covers_page(page: pypdfium2.PdfPage) -> bool:
    """True when an image covers most of the page: a scan, with the OCR text layer over it."""
    import pypdfium2.raw as raw

    area = page.get_width() * page.get_height()
    for obj in page.get_objects(filter=[raw.FPDF_PAGEOBJ_IMAGE], max_depth=2):
        left, bottom, right, top = obj.get_bounds()
        if (right - left) * (top - bottom) >= 0.5 * area:
            return True
    return False


def rules(page: pypdfium2.PdfPage) -> list[float]:
    """Tops of the short thin horizontal paths (footnote separators) on the page."""
    import pypdfium2.raw as raw

    height, width = page.get_height(), page.get_width()
    out = []
    for obj in page.get_objects(filter=[raw.FPDF_PAGEOBJ_PATH], max_depth=2):
        left, bottom, right, top = obj.get_bounds()
        if top - bottom <= 2 and 20 <= right - left <= 0.6 * width:
            out.append(height - top)
    return out

"""Glyphs of a born-digital PDF (pypdfium2's text page): each character with its font size, font, boldness,
box and baseline, grouped into lines and cut into pieces at wide gaps (table cells, list labels).

pdfplumber gives the same per-character data through pdfminer, measured 12x slower on the UN fixture.
"""

from __future__ import annotations

import ctypes
from collections.abc import Callable
from dataclasses import dataclass
from statistics import median
from typing import TYPE_CHECKING, TypeVar

from align.readers.codeblocks import is_monospace

if TYPE_CHECKING:
    import pypdfium2

_FIXED_PITCH = 1  # PDF font descriptor flag
T = TypeVar("T")


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
    ox: float = 0.0  # the glyph's origin: where its advance starts (monospace columns are counted from it)
    generated: bool = False  # a space PDFium inferred from a gap, not one the PDF draws


class Line:
    """Glyphs on one baseline, in order, with superscript note markers taken out.

    Geometry is computed once per glyph list: layout asks for it many times per line."""

    def __init__(self, page: int, glyphs: list[Glyph], markers: list[str] | None = None) -> None:
        self.page = page
        self.markers = markers if markers is not None else []
        self.glyphs = glyphs

    @property
    def glyphs(self) -> list[Glyph]:
        return self._glyphs

    @glyphs.setter
    def glyphs(self, glyphs: list[Glyph]) -> None:
        self._glyphs = glyphs
        self._cache: dict[str, object] = {}

    def _get(self, key: str, make: Callable[[], T]) -> T:
        if key not in self._cache:
            self._cache[key] = make()
        return self._cache[key]  # type: ignore[return-value]

    @property
    def shown(self) -> list[Glyph]:
        return self._get("shown", lambda: [g for g in self.glyphs if not g.ch.isspace()] or self.glyphs)

    @property
    def top(self) -> float:
        return self._get("top", lambda: min(g.top for g in self.shown))

    @property
    def bottom(self) -> float:
        return self._get("bottom", lambda: max(g.bottom for g in self.shown))

    @property
    def base(self) -> float:
        return self._get("base", lambda: median(g.base for g in self.shown))

    @property
    def x0(self) -> float:
        return self._get("x0", lambda: min(g.x0 for g in self.shown))

    @property
    def x1(self) -> float:
        return self._get("x1", lambda: max(g.x1 for g in self.shown))

    @property
    def size(self) -> float:
        def make() -> float:
            letters = [g.size for g in self.glyphs if g.ch.isalnum()] or [g.size for g in self.glyphs]
            return median(letters)
        return self._get("size", make)

    def share(self, attr: str) -> float:
        shown = [g for g in self.glyphs if not g.ch.isspace()]
        return self._get(attr, lambda: sum(getattr(g, attr) for g in shown) / len(shown) if shown else 0.0)

    def pieces(self) -> list[list[Glyph]]:
        return self._get("pieces", self._pieces)

    def _pieces(self) -> list[list[Glyph]]:
        """Runs of glyphs split where the gap is wider than two spaces (cells, a list label and its text)."""
        out: list[list[Glyph]] = []
        last: Glyph | None = None
        mono = self.share("mono") > 0.8
        for g in self.glyphs:
            if g.ch.isspace():
                if out:
                    out[-1].append(g)
                continue
            if last is not None and g.x0 - last.x1 > max(1.5 * g.size, 12.0) and not mono:
                while out[-1] and out[-1][-1].ch.isspace():
                    out[-1].pop()
                out.append([g])
            elif out:
                out[-1].append(g)
            else:
                out.append([g])
            last = g
        return out


def text_of(glyphs: list[Glyph], *, spaced: bool = False) -> str:
    """The glyphs' text; a space glyph or a wide gap is one space, or (`spaced`, for code) as many spaces
    as monospace advances are missing."""
    out: list[str] = []
    prev: Glyph | None = None
    gap_seen = False
    shown = [g for g in glyphs if not g.ch.isspace()]
    steps = [b.ox - a.ox for a, b in zip(shown, shown[1:], strict=False) if b.ox > a.ox]
    pitch = median(steps) if spaced and steps else 0.6 * (shown[0].size if shown else 10.0)
    for k, g in enumerate(glyphs):
        if g.ch.isspace():
            # PDFium infers a space at a new text object too; only a real gap makes it a word break.
            gap_seen = gap_seen or not g.generated or prev is None
            gap_seen = gap_seen and (not g.generated or _next_gap(glyphs, k, prev))
            continue
        if prev is not None:
            if spaced and g.ox - prev.ox > 1.5 * pitch:  # a monospace advance per missing character
                out.append(" " * (round((g.ox - prev.ox) / pitch) - 1))
            elif not spaced and (gap_seen or g.x0 - prev.x1 > 0.22 * g.size):  # TeX draws no space glyphs
                out.append(" ")
        out.append(g.ch)
        prev, gap_seen = g, False
    return "".join(out)


def _next_gap(glyphs: list[Glyph], at: int, prev: Glyph | None) -> bool:
    after = next((h for h in glyphs[at:] if not h.ch.isspace()), None)
    return prev is None or after is None or after.x0 - prev.x1 > 0.15 * after.size


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
        if ch in "\x02\ufffe":
            ch = "-"  # PDFium's mark for a hyphen at a line end: the line joiner decides whether it stays
        raw.FPDFText_GetFontInfo(textpage.raw, i, buf, len(buf), ctypes.byref(flags))
        name, weight = buf.value.decode("latin-1"), raw.FPDFText_GetFontWeight(textpage.raw, i)
        if (name, weight) not in fonts:
            fonts[(name, weight)] = (bool(flags.value & _FIXED_PITCH) or is_monospace(name),
                                     weight >= 600 or "bold" in name.lower())
        mono, bold = fonts[(name, weight)]
        left, bottom, right, top = textpage.get_charbox(i)
        raw.FPDFText_GetCharOrigin(textpage.raw, i, ctypes.byref(x), ctypes.byref(y))
        size = raw.FPDFText_GetFontSize(textpage.raw, i)
        rows[-1].append(Glyph(ch, left, right, height - top, height - bottom, height - y.value, size, mono, bold,
                              x.value, bool(raw.FPDFText_IsGenerated(textpage.raw, i))))
    return _lines([g for row in rows for g in _split_baselines(row)], number)


def _split_baselines(row: list[Glyph]) -> list[list[Glyph]]:
    """A PDFium row cut where the baseline moves (a row can hold a cell's two lines); superscripts stay."""
    out: list[list[Glyph]] = []
    for g in row:
        if g.ch.isspace():
            if out:
                out[-1].append(g)  # a word break, real or inferred by PDFium
            continue
        if out:
            ref = next((h for h in reversed(out[-1]) if h.size > 0.8 * g.size and not h.ch.isspace()), out[-1][-1])
            raised = g.size <= 0.8 * ref.size and 0 <= ref.base - g.base <= 0.6 * ref.size
            if raised or abs(g.base - ref.base) <= 0.25 * max(g.size, ref.size):
                out[-1].append(g)
                continue
        out.append([g])
    return out


def _lines(runs: list[list[Glyph]], number: int) -> list[Line]:
    """Runs on one baseline joined left to right into lines (cells of a table row, text after a superscript)."""
    lines: list[Line] = []
    runs = [r for r in runs if any(not g.ch.isspace() for g in r)]
    for run in sorted(runs, key=lambda r: (median(g.base for g in r if not g.ch.isspace()), r[0].x0)):
        shown = [g for g in run if not g.ch.isspace()]
        base, size = median(g.base for g in shown), max(g.size for g in shown)
        small = all(g.size <= 0.8 * size for g in shown)
        host = next((ln for ln in reversed(lines[-3:])
                     if abs(ln.base - base) <= 0.25 * max(size, ln.size)
                     or (small and 0 <= ln.base - base <= 0.6 * ln.size)), None)
        if host is not None and not _overlaps(host, shown):
            host.glyphs = host.glyphs + run if run[0].x0 >= host.x1 else run + host.glyphs
        else:
            lines.append(Line(number, list(run)))
    for line in lines:
        _take_markers(line)
    return lines


def _overlaps(line: Line, run: list[Glyph]) -> bool:
    return min(line.x1, max(g.x1 for g in run)) - max(line.x0, min(g.x0 for g in run)) > 1


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

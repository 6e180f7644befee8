"""A paginated PDF made from the UN pair: running header, page numbers "2/9", footnotes under a drawn rule."""

from __future__ import annotations

from pathlib import Path

import pytest

from align.models import Kind
from tests.test_readers_fixtures import Unit, pieces

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")


def font_dir() -> Path:
    if not (FONT_DIR / "DejaVuSerif.ttf").is_file():
        pytest.skip(f"{FONT_DIR}/DejaVuSerif.ttf is absent (apt-get install fonts-dejavu-core)")
    return FONT_DIR


class _PdfWriter:
    """Lays the units out like a UN document: running header, page numbers, notes under a rule."""

    LEFT, WIDTH, TOP, BOTTOM = 72.0, 451.0, 90.0, 760.0
    LINE, NOTE_LINE, GAP, INDENT = 14.0, 11.0, 14.0, 36.0

    def __init__(self, header: str, pages: int) -> None:
        from fpdf import FPDF

        self.pdf = FPDF(unit="pt", format="A4")
        self.pdf.set_auto_page_break(False)
        fonts = font_dir()
        self.pdf.add_font("serif", "", str(fonts / "DejaVuSerif.ttf"))
        self.pdf.add_font("serif", "B", str(fonts / "DejaVuSerif-Bold.ttf"))
        self.header, self.pages = header, pages
        self.page_notes: list[list[tuple[str, str]]] = []
        self.y = 0.0

    def width(self, text: str, size: float, style: str = "") -> float:
        self.pdf.set_font("serif", style, size)
        return self.pdf.get_string_width(text)

    def new_page(self) -> None:
        if self.pdf.page:
            self._finish_page()
        self.pdf.add_page()
        self.page_notes.append([])
        self.pdf.set_font("serif", "", 9)
        self.pdf.text(self.LEFT + self.WIDTH - self.width(self.header, 9), 50, self.header)
        self.y = self.TOP

    def _notes_height(self, notes: list[tuple[str, str]]) -> float:
        lines = sum(len(self._wrap([[(t, "")] for t in text.split()], self.WIDTH - 14, 9)) for _, text in notes)
        return 0.0 if not notes else 12 + lines * self.NOTE_LINE

    def _finish_page(self) -> None:
        notes = self.page_notes[-1]
        y = self.BOTTOM - self._notes_height(notes) + 12
        if notes:
            self.pdf.line(self.LEFT, y - 8, self.LEFT + 120, y - 8)
        for label, text in notes:
            self.pdf.set_font("serif", "", 9)
            self.pdf.text(self.LEFT, y, label)
            for line in self._wrap([[(t, "")] for t in text.split()], self.WIDTH - 14, 9):
                self._draw(line, self.LEFT + 14, y, 9)
                y += self.NOTE_LINE
        number = f"{self.pdf.page}/{self.pages}"
        self.pdf.set_font("serif", "", 9)
        self.pdf.text(self.LEFT + self.WIDTH / 2 - 8, 810, number)

    def _wrap(self, words: list[list[tuple[str, str]]], width: float, size: float,
              first_indent: float = 0.0, style: str = "") -> list[list[list[tuple[str, str]]]]:
        lines: list[list[list[tuple[str, str]]]] = [[]]
        used, space = first_indent, self.width(" ", size, style)
        for word in words:
            w = sum(self.width(t, size, style) + self.width(r, size * 0.6) for t, r in word)
            if lines[-1] and used + space + w > width:
                lines.append([])
                used = 0.0
            used += (space if lines[-1] else 0.0) + w
            lines[-1].append(word)
        return lines

    def _draw(self, line: list[list[tuple[str, str]]], x: float, y: float, size: float, style: str = "") -> None:
        for word in line:
            for text, ref in word:
                self.pdf.set_font("serif", style, size)
                self.pdf.text(x, y, text)
                x += self.pdf.get_string_width(text)
                if ref:  # a superscript reference, smaller and raised like a real one
                    self.pdf.set_font("serif", "", size * 0.6)
                    self.pdf.text(x, y - size * 0.35, ref)
                    x += self.pdf.get_string_width(ref)
            x += self.width(" ", size, style)

    def paragraph(self, unit: Unit, notes: dict[str, str], placed: set[str], heading: bool) -> None:
        words = _words(unit)
        style, size = ("B", 12.0) if heading else ("", 11.0)
        indent = 0.0 if heading else self.INDENT
        if unit.label:
            words[0].insert(0, (f"{unit.label}.  ", ""))
        for i, line in enumerate(self._wrap(words, self.WIDTH, size, indent, style)):
            refs = [r for word in line for _, r in word if r and r not in placed]
            pending = self.page_notes[-1] + [(r, notes[r]) for r in refs]
            if self.y + self.LINE > self.BOTTOM - self._notes_height(pending):
                self.new_page()
            self.page_notes[-1].extend((r, notes[r]) for r in refs)
            placed.update(refs)
            self._draw(line, self.LEFT + (indent if i == 0 else 0.0), self.y, size, style)
            self.y += self.LINE
        self.y += self.GAP

    def save(self, path: Path) -> None:
        self._finish_page()
        self.pdf.output(str(path))


def _words(unit: Unit) -> list[list[tuple[str, str]]]:
    """Words as (text, reference) pieces, a reference glued to the piece before it."""
    words: list[list[tuple[str, str]]] = []
    glue = False
    for text, ref in pieces(unit):
        tokens = text.split(" ")
        for j, tok in enumerate(tokens):
            if j == 0 and glue and words:
                words[-1].append((tok, ""))
            elif tok in (";", ":", "!", "?", "»") and words:
                words[-1].append((" " + tok, ""))  # French puts a no-break space before these
            elif tok:
                words.append([(tok, "")])
        if ref and words:
            last = words[-1][-1]
            words[-1][-1] = (last[0], ref)
        glue = bool(ref)
    return [w for w in words if any(t or r for t, r in w)]


def make_pdf(units: list[Unit], path: Path, header: str = "A/72/L.10") -> Path:
    """A paginated PDF of the units; the `*` note sits on page 1 without a reference, as in the original."""
    # Laid out twice: the first run counts the pages that the "2/9" page numbers need.
    pages = _layout_pdf(units, header, 0).pdf.page
    _layout_pdf(units, header, pages).save(path)
    return path


def _layout_pdf(units: list[Unit], header: str, pages: int) -> _PdfWriter:
    writer = _PdfWriter(header, pages)
    notes = {u.label: u.text for u in units if u.kind is Kind.FOOTNOTE}
    writer.new_page()
    placed: set[str] = set()
    if "*" in notes:
        writer.page_notes[-1].append(("*", notes["*"]))
        placed.add("*")
    body = [u for u in units if u.kind is not Kind.FOOTNOTE]
    for i, unit in enumerate(body):
        writer.paragraph(unit, notes, placed, heading=i == 0)
    return writer

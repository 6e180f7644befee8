"""DOCX reader (python-docx): body paragraphs and tables in order, real footnotes and endnotes as units."""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import TYPE_CHECKING

from lxml import etree

from align import errors
from align.models import Kind, Paragraph
from align.readers.codeblocks import CODE_STYLE, is_monospace
from align.readers.xmlsafe import first_line, parse_xml

if TYPE_CHECKING:
    from docx.document import Document as DocxDocument

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_NOTE_KINDS = ("footnote", "endnote")
_SKIP_NOTES = {"separator", "continuationSeparator", "continuationNotice"}
_TRUE = {"1", "true", "on"}


def _w(tag: str) -> str:
    return f"{{{W}}}{tag}"


class _Refs:
    """Note references in the order the reader meets them, with any custom marks (`*`)."""

    def __init__(self) -> None:
        self.order: list[str] = []
        self.marks: dict[str, str] = {}

    def add(self, key: str, mark: str) -> None:
        if key not in self.order:
            self.order.append(key)
        if mark:
            self.marks[key] = mark


def read_docx(data: bytes, path: str) -> list[Paragraph]:
    """Paragraphs of a DOCX: headings by style, table cells one by one, footnotes after the body."""
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, KeyError, ValueError, etree.XMLSyntaxError, AttributeError) as e:
        raise errors.unreadable(path, "DOCX", first_line(str(e)) or type(e).__name__) from None
    styles = {s.style_id: (s.name or "").lower() for s in document.styles}
    refs = _Refs()
    out: list[Paragraph] = []
    for block in _blocks(document.element.body):
        if block.tag == _w("tbl"):
            # Cell by cell, each cell paragraph its own unit, so table rows align like text.
            out.extend(Paragraph(t, Kind.TABLE_CELL) for p in block.iter(_w("p")) if (t := _text(p, refs)).strip())
            continue
        kind = _kind(block, styles.get(_style_id(block), ""))
        out.append(Paragraph(_text(block, refs, kind is Kind.CODE), kind))
    notes = _notes(document, path)
    numbers = dict.fromkeys(_NOTE_KINDS, 0)
    for key in refs.order:
        note_kind = key.split(":")[0]
        # Word numbers notes in order of reference; a custom mark (`*`) takes no number.
        if key not in refs.marks:
            numbers[note_kind] += 1
        if key in notes:
            out.append(Paragraph(notes[key], Kind.FOOTNOTE, refs.marks.get(key, str(numbers[note_kind]))))
    return out


def _blocks(parent: etree._Element) -> Iterator[etree._Element]:
    """Body paragraphs and tables in order, looking inside content controls."""
    for child in parent:
        if child.tag in (_w("p"), _w("tbl")):
            yield child
        elif child.tag == _w("sdt"):
            content = child.find(_w("sdtContent"))
            if content is not None:
                yield from _blocks(content)


def _kind(p: etree._Element, style: str) -> Kind:
    """Heading and list item by style or numbering, code by style or by monospace fonts on every run."""
    if style.startswith(("heading", "title", "subtitle")):
        return Kind.HEADING
    if CODE_STYLE.search(style):
        return Kind.CODE
    fonts = [f.get(_w("ascii"), "") for f in p.iter(_w("rFonts")) if next(f.iterancestors(_w("p")), None) is p]
    runs = [r for r in p.iter(_w("r")) if r.find(_w("t")) is not None]
    if runs and len(fonts) >= len(runs) and all(is_monospace(f) for f in fonts):
        return Kind.CODE
    if p.find(f"{_w('pPr')}/{_w('numPr')}") is not None or style.startswith("list"):
        return Kind.LIST_ITEM
    return Kind.BODY


def _style_id(p: etree._Element) -> str:
    style = p.find(f"{_w('pPr')}/{_w('pStyle')}")
    return "" if style is None else style.get(_w("val"), "")


def _text(p: etree._Element, refs: _Refs | None, code: bool = False) -> str:
    """A paragraph's visible text; note references are recorded, not kept as text; code keeps tabs and breaks."""
    parts: list[str] = []
    for run in p.iter(_w("r")):
        # Runs of a text box belong to the text box's own paragraphs, not to this one.
        if next(run.iterancestors(_w("p")), None) is not p:
            continue
        ref = run.find(_w("footnoteReference"))
        if ref is None:
            ref = run.find(_w("endnoteReference"))
        if ref is not None:
            mark = "".join(t.text or "" for t in run.iter(_w("t")))
            custom = ref.get(_w("customMarkFollows"), "").lower() in _TRUE
            if refs is not None:
                refs.add(f"{etree.QName(ref).localname[:-9]}:{ref.get(_w('id'))}", mark.strip() if custom else "")
            continue
        if run.find(_w("footnoteRef")) is not None or run.find(_w("endnoteRef")) is not None:
            continue  # the note's own number at the start of its text
        for el in run:
            tag = etree.QName(el).localname
            if tag == "t":
                parts.append(el.text or "")
            elif tag in ("tab", "br", "cr"):
                parts.append(("\t" if tag == "tab" else "\n") if code else " ")
            elif tag == "noBreakHyphen":
                parts.append("-")
    return "".join(parts)


def _notes(document: DocxDocument, path: str) -> dict[str, str]:
    """Footnote and endnote texts keyed 'footnote:ID' / 'endnote:ID', separators left out."""
    out: dict[str, str] = {}
    for rel in document.part.rels.values():
        kind = rel.reltype.rsplit("/", 1)[-1][:-1]
        if rel.is_external or kind not in _NOTE_KINDS:
            continue
        root = parse_xml(rel.target_part.blob, path, "DOCX")
        for note in root.iterchildren(_w(kind)):
            if note.get(_w("type")) in _SKIP_NOTES:
                continue
            text = " ".join(t for p in note.iter(_w("p")) if (t := _text(p, None).strip()))
            out[f"{kind}:{note.get(_w('id'))}"] = text
    return out

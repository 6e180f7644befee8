"""ODT reader (odfpy): paragraphs and headings in order, lists and table cells, notes as footnote units."""

from __future__ import annotations

import io
import zipfile

from align import errors
from align.models import Kind, Paragraph
from align.readers.xmlsafe import first_line, parse_xml

TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
# Not document text: change-tracking records, field declarations, comments.
_SKIP = {(TEXT, "tracked-changes"), (TEXT, "sequence-decls"), (TEXT, "variable-decls"),
         (TEXT, "user-field-decls"), (OFFICE, "annotation"), (OFFICE, "annotation-end")}
_ELEMENT, _TEXT_NODE = 1, 3


def read_odt(data: bytes, path: str) -> list[Paragraph]:
    """Paragraphs of an ODT text document; footnotes and endnotes follow the body."""
    from odf.opendocument import load

    _check_parts(data, path)
    try:
        root = load(io.BytesIO(data)).text
    except Exception as e:  # odfpy raises whatever its SAX parser or zip layer raises
        raise errors.unreadable(path, "ODT", first_line(str(e)) or type(e).__name__) from None
    if root is None:
        raise errors.unreadable(path, "ODT", "it holds no text body")
    body: list[Paragraph] = []
    notes: list[Paragraph] = []
    _blocks(root, body, notes)
    return body + notes


def _check_parts(data: bytes, path: str) -> None:
    """Parse the XML parts safely first: odfpy's SAX parser prints its errors instead of raising them."""
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        members = set(z.namelist())
        if "content.xml" not in members:
            raise errors.unreadable(path, "ODT", "it has no content.xml")
        for name in ("content.xml", "styles.xml", "meta.xml", "settings.xml"):
            if name in members:
                parse_xml(z.read(name), f"{path}", "ODT")


def _blocks(node: object, out: list[Paragraph], notes: list[Paragraph]) -> None:
    """Block-level walk: text:p and text:h become paragraphs; containers are walked into."""
    for child in node.childNodes:  # type: ignore[attr-defined]
        if child.nodeType != _ELEMENT or child.qname in _SKIP:
            continue
        if child.qname in ((TEXT, "p"), (TEXT, "h")):
            kind = Kind.HEADING if child.qname[1] == "h" else Kind.BODY
            out.append(Paragraph(_inline(child, notes), kind))
        else:
            _blocks(child, out, notes)  # sections, lists, tables and their cells, frames


def _inline(node: object, notes: list[Paragraph]) -> str:
    """The text inside a paragraph; notes met on the way are moved to `notes`."""
    parts: list[str] = []
    for child in node.childNodes:  # type: ignore[attr-defined]
        if child.nodeType == _TEXT_NODE:
            parts.append(child.data)
        elif child.nodeType != _ELEMENT or child.qname in _SKIP:
            continue
        elif child.qname == (TEXT, "s"):
            parts.append(" " * int(child.getAttrNS(TEXT, "c") or 1))
        elif child.qname in ((TEXT, "tab"), (TEXT, "line-break")):
            parts.append(" ")
        elif child.qname == (TEXT, "note"):
            notes.append(_note(child))
        else:
            parts.append(_inline(child, notes))
    return "".join(parts)


def _note(note: object) -> Paragraph:
    label = ""
    paras: list[Paragraph] = []
    for child in note.childNodes:  # type: ignore[attr-defined]
        if child.nodeType != _ELEMENT:
            continue
        if child.qname == (TEXT, "note-citation"):
            label = (child.getAttrNS(TEXT, "label") or _inline(child, [])).strip()
        elif child.qname == (TEXT, "note-body"):
            _blocks(child, paras, [])
    return Paragraph(" ".join(p.text.strip() for p in paras if p.text.strip()), Kind.FOOTNOTE, label)

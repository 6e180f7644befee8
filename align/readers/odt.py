"""ODT reader (odfpy): paragraphs and headings in order, lists and table cells, notes as footnote units."""

from __future__ import annotations

import io
import zipfile

from align import errors
from align.models import Kind, Paragraph
from align.readers.codeblocks import CODE_STYLE, is_monospace
from align.readers.xmlsafe import first_line, parse_xml

TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
STYLE = "urn:oasis:names:tc:opendocument:xmlns:style:1.0"
TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
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
    _blocks(root, body, notes, Kind.BODY, _code_styles(data))
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


def _code_styles(data: bytes) -> set[str]:
    """Paragraph styles that set code: named so (Preformatted Text, Source Code), monospace, or inheriting one."""
    parents: dict[str, str] = {}
    code: set[str] = set()
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        for part in ("styles.xml", "content.xml"):
            if part not in z.namelist():
                continue
            root = parse_xml(z.read(part), part, "ODT")
            for style in root.iter(f"{{{STYLE}}}style"):
                name = style.get(f"{{{STYLE}}}name", "")
                parents[name] = style.get(f"{{{STYLE}}}parent-style-name", "")
                label = name + " " + style.get(f"{{{STYLE}}}display-name", "")
                props = style.iter(f"{{{STYLE}}}text-properties")
                fonts = " ".join(str(el.get(f"{{{STYLE}}}font-name", "")) for el in props)
                if CODE_STYLE.search(label) or (fonts.strip() and is_monospace(fonts)):
                    code.add(name)

    def inherits(name: str, depth: int = 0) -> bool:
        return name in code or (depth < 10 and bool(parents.get(name)) and inherits(parents[name], depth + 1))
    return {name for name in parents if inherits(name)}


def _blocks(node: object, out: list[Paragraph], notes: list[Paragraph], kind: Kind, code: set[str]) -> None:
    """Block-level walk: text:p and text:h become paragraphs; lists and table cells give their kind."""
    for child in node.childNodes:  # type: ignore[attr-defined]
        if child.nodeType != _ELEMENT or child.qname in _SKIP:
            continue
        if child.qname in ((TEXT, "p"), (TEXT, "h")):
            style = child.getAttrNS(TEXT, "style-name") or ""
            here = (Kind.HEADING if child.qname[1] == "h" else Kind.CODE if style in code else kind)
            out.append(Paragraph(_inline(child, notes, here is Kind.CODE), here))
        else:
            inner = (Kind.LIST_ITEM if child.qname == (TEXT, "list-item")
                     else Kind.TABLE_CELL if child.qname == (TABLE, "table-cell") else kind)
            _blocks(child, out, notes, inner, code)  # sections, lists, tables and their cells, frames


def _inline(node: object, notes: list[Paragraph], code: bool = False) -> str:
    """The text inside a paragraph; notes met on the way are moved to `notes`; code keeps tabs and breaks."""
    parts: list[str] = []
    for child in node.childNodes:  # type: ignore[attr-defined]
        if child.nodeType == _TEXT_NODE:
            parts.append(child.data)
        elif child.nodeType != _ELEMENT or child.qname in _SKIP:
            continue
        elif child.qname == (TEXT, "s"):
            parts.append(" " * int(child.getAttrNS(TEXT, "c") or 1))
        elif child.qname in ((TEXT, "tab"), (TEXT, "line-break")):
            parts.append(("\t" if child.qname[1] == "tab" else "\n") if code else " ")
        elif child.qname == (TEXT, "note"):
            notes.append(_note(child))
        else:
            parts.append(_inline(child, notes, code))
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
            _blocks(child, paras, [], Kind.FOOTNOTE, set())
    return Paragraph(" ".join(p.text.strip() for p in paras if p.text.strip()), Kind.FOOTNOTE, label)

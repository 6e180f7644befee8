"""Read any supported document into text or structured paragraphs, choosing the format by content."""

from __future__ import annotations

import io
import re
import stat
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

from align import errors, limits
from align.models import Paragraph
from align.ocr.detect import PdfEvidence
from align.readers.decode import decode_bytes
from align.readers.structured import finish
from align.readers.xmlsafe import ENTITY_DECL, MAX_XML_BYTES

FORMATS = ("text", "pdf", "docx", "odt", "html", "xliff", "tmx")
_HTML_EXT = {".html", ".htm", ".xhtml", ".shtml"}
_HTML_ROOTS = {"html", "head", "body", "div", "p", "section", "article", "main", "table", "h1", "h2", "ul"}
_PDF_HEADER = re.compile(rb"%PDF-\d")
_FIRST_TAG = re.compile(r"<(?![!?/])([A-Za-z_][\w.:-]*)")
_SKIP_PROLOG = re.compile(r"<\?.*?\?>|<!--.*?-->|<!DOCTYPE[^>\[]*(\[.*?\])?\s*>", re.DOTALL | re.IGNORECASE)


@dataclass
class Content:
    """A read document: laid-out `text` for the layout cleanup, or `paragraphs` when the format has structure."""

    format: str
    text: str = ""
    paragraphs: list[Paragraph] | None = None
    pdf: PdfEvidence | None = None  # a PDF's producer and image-covered pages, for the OCR decision

    def plain_text(self) -> str:
        """The document's text, for language detection."""
        if self.paragraphs is None:
            return self.text
        return "\n\n".join(p.text for p in self.paragraphs)


def read_document(path: str | Path, lang: str, *, side: str | None = None) -> Content:
    """Read `path` in whatever supported format its bytes show; `side` picks an XLIFF/TMX side."""
    p = Path(path)
    name = str(path)
    data = read_input(p, name)
    if not data.strip():
        raise errors.empty_file(name)
    fmt = sniff(data, name)
    if fmt == "text":
        content = Content("text", text=decode_bytes(data, name))
    elif fmt == "pdf":
        from align.readers.pdf import read_pdf

        text, paragraphs, evidence = read_pdf(data, name, lang)
        if paragraphs is not None:
            paragraphs = finish(paragraphs, lang)
        content = Content("pdf", text=text, paragraphs=paragraphs or None, pdf=evidence)
    else:
        paragraphs = finish(_structured(fmt, data, name, lang, side), lang)
        if not paragraphs:
            raise errors.empty_file(name)
        content = Content(fmt, paragraphs=paragraphs)
    limits.check_text(content.plain_text(), name)
    return content


def read_input(p: Path, name: str) -> bytes:
    """The bytes of an input file: what it is when not a regular file, refused by size before reading."""
    try:
        mode = p.stat().st_mode
    except FileNotFoundError:
        raise errors.missing_file(name) from None
    except OSError as e:
        raise errors.os_problem(e, name) from None
    if stat.S_ISDIR(mode):
        raise errors.missing_file(name)  # its message for a folder
    if not stat.S_ISREG(mode):
        raise errors.not_a_file(name, errors.file_type(mode))
    limits.check_input_file(p, name)
    try:
        return p.read_bytes()
    except OSError as e:
        raise errors.os_problem(e, name) from None



def _structured(fmt: str, data: bytes, name: str, lang: str, side: str | None) -> list[Paragraph]:
    if fmt == "docx":
        from align.readers.word import read_docx

        return read_docx(data, name)
    if fmt == "odt":
        from align.readers.odt import read_odt

        return read_odt(data, name)
    if fmt == "html":
        from align.readers.web import read_html

        return read_html(data, name)
    from align.readers.bitext import read_tmx_side, read_xliff

    return read_xliff(data, name, lang, side) if fmt == "xliff" else read_tmx_side(data, name, lang, side)


def sniff(data: bytes, name: str = "<input>") -> str:
    """The document format shown by the bytes (magic numbers, archive members, root element)."""
    head = data[:65536]  # room for a long comment or DOCTYPE before the root element
    if _PDF_HEADER.search(data[:1024]) and (b"%%EOF" in data[-2048:] or b" obj" in head or not _textual(head)):
        return "pdf"  # a text that merely starts with "%PDF" has no objects, no end marker and no binary bytes
    if head.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return _zip_kind(data, name)
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise errors.unsupported_format(name, "a legacy Office (.doc/.xls) file")
    if head.startswith(b"{\\rtf"):
        raise errors.unsupported_format(name, "an RTF file")
    markup = _markup_kind(head, name)
    if markup:
        return markup
    return "html" if Path(name).suffix.lower() in _HTML_EXT else "text"


def _textual(head: bytes) -> bool:
    """Whether the first bytes read as UTF-8 text without NULs (a sequence cut at the end is allowed)."""
    sample = head[:4096]
    if b"\x00" in sample:
        return False
    try:
        sample.decode("utf-8")
    except UnicodeDecodeError as e:
        return e.start >= len(sample) - 3
    return True


def _markup_kind(head: bytes, name: str) -> str | None:
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = head.decode("utf-16", errors="replace")
    else:
        text = head.decode("utf-8", errors="replace")
    text = text.lstrip("\ufeff \t\r\n")
    if not text.startswith("<"):
        return None
    if re.match(r"<!DOCTYPE\s+html", text, re.IGNORECASE):
        return "html"
    m = _FIRST_TAG.search(_SKIP_PROLOG.sub("", text))
    root = m.group(1).split(":")[-1].lower() if m else ""
    if root in ("xliff", "tmx"):
        return root
    if root in _HTML_ROOTS:
        return "html"
    if text.startswith("<?xml"):
        raise errors.unsupported_format(name, f"an XML document with root <{root or '?'}>")
    return None  # text that happens to start with "<"


def _zip_kind(data: bytes, name: str) -> str:
    """DOCX or ODT by the archive's members; other archives are refused, and so are zip bombs."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            infos = z.infolist()
            members = {i.filename for i in infos}
            declared, limit = sum(i.file_size for i in infos), int(limits.current().unpacked_mb * limits.MB)
            if declared > limit:
                raise errors.too_large(name, "the unpacked archive", declared, limit, limits.setting("unpacked_mb"))
            mimetype = z.read("mimetype")[:100] if "mimetype" in members else b""
            kind = ("docx" if "word/document.xml" in members
                    else "odt" if mimetype.startswith(b"application/vnd.oasis.opendocument.text")
                    else "")
            if kind:
                _check_members(z, name, kind.upper())
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, NotImplementedError, RuntimeError,
            ValueError, zlib.error) as e:
        raise errors.unreadable(name, "ZIP archive (DOCX/ODT)", errors.reason(e)) from None
    if kind:
        return kind
    if "xl/workbook.xml" in members or "ppt/presentation.xml" in members:
        raise errors.unsupported_format(name, "an Excel or PowerPoint file")
    if mimetype:
        raise errors.unsupported_format(name, f"an OpenDocument of type {mimetype.decode(errors='replace')}")
    raise errors.unsupported_format(name, "a ZIP archive that is neither DOCX nor ODT")


def _check_members(z: zipfile.ZipFile, name: str, fmt: str) -> None:
    """Inflate every member with a measured budget and refuse XML parts that declare entities, before any library
    parses them (a header may lie about a member's size; a damaged member fails here, not in python-docx)."""
    budget = [0]
    for info in z.infolist():
        if info.filename.endswith((".xml", ".rels")):
            if info.file_size > MAX_XML_BYTES:
                raise errors.unreadable(name, fmt, f"{info.filename} is larger than {MAX_XML_BYTES // 2**20} MB")
            if ENTITY_DECL.search(limits.read_member(z, info, name, budget)):
                raise errors.unsafe_xml(name, f"{info.filename} declares XML entities (a possible attack)")
        elif not info.is_dir():
            limits.read_member(z, info, name, budget)

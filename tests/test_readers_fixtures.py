"""Real-format fixtures made from the UN pair: a DOCX and an ODT with real footnotes, an HTML page.

The paginated PDF is made in tests/test_readers_pdfmaker.py."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from align.models import Kind
from align.text.cleanup import clean_paragraphs
from tests.shared import CORPUS

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


@dataclass
class Unit:
    """A paragraph of the UN text with where its footnote references go (offset in text, note label)."""

    kind: Kind
    label: str
    text: str
    refs: list[tuple[int, str]] = field(default_factory=list)


def un_units(lang: str = "en") -> list[Unit]:
    """The cleaned UN paragraphs of one side with their footnote references put back.

    English references are found where the text has them ("organizations2,"); the French OCR's are
    garbled ("autres®,"), so there each note is referenced at the end of the paragraph before it
    and numbered afresh, as a clean French original would be.
    """
    raw = (CORPUS / f"{lang}.txt").read_text(encoding="utf-8")
    units = [Unit(p.kind, p.label, p.text) for p in clean_paragraphs(raw, lang)]
    flat = " ".join(raw.split())
    notes = [(i, u) for i, u in enumerate(units) if u.kind is Kind.FOOTNOTE and u.label != "*"]
    if lang == "en":
        for _, note in notes:
            host, pos = _english_ref(units, flat, note.label)
            host.refs.append((pos, note.label))
        return units
    for number, (_, note) in enumerate(notes, 1):
        note.label = str(number)
    # Last note first, so that notes keep their order when several go back past the same paragraphs;
    # one reference per paragraph, as "Unies234," would read as a number, not as three notes.
    for i, note in reversed(notes):
        host = next(u for u in reversed(units[:i]) if u.kind is not Kind.FOOTNOTE and not u.refs)
        host.refs.append((len(host.text.rstrip(",.;: ")), note.label))
    return units


def _english_ref(units: list[Unit], flat: str, label: str) -> tuple[Unit, int]:
    # The reference is the note number glued to a word ("organizations2,") or a year ("20116").
    m = re.search(rf"(?:(?<=[a-z])|(?<=\b(?:19|20)\d\d)){label}(?=[\s,.;:)])", flat)
    assert m, label
    # Letters and digits around the reference (hyphenation and spacing differ) find its paragraph.
    before = _alnum(" ".join(flat[: m.start()].split()[-8:]))
    after = _alnum(" ".join(flat[m.end():].split()[:4]))
    bodies = [u for u in units if u.kind is not Kind.FOOTNOTE]
    hosts = [u for u in bodies if before + after in _alnum(u.text)]
    if not hosts:  # the reference ends its paragraph
        hosts, after = [u for u in bodies if _alnum(u.text).endswith(before)], ""
    assert len(hosts) == 1, before
    offset = _alnum(hosts[0].text).index(before + after) + len(before)
    return hosts[0], _position(hosts[0].text, offset)


def _alnum(text: str) -> str:
    return "".join(ch for ch in text if ch.isalnum())


def _position(text: str, alnum_offset: int) -> int:
    """The offset in `text` just after its `alnum_offset`-th letter or digit."""
    seen = 0
    for i, ch in enumerate(text):
        if seen == alnum_offset:
            return i
        seen += ch.isalnum()
    return len(text)


def pieces(unit: Unit) -> list[tuple[str, str]]:
    """(text, note label) pieces: each text piece is followed by the reference `label` ('' at the end)."""
    out, start = [], 0
    for pos, label in sorted(unit.refs):
        out.append((unit.text[start:pos], label))
        start = pos
    out.append((unit.text[start:], ""))
    return out


# ---------------------------------------------------------------- DOCX

def make_docx(units: list[Unit], path: Path) -> Path:
    """A DOCX with Title/Heading styles, typed paragraph numbers and real footnotes (one `*` custom mark)."""
    import docx
    from docx.opc.constants import CONTENT_TYPE as CT
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part
    from docx.oxml import parse_xml

    doc = docx.Document()
    notes = {u.label: u.text for u in units if u.kind is Kind.FOOTNOTE}
    ids: dict[str, int] = {}
    body = [u for u in units if u.kind is not Kind.FOOTNOTE]
    for i, unit in enumerate(body):
        para = doc.add_paragraph(style="Title" if i == 0 else None)
        if unit.label:
            para.add_run(f"{unit.label}.\t")
        for text, label in pieces(unit):
            para.add_run(text)
            if label and label not in ids:
                ids[label] = len(ids) + 1
                para._p.append(parse_xml(_ref_run(ids[label], "")))
        if i == 0 and "*" in notes:
            ids["*"] = len(ids) + 1
            para._p.append(parse_xml(_ref_run(ids["*"], "*")))
    xml = [f'<w:footnotes xmlns:w="{W_NS}">',
           '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>',
           '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/>'
           "</w:r></w:p></w:footnote>"]
    for label, n in ids.items():
        mark = f"<w:t>{label}</w:t>" if label == "*" else "<w:footnoteRef/>"
        xml.append(f'<w:footnote w:id="{n}"><w:p><w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr>{mark}'
                   f'</w:r><w:r><w:t xml:space="preserve"> {html.escape(notes[label])}</w:t></w:r></w:p>'
                   "</w:footnote>")
    xml.append("</w:footnotes>")
    part = Part(PackURI("/word/footnotes.xml"), CT.WML_FOOTNOTES, "".join(xml).encode(), doc.part.package)
    doc.part.relate_to(part, RT.FOOTNOTES)
    doc.save(str(path))
    return path


def _ref_run(note_id: int, custom: str) -> str:
    attrs = ' w:customMarkFollows="1"' if custom else ""
    text = f"<w:t>{custom}</w:t>" if custom else ""
    return (f'<w:r xmlns:w="{W_NS}"><w:rPr><w:vertAlign w:val="superscript"/></w:rPr>'
            f'<w:footnoteReference{attrs} w:id="{note_id}"/>{text}</w:r>')


# ---------------------------------------------------------------- ODT

def make_odt(units: list[Unit], path: Path) -> Path:
    """An ODT with a heading, typed paragraph numbers and real text:note footnotes."""
    from odf.opendocument import OpenDocumentText
    from odf.text import H, Note, NoteBody, NoteCitation, P

    doc = OpenDocumentText()
    notes = {u.label: u.text for u in units if u.kind is Kind.FOOTNOTE}
    done: set[str] = set()
    body = [u for u in units if u.kind is not Kind.FOOTNOTE]
    for i, unit in enumerate(body):
        para = H(outlinelevel=1) if i == 0 else P()
        if unit.label:
            para.addText(f"{unit.label}. ")
        for text, label in pieces(unit) + ([("", "*")] if i == 0 and "*" in notes else []):
            para.addText(text)
            if label and label not in done:
                done.add(label)
                note = Note(id=f"ftn{len(done)}", noteclass="footnote")
                note.addElement(NoteCitation(text=label))
                note_body = NoteBody()
                note_body.addElement(P(text=notes[label]))
                note.addElement(note_body)
                para.addElement(note)
        doc.text.addElement(para)
    doc.save(str(path))
    return path


# ---------------------------------------------------------------- HTML

def make_html(units: list[Unit], path: Path) -> Path:
    """A web page: site header, navigation, sidebar, scripts and footer around the resolution."""
    body = [u for u in units if u.kind is not Kind.FOOTNOTE]
    notes = [u for u in units if u.kind is Kind.FOOTNOTE]
    order = {n.label: i + 1 for i, n in enumerate(notes)}
    out = ['<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>A/72/L.10 | UN Documents</title>',
           "<style>body{font-family:serif} nav a{margin:1em}</style>",
           "<script>window.dataLayer = [{'page': 'resolution'}]; function track(){ return 1; }</script></head>",
           '<body><header><div class="logo">United Nations</div><p>Welcome to the Official Document System</p>'
           '</header><nav><ul><li><a href="/">Home</a></li><li><a href="/search">Search documents</a></li>'
           '<li><a href="/help">Help and contact information</a></li></ul></nav>',
           '<div class="layout"><aside><h3>Related documents</h3><p>A/71/160 Report of the Secretary-General.</p>'
           '</aside><main><article>']
    for i, unit in enumerate(body):
        parts = []
        for text, label in pieces(unit):
            parts.append(html.escape(text))
            if label:
                parts.append(f'<sup><a href="#fn{order[label]}" id="r{order[label]}">{label}</a></sup>')
        if i == 0:
            parts.append('<sup><a href="#fn1">*</a></sup>' if "*" in order else "")
            out.append(f"<h1>{''.join(parts)}</h1>")
        else:
            number = f"{unit.label}. " if unit.label else ""
            out.append(f"<p>{number}{''.join(parts)}</p>")
    out.append('<section class="footnotes"><h2>Notes</h2><ol>')
    for n in notes:
        out.append(f'<li id="fn{order[n.label]}">{html.escape(n.text)} '
                   f'<a href="#r{order[n.label]}" class="footnote-back">↩</a></li>')
    out.append('</ol></section></article></main></div><footer><p>Copyright United Nations 2017. '
               'All rights reserved.</p><a href="/privacy">Privacy notice</a></footer>'
               '<script>track();</script></body></html>')
    path.write_text("\n".join(out), encoding="utf-8")
    return path


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_un_units_place_every_numbered_note(lang):
    units = un_units(lang)
    refs = {label for u in units for _, label in u.refs}
    assert refs == {u.label for u in units if u.kind is Kind.FOOTNOTE and u.label.isdigit()}

"""Each reader on small documents made here: structure kept, furniture dropped, format chosen by content."""

from __future__ import annotations

import re
import shutil

import pytest

from align.errors import InputError
from align.models import Kind
from align.prepare import load_document
from align.readers import read_document, sniff
from align.text.cleanup import clean_paragraphs
from tests.fixtures.documents import make_docx, make_html, make_odt, un_units
from tests.fixtures.paths import CORPUS
from tests.fixtures.pdfmaker import make_pdf

EN = "en"


def kinds(paragraphs) -> list[str]:
    return [p.kind.value for p in paragraphs]


@pytest.fixture(scope="module")
def units():
    return un_units(EN)


@pytest.fixture(scope="module")
def plain_paragraphs():
    return clean_paragraphs((CORPUS / "en.txt").read_text(encoding="utf-8"), EN)


def side(lang: str) -> tuple[list, list]:
    """The UN units of one side and the paragraphs its plain text cleans into."""
    return un_units(lang), clean_paragraphs((CORPUS / f"{lang}.txt").read_text(encoding="utf-8"), lang)


# ---------------------------------------------------------------- format by content

def test_format_is_chosen_by_content_not_extension(tmp_path, units):
    docx = make_docx(units, tmp_path / "a.docx")
    disguised = tmp_path / "resolution.txt"
    shutil.copy(docx, disguised)
    assert read_document(disguised, EN).format == "docx"
    html = make_html(units, tmp_path / "page.html")
    shutil.copy(html, tmp_path / "page")
    assert read_document(tmp_path / "page", EN).format == "html"
    assert read_document(CORPUS / "en.txt", EN).format == "text"


@pytest.mark.parametrize(("head", "fmt"), [
    (b"%PDF-1.7\n1 0 obj\n<<", "pdf"),
    (b"%PDF-1.7\n\xe2\xe3\xcf\xd3\n", "pdf"),
    (b"%PDF-1.4 is the version our printers accept.\n", "text"),
    (b'<?xml version="1.0"?>\n<!-- c -->\n<xliff version="1.2">', "xliff"),
    (b'\xef\xbb\xbf<?xml version="1.0"?><!DOCTYPE tmx SYSTEM "tmx14.dtd"><tmx version="1.4">', "tmx"),
    ("<?xml version='1.0' encoding='utf-16'?><xliff version='2.0'>".encode("utf-16"), "xliff"),
    (b"<!doctype html><p>Hello</p>", "html"),
    (b"<div><p>Hello</p></div>", "html"),
    (b"Plain text, with <b> in it.", "text"),
    (b"<note> to self: this is text", "text"),
    (b'<?xml version="1.0"?><!--' + b"x" * 20000 + b'--><tmx version="1.4">', "tmx"),
])
def test_sniff(head, fmt):
    assert sniff(head) == fmt


@pytest.mark.parametrize(("data", "what"), [
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "legacy Office"),
    (b"{\\rtf1\\ansi Hello}", "RTF"),
    (b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"/>', "root <svg>"),
])
def test_unsupported_formats_say_what_they_are(tmp_path, data, what):
    path = tmp_path / "doc.bin"
    path.write_bytes(data)
    with pytest.raises(InputError, match=what):
        read_document(path, EN)


# ---------------------------------------------------------------- DOCX / ODT / HTML on the UN text

@pytest.mark.parametrize("lang", ["en", "fr"])
@pytest.mark.parametrize("make", [make_docx, make_odt, make_html], ids=["docx", "odt", "html"])
def test_structured_readers_give_the_plain_text_paragraphs(tmp_path, make, lang):
    units, plain_paragraphs = side(lang)
    got = read_document(make(units, tmp_path / f"un.{make.__name__[5:]}"), lang).paragraphs
    assert got is not None
    body = [(p.text, p.label) for p in got if p.kind is not Kind.FOOTNOTE]
    want = [(p.text, p.label) for p in plain_paragraphs if p.kind is not Kind.FOOTNOTE]
    assert body == want
    notes = sorted(p.text for p in got if p.kind is Kind.FOOTNOTE)
    assert notes == sorted(p.text for p in plain_paragraphs if p.kind is Kind.FOOTNOTE)
    assert kinds(got)[:3] == ["heading", "heading", "body"]
    # Reference marks never stay in the text they were attached to.
    if lang == "en":
        assert got[3].text.startswith("Recalling also") and "Conference to participate" in got[3].text


def test_docx_footnote_labels_follow_word_numbering(tmp_path, units):
    got = read_document(make_docx(units, tmp_path / "un.docx"), EN).paragraphs
    notes = [(p.label, p.text[:12]) for p in got if p.kind is Kind.FOOTNOTE]
    assert notes[0] == ("*", "On behalf of")
    assert [label for label, _ in notes[1:]] == ["1", "2", "3", "4", "5", "6"]


def test_docx_tables_cell_by_cell_and_heading_styles(tmp_path):
    import docx

    doc = docx.Document()
    doc.add_heading("Annex", level=1)
    doc.add_paragraph("The table below lists the meetings.")
    table = doc.add_table(rows=2, cols=2)
    for r, row in enumerate([("Meeting", "Date"), ("General meeting", "10 May 2017")]):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    table.cell(1, 0).add_paragraph("Second paragraph of a cell.")
    doc.add_paragraph("After the table.")
    path = tmp_path / "t.docx"
    doc.save(str(path))
    got = read_document(path, EN).paragraphs
    assert [p.text for p in got] == ["Annex", "The table below lists the meetings.", "Meeting", "Date",
                                     "General meeting", "Second paragraph of a cell.", "10 May 2017",
                                     "After the table."]
    assert got[0].kind is Kind.HEADING


def test_odt_lists_tables_and_notes(tmp_path):
    from odf.opendocument import OpenDocumentText
    from odf.table import Table, TableCell, TableColumn, TableRow
    from odf.text import H, List, ListItem, Note, NoteBody, NoteCitation, P, S

    doc = OpenDocumentText()
    doc.text.addElement(H(outlinelevel=1, text="Report of the meeting"))
    para = P(text="The Assembly met")
    note = Note(id="ftn1", noteclass="footnote")
    note.addElement(NoteCitation(text="1"))
    body = NoteBody()
    body.addElement(P(text="See A/71/160."))
    note.addElement(body)
    para.addElement(note)
    para.addElement(S(c=2))
    para.addText("in May.")
    doc.text.addElement(para)
    items = List()
    for text in ("First item.", "Second item."):
        item = ListItem()
        item.addElement(P(text=text))
        items.addElement(item)
    doc.text.addElement(items)
    table = Table(name="T")
    table.addElement(TableColumn(numbercolumnsrepeated=2))
    row = TableRow()
    for text in ("Cell one", "Cell two"):
        cell = TableCell()
        cell.addElement(P(text=text))
        row.addElement(cell)
    table.addElement(row)
    doc.text.addElement(table)
    path = tmp_path / "r.odt"
    doc.save(str(path))
    got = read_document(path, EN).paragraphs
    assert [(p.kind.value, p.label, p.text) for p in got] == [
        ("heading", "", "Report of the meeting"), ("body", "", "The Assembly met in May."),
        ("list-item", "", "First item."), ("list-item", "", "Second item."), ("table-cell", "", "Cell one"),
        ("table-cell", "", "Cell two"), ("footnote", "1", "See A/71/160.")]


def test_html_keeps_main_text_only(tmp_path, units):
    path = make_html(units, tmp_path / "un.html")
    text = read_document(path, EN).plain_text()
    for furniture in ("Welcome to the Official", "Search documents", "Related documents", "Copyright",
                      "Privacy", "dataLayer", "font-family", "↩", "Notes\n"):
        assert furniture not in text


def test_html_without_main_uses_body_and_drops_roles(tmp_path):
    path = tmp_path / "p.htm"
    path.write_text('<html><body><div role="navigation">Home | Search</div><div class="content">'
                    "<h2>Title</h2><p>First paragraph<br>continues here.</p><ul><li>An item</li></ul>"
                    '<p hidden>Secret</p></div><div role="contentinfo">Footer text</div></body></html>',
                    encoding="utf-8")
    got = read_document(path, EN).paragraphs
    assert [(p.kind.value, p.text) for p in got] == [
        ("heading", "Title"), ("body", "First paragraph continues here."), ("list-item", "An item")]


def test_html_article_header_and_footnote_aside_are_text(tmp_path):
    path = tmp_path / "a.html"
    path.write_text('<html><body><header>Site name</header><article><header><h1>The title</h1></header>'
                    '<p>Body text.</p><aside>Share this page</aside><aside role="doc-footnote">1 The note.</aside>'
                    "<footer>Posted in news</footer></article></body></html>", encoding="utf-8")
    got = read_document(path, EN).paragraphs
    assert [(p.kind.value, p.text) for p in got] == [
        ("heading", "The title"), ("body", "Body text."), ("footnote", "The note.")]


def test_html_notes_that_type_their_numbers(tmp_path):
    path = tmp_path / "n.html"
    path.write_text('<html><body><p>Text here.</p><div class="notes"><p>1 A note.</p><p>* Star note.</p>'
                    "</div></body></html>", encoding="utf-8")
    got = read_document(path, EN).paragraphs
    assert [(p.kind.value, p.label, p.text) for p in got] == [
        ("body", "", "Text here."), ("footnote", "1", "A note."), ("footnote", "*", "Star note.")]


# ---------------------------------------------------------------- PDF

@pytest.mark.parametrize("lang", ["en", "fr"])
def test_pdf_page_furniture_goes_and_notes_stay_apart(tmp_path, lang):
    units, plain_paragraphs = side(lang)
    path = make_pdf(units, tmp_path / "un.pdf")
    content = read_document(path, lang)
    assert content.format == "pdf" and content.paragraphs is None
    assert content.text.count("\f") >= 2 and "A/72/L.10" in content.text
    got = clean_paragraphs(content.text, lang)
    assert [(p.kind, p.text) for p in got if p.kind is not Kind.FOOTNOTE] == [
        (p.kind, p.text) for p in plain_paragraphs if p.kind is not Kind.FOOTNOTE]
    assert sorted(p.text for p in got if p.kind is Kind.FOOTNOTE) == sorted(
        p.text for p in plain_paragraphs if p.kind is Kind.FOOTNOTE)
    assert not any(p.text == "A/72/L.10" or re.search(r"\b\d+/\d+$", p.text) for p in got)


def test_pdf_without_text_layer_needs_ocr(tmp_path):
    from fpdf import FPDF

    pdf = FPDF()
    for _ in range(2):
        pdf.add_page()
        pdf.rect(20, 20, 100, 60, style="F")  # a "scanned" page: pictures, no text
    path = tmp_path / "scan.pdf"
    pdf.output(str(path))
    with pytest.raises(InputError, match="no text layer: this PDF needs OCR first"):
        read_document(path, EN)


def test_load_document_reads_a_docx_like_the_text(tmp_path, units):
    path = make_docx(units, tmp_path / "un.docx")
    def streams(doc):
        return ([s.text for s in doc.segments if s.kind is not Kind.FOOTNOTE],
                sorted(s.text for s in doc.segments if s.kind is Kind.FOOTNOTE))

    assert streams(load_document(path, EN)) == streams(load_document(CORPUS / "en.txt", EN))
    presegmented = load_document(path, EN, presegmented=True)
    assert len(presegmented.segments) == len(read_document(path, EN).paragraphs)

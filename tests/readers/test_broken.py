"""Broken and hostile files: every reader answers with one clear line, quickly, in bounded memory."""

from __future__ import annotations

import io
import resource
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from align.errors import InputError
from align.readers import read_document
from tests.fixtures.documents import make_docx, make_odt, un_units
from tests.fixtures.paths import CORPUS
from tests.fixtures.pdfmaker import make_pdf

LOL = "".join(f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10))
BOMB_DTD = f'<!DOCTYPE root [<!ENTITY lol0 "lol">{LOL}]>'


def bomb(root: str, body: str = "&lol9;") -> bytes:
    """A billion-laughs document: nine levels of ten-fold entity expansion (3 GB if expanded)."""
    return f'<?xml version="1.0"?>\n{BOMB_DTD.replace("root", root)}\n<{root}>{body}</{root}>'.encode()


def refused(path: Path, match: str, lang: str = "en") -> str:
    """The InputError message for `path`, checked to be one line and to come fast."""
    start = time.perf_counter()
    with pytest.raises(InputError, match=match) as info:
        read_document(path, lang)
    assert time.perf_counter() - start < 10
    message = str(info.value)
    assert "\n" not in message and str(path) in message
    return message


@pytest.fixture(scope="module")
def units():
    return un_units("en")


def rezip(source: Path, dest: Path, replace: dict[str, bytes]) -> Path:
    """A copy of an office archive with some members replaced."""
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(dest, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            zout.writestr(item, replace.get(item.filename, zin.read(item.filename)))
    return dest


# ---------------------------------------------------------------- PDF

def test_truncated_pdf(tmp_path, units):
    data = make_pdf(units, tmp_path / "un.pdf").read_bytes()
    for cut in (len(data) // 2, 400):
        path = tmp_path / f"cut{cut}.pdf"
        path.write_bytes(data[:cut])
        refused(path, "cannot read this PDF|no text layer")


def test_pdf_header_then_garbage(tmp_path):
    path = tmp_path / "junk.pdf"
    path.write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 40)
    refused(path, "cannot read this PDF")


def test_encrypted_pdf(tmp_path):
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=12)
    pdf.cell(text="Secret resolution text.")
    pdf.set_encryption(owner_password="owner", user_password="user")
    path = tmp_path / "locked.pdf"
    pdf.output(str(path))
    refused(path, "cannot read this PDF: the PDF is password-protected")


# ---------------------------------------------------------------- DOCX / ODT

def test_zip_that_is_not_a_docx(tmp_path):
    path = tmp_path / "report.docx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("notes.txt", "hello")
    refused(path, "ZIP archive that is neither DOCX nor ODT")


def test_truncated_docx(tmp_path, units):
    data = make_docx(units, tmp_path / "un.docx").read_bytes()
    path = tmp_path / "cut.docx"
    path.write_bytes(data[: len(data) // 2])
    refused(path, "cannot read this")


@pytest.mark.parametrize(("member", "content", "match"), [
    ("word/document.xml", b"<w:document xmlns:w='x'><w:body><w:p>", "cannot read this DOCX"),
    ("word/document.xml", bomb("w:document"), "refused for safety"),
    ("word/footnotes.xml", bomb("w:footnotes"), "refused for safety"),
    ("word/footnotes.xml", b"<w:footnotes", "refused for safety|cannot read this DOCX"),
])
def test_docx_with_bad_xml(tmp_path, units, member, content, match):
    source = make_docx(units, tmp_path / "un.docx")
    refused(rezip(source, tmp_path / "bad.docx", {member: content}), match)


def test_zip_bomb_is_refused_before_unpacking(tmp_path, units, monkeypatch):
    monkeypatch.setenv("TMBUILD_UNPACKED_MB", "0.01")
    refused(make_docx(units, tmp_path / "un.docx"), "the unpacked archive is .* more than the limit")


@pytest.mark.parametrize(("content", "match"), [
    (b"<office:document-content xmlns:office='urn:oasis:names:tc:opendocument:xmlns:office:1.0'>",
     "cannot read this ODT"),
    (bomb("office:document-content"), "refused for safety"),
])
def test_odt_with_bad_content(tmp_path, units, content, match):
    source = make_odt(units, tmp_path / "un.odt")
    refused(rezip(source, tmp_path / "bad.odt", {"content.xml": content}), match)


def test_odt_without_content(tmp_path):
    path = tmp_path / "empty.odt"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.text")
    refused(path, "cannot read this ODT")


# ---------------------------------------------------------------- XLIFF / TMX / HTML

XLIFF_HEAD = '<xliff version="1.2"><file source-language="fr" target-language="en"><body>'


@pytest.mark.parametrize(("name", "data", "match"), [
    ("trunc.xlf", f'<?xml version="1.0"?>{XLIFF_HEAD}<trans-unit id="1"><source>Texte'.encode(),
     "malformed XML"),
    ("bomb.xlf", bomb("xliff", '<file source-language="fr"><body><trans-unit id="1"><source>&lol9;</source>'
                      "</trans-unit></body></file>"), "declares entities"),
    ("xxe.xlf", b'<?xml version="1.0"?><!DOCTYPE xliff [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
                b'<xliff version="1.2"><file source-language="en"><body><trans-unit id="1"><source>&e;'
                b"</source></trans-unit></body></file></xliff>", "declares entities"),
    ("bomb16.xlf", bomb("xliff").decode().replace('version="1.0"', 'version="1.0" encoding="UTF-16"')
     .encode("utf-16"), "declares entities"),
    ("deep.xlf", (f'<?xml version="1.0"?>{XLIFF_HEAD}<trans-unit id="1"><source>' + "<g>" * 5000 + "x"
                  + "</g>" * 5000 + "</source></trans-unit></body></file></xliff>").encode(), "malformed XML"),
    ("bomb.tmx", bomb("tmx", '<body><tu><tuv xml:lang="en"><seg>&lol9;</seg></tuv></tu></body>'),
     "declares entities"),
    ("trunc.tmx", b'<?xml version="1.0"?><tmx version="1.4"><header srclang="en"/><body><tu><tuv xml:lang="en">',
     "malformed XML"),
])
def test_bad_bilingual_files(tmp_path, name, data, match):
    path = tmp_path / name
    path.write_bytes(data)
    refused(path, match)


def test_html_entity_bomb_is_not_expanded(tmp_path):
    path = tmp_path / "bomb.html"
    path.write_bytes(b"<!DOCTYPE html [" + LOL.encode() + b"]><html><body><main><p>Recalling its resolution "
                     b"&lol9; of 2015 on cooperation between the organizations.</p></main></body></html>")
    start = time.perf_counter()
    try:
        text = read_document(path, "en").plain_text()
    except InputError as e:
        assert "\n" not in str(e)
    else:
        assert "lollol" not in text and len(text) < 1000
    assert time.perf_counter() - start < 10


def test_html_with_only_navigation_is_empty(tmp_path):
    path = tmp_path / "nav.html"
    path.write_text("<html><body><nav><a href='/'>Home</a> <a href='/a'>About us</a></nav>"
                    "<footer>Contact</footer></body></html>", encoding="utf-8")
    refused(path, "empty or holds no text")


# ---------------------------------------------------------------- through the command line

def _limit_memory() -> None:
    # 2 GB of address space: an expanded billion-laughs bomb (3 GB) could not fit.
    resource.setrlimit(resource.RLIMIT_AS, (2 * 2**30, 2 * 2**30))


@pytest.mark.parametrize("name", ["bomb.xlf", "cut.pdf", "notdocx.docx"])
def test_cli_one_line_error_bounded_memory(tmp_path, units, name):
    path = tmp_path / name
    if name == "bomb.xlf":
        path.write_bytes(bomb("xliff", '<file source-language="fr" target-language="en"><body><trans-unit id="1">'
                              "<source>&lol9;</source></trans-unit></body></file>"))
    elif name == "cut.pdf":
        path.write_bytes(make_pdf(units, tmp_path / "un.pdf").read_bytes()[:3000])
    else:
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w") as z:
            z.writestr("word/notes.txt", "not a document")
        path.write_bytes(buf.getvalue())
    out = tmp_path / "out.tmx"
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "tm.cli", "align", str(path), str(CORPUS / "en.txt"),
                           "-o", str(out)], capture_output=True, text=True, timeout=120,
                          preexec_fn=_limit_memory)
    assert time.perf_counter() - start < 60
    assert proc.returncode == 2, proc.stderr
    lines = [ln for ln in proc.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1 and "Traceback" not in proc.stderr, proc.stderr
    assert str(path) in lines[0]
    assert not out.exists()

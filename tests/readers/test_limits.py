"""Resource limits (align.limits): refused by a stated limit, before memory or time run out."""

from __future__ import annotations

import io
import os
import resource
import zipfile
import zlib
from pathlib import Path

import pytest

from align.errors import InputError, LimitError
from align.limits import Limits, check_text, longest_run
from align.readers import read_document


def test_a_sparse_3_gb_file_is_refused_without_being_read(tmp_path: Path) -> None:
    path = tmp_path / "zeros.txt"
    with path.open("wb") as f:
        f.truncate(3 * 2**30)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    with pytest.raises(LimitError, match=r"the file is 3.0 GB, more than the limit of 100.0 MB.*TMBUILD_INPUT_MB"):
        read_document(path, "fr")
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before < 50_000  # KB


def test_limits_are_set_by_environment_variables(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text("Un texte assez court. " * 100)
    monkeypatch.setenv("TMBUILD_INPUT_MB", "0.001")
    with pytest.raises(LimitError, match="TMBUILD_INPUT_MB"):
        read_document(path, "fr")
    monkeypatch.setenv("TMBUILD_INPUT_MB", "lots")
    with pytest.raises(LimitError, match="TMBUILD_INPUT_MB=lots is not a positive number"):
        Limits.from_env()


@pytest.mark.parametrize(("text", "match"), [
    ("mot " * 10 + "x" * 20_000, "a word of 20,000 characters"),
    (("court " * 200_000).strip(), "a line of 1,199,999 characters"),
])
def test_line_and_token_limits(text: str, match: str) -> None:
    with pytest.raises(LimitError, match=match):
        check_text(text, "doc.txt")


def test_longest_run_matches_split() -> None:
    text = "ab\n\ncdef\ng"
    assert longest_run(text, "\n") == max(len(x) for x in text.split("\n"))


def _docx_with_member(tmp_path: Path, name: str, content: bytes, declared: int | None = None) -> Path:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document xmlns:w='x'/>")
        z.writestr(name, content)
    data = bytearray(buf.getvalue())
    if declared is not None:  # rewrite the uncompressed size in the local and the central header
        size = len(content).to_bytes(4, "little")
        for at in (i for i in range(len(data) - 4) if data[i:i + 4] == size):
            data[at:at + 4] = declared.to_bytes(4, "little")
    path = tmp_path / "lying.docx"
    path.write_bytes(bytes(data))
    return path


def test_a_zip_member_is_measured_while_inflated(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("TMBUILD_MEMBER_MB", "1")
    path = _docx_with_member(tmp_path, "word/media/big.bin", b"\0" * (3 * 2**20))
    with pytest.raises(LimitError, match="archive member word/media/big.bin"):
        read_document(path, "en")


def test_a_zip_member_whose_header_lies_is_refused_in_one_line(tmp_path: Path) -> None:
    path = _docx_with_member(tmp_path, "word/media/img.png", b"\x89PNG" + os.urandom(5000), declared=10)
    with pytest.raises(InputError, match="cannot read this ZIP archive"):
        read_document(path, "en")


def test_a_pdf_stream_bomb_is_refused_before_pdfium(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("TMBUILD_STREAM_MB", "5")
    bomb = zlib.compress(b"\0" * (20 * 2**20), 9)
    pdf = (b"%PDF-1.7\n1 0 obj\n<< /Length " + str(len(bomb)).encode() + b" /Filter /FlateDecode >>\nstream\n"
           + bomb + b"\nendstream\nendobj\ntrailer\n<< >>\n%%EOF\n")
    path = tmp_path / "bomb.pdf"
    path.write_bytes(pdf)
    with pytest.raises(LimitError, match="decompressed content .* TMBUILD_STREAM_MB"):
        read_document(path, "en")


@pytest.mark.parametrize(("data", "fmt"), [
    (b"Un texte sans histoire. " * 20 + b"Un NUL\x00 perdu au milieu.", "text"),
    (b"%PDF-1.4 est la version que nos imprimantes acceptent. Rien d'autre.\n", "text"),
])
def test_valid_text_is_accepted(tmp_path: Path, data: bytes, fmt: str) -> None:
    path = tmp_path / "doc.txt"
    path.write_bytes(data)
    content = read_document(path, "fr")
    assert content.format == fmt
    assert "\x00" not in content.text


@pytest.mark.parametrize(("make", "what"), [
    (lambda p: p.mkdir(), "a folder, not a file"),
    (lambda p: os.mkfifo(p), "a named pipe.*not a regular file"),
    (None, "a device.*not a regular file"),
])
def test_special_inputs_say_what_they_are(tmp_path: Path, make, what: str) -> None:
    path = Path("/dev/zero") if make is None else tmp_path / "x"
    if make is not None:
        make(path)
    with pytest.raises(InputError, match=what):
        read_document(path, "fr")


@pytest.mark.parametrize("depth", [300, 100_000])
def test_an_html_page_nested_too_deep_is_refused_by_the_depth_limit(tmp_path: Path, depth: int) -> None:
    # libxml2's HTML parser recovers silently at 256 levels and drops the rest: that was reported as "empty".
    page = tmp_path / "deep.html"
    page.write_text("<html><body><p>Un paragraphe avant.</p>" + "<div>" * depth + "texte" + "</div>" * depth
                    + "</body></html>", encoding="utf-8")
    with pytest.raises(LimitError, match=r"deep\.html: elements are nested deeper than the nesting limit of 256") as e:
        read_document(page, "fr")
    assert e.value.code == "E135"


def test_an_html_page_within_the_depth_limit_is_read(tmp_path: Path) -> None:
    page = tmp_path / "ok.html"
    page.write_text("<html><body>" + "<div>" * 200 + "<p>Un texte assez profond.</p>" + "</div>" * 200
                    + "</body></html>", encoding="utf-8")
    assert read_document(page, "fr").plain_text() == "Un texte assez profond."

"""The OCR decision (align.ocr.detect) and the spans repair never touches (align.ocr.protect)."""

from __future__ import annotations

import pytest

from align.models import Kind, Paragraph
from align.ocr.detect import OCR_DENSITY, PdfEvidence, born_digital, error_density, judge
from align.ocr.protect import protected_spans
from align.ocr.repair import repair, repair_document
from align.text.segment import segment_document
from tests.fixtures.paths import CORPUS

BORN_DIGITAL_FR = (
    "Le programme lintian dissèque les paquets Debian et émet des informations sur les bogues et les violations "
    "de la Charte. Il contient des vérifications automatiques pour de nombreux aspects de la Charte Debian. "
    "Vous devriez lancer lintian avant chaque envoi : il a une prise en charge des paquets source. "
    "Écrivez à debian-legal@lists.debian.org ou lisez https://www.debian.org/misc/ pour en savoir plus."
)


@pytest.mark.parametrize(("producer", "pages", "images", "expected"), [
    ("LibreOffice 7.4 Writer", 9, 0, True),
    ("Microsoft® Word for Microsoft 365", 3, 0, True),
    ("pdfTeX-1.40.24", 12, 0, True),
    ("ABBYY FineReader 15", 9, 9, False),
    ("LibreOffice 7.4", 4, 3, False),  # a word processor's PDF of scanned pages
    ("", 5, 0, False),  # nothing known: the OCR text path decides by the text
])
def test_born_digital_pdf_by_producer_and_images(producer, pages, images, expected):
    assert born_digital(PdfEvidence(producer, pages, images)) is expected


def test_ocr_producer_or_scanned_pages_mean_ocr_whatever_the_text():
    assert judge("pdf", BORN_DIGITAL_FR, "fr", PdfEvidence("ABBYY FineReader 15", 2, 2)).ocr
    assert judge("pdf", BORN_DIGITAL_FR, "fr", PdfEvidence("Writer", 4, 4)).ocr
    assert not judge("pdf", BORN_DIGITAL_FR, "fr", PdfEvidence("LibreOffice 7.4", 4, 0)).ocr


@pytest.mark.parametrize("fmt", ["text", "docx", "html"])
def test_density_tells_the_un_ocr_from_born_digital_french(fmt):
    ocr = (CORPUS / "fr.txt").read_text(encoding="utf-8")
    assert error_density(ocr, "fr") > 2 * OCR_DENSITY
    assert judge(fmt, ocr, "fr").ocr
    assert error_density(BORN_DIGITAL_FR, "fr") < OCR_DENSITY / 2
    assert not judge(fmt, BORN_DIGITAL_FR, "fr").ocr


def test_other_languages_are_never_repaired():
    assert not judge("text", (CORPUS / "en.txt").read_text(encoding="utf-8"), "en").ocr


@pytest.mark.parametrize("span", [
    "https://www.debian.org/misc/", "debian-legal@lists.debian.org", "/usr/share/doc/a-faire", "-a",
    "--no-repair", "lsb_release", "rules.mk", "`echo a`",
])
def test_untranslatable_spans_are_never_repaired(span):
    text = f"Voir {span} a la fin."
    start = text.index(span)
    assert any(s <= start and start + len(span) <= e for s, e in protected_spans(text))
    repaired, changes = repair(text, "fr")
    assert repaired[start:start + len(span)] == span
    assert all(c.end <= start or c.start >= start + len(span) for c in changes)


def test_code_is_never_repaired():
    paragraphs = [Paragraph("echo a ete lance", Kind.CODE), Paragraph("Il a ete lance hier.")]
    doc = repair_document(segment_document(paragraphs, "fr"))
    assert doc.segments[0].text == "echo a ete lance"
    assert doc.paragraphs[0].text == "echo a ete lance"
    assert {r.segment for r in doc.repairs} == {1}


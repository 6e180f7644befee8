"""OCR repair per page (issue 12): in a PDF whose pages are partly scanned, only the scanned pages are repaired."""

from __future__ import annotations

from pathlib import Path

import pytest

from align.ocr.detect import PdfEvidence, judge
from align.ocr.pages import segment_pages
from align.prepare import load_document
from align.readers import read_document
from tests.fixtures.paths import CORPUS

BORN_DIGITAL_FR = (
    "Le programme lintian dissèque les paquets Debian et émet des informations sur les bogues et les violations "
    "de la Charte. Il contient des vérifications automatiques pour de nombreux aspects de la Charte Debian. "
    "Vous devriez lancer lintian avant chaque envoi : il a une prise en charge des paquets source. "
    "Écrivez à debian-legal@lists.debian.org ou lisez https://www.debian.org/misc/ pour en savoir plus."
)
OCR_FR = (CORPUS / "fr.txt").read_text(encoding="utf-8")


def test_segments_are_placed_on_their_pages_by_their_words() -> None:
    pages = ["Premier paragraphe de la page une.\nIl conti-\nnue ici.", "page 2\n\nUn autre texte, sur la page deux.",
             "Le texte de la page trois, coopera-\ntion comprise."]
    segments = ["Premier paragraphe de la page une.", "Il continue ici.", "Un autre texte, sur la page deux.",
                "Le texte de la page trois, cooperation comprise.", "2"]
    assert segment_pages(segments, pages) == [0, 0, 1, 2, 2]


def test_scanned_pages_of_a_word_processor_pdf_are_the_only_ones_repaired() -> None:
    text = "\f".join([BORN_DIGITAL_FR, OCR_FR[:3000], BORN_DIGITAL_FR])
    verdict = judge("pdf", text, "fr", PdfEvidence("LibreOffice 7.4", 3, 1, (1,)))
    assert verdict.ocr and verdict.pages == frozenset({1})
    # An unknown producer: the other pages are judged by their own error density (born-digital here).
    assert judge("pdf", text, "fr", PdfEvidence("PDFium", 3, 1, (1,))).pages == frozenset({1})
    # OCR text on the other pages too: the whole document is repaired.
    whole = judge("pdf", "\f".join([OCR_FR[3000:6000], OCR_FR[:3000]]), "fr", PdfEvidence("PDFium", 2, 1, (1,)))
    assert whole.ocr and whole.pages is None
    # Every page scanned, or an OCR program's PDF: the whole document, as before.
    assert judge("pdf", text, "fr", PdfEvidence("", 3, 3, (0, 1, 2))).pages is None
    assert judge("pdf", text, "fr", PdfEvidence("ABBYY FineReader 15", 3, 1, (1,))).pages is None


@pytest.fixture(scope="module")
def mixed_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """LibreOffice's PDF of a born-digital French text (two pages and more) with one scanned page inserted
    after its first page; see tests/fixtures/scanmaker.py for how the scanned page is made."""
    from tests.fixtures.odtmaker import Block, convert, make_odt, soffice
    from tests.fixtures.scanmaker import insert_page, scanned_page
    from tests.fixtures.tools import missing

    if soffice() is None:
        missing("LibreOffice is absent (make sysdeps installs libreoffice-writer-nogui)")
    d = tmp_path_factory.mktemp("mixed")
    blocks = [Block("heading", "Outils de construction")]
    blocks += [Block("body", f"Paragraphe {i + 1}. {BORN_DIGITAL_FR}") for i in range(16)]
    blocks.append(Block("code", "echo a ete lance"))
    exported = convert(make_odt(blocks, d / "lo.odt", "fr"), "pdf", d)
    scan = scanned_page(OCR_FR.split("\n")[18:62], d / "scan.pdf")
    return insert_page(exported, scan, 1, d / "mixed.pdf")


@pytest.mark.slow
def test_a_real_mixed_pdf_gets_repairs_on_its_scanned_page_only(mixed_pdf: Path) -> None:
    content = read_document(mixed_pdf, "fr")
    assert content.pdf is not None and content.pdf.scanned == (1,) and content.pdf.text_pages >= 3
    repaired = load_document(mixed_pdf, "fr")
    plain = load_document(mixed_pdf, "fr", repair_ocr=False)
    on = segment_pages(plain.texts(), content.text.split("\f"))
    assert {on[r.segment] for r in repaired.repairs} == {1}
    assert len(repaired.repairs) >= 15  # the UN OCR lines hold that many (a → à, réglement → règlement, …)
    assert 0 in on and 2 in on  # born-digital pages before and after the scanned one
    for seg, before, page in zip(repaired.segments, plain.segments, on, strict=True):
        if page != 1:
            assert seg.text == before.text  # born-digital text left as it came: `il a une`, `echo`, /misc/
    assert any("il a une prise en charge" in s.text for s in repaired.segments)
    assert any("https://www.debian.org/misc/" in s.text for s in repaired.segments)

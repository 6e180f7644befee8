"""Is this text layer OCR? Decided per document, and per page for a PDF, so that repair touches OCR output only.

Born-digital text (a word processor's PDF, HTML, DOCX, ODT) is left as it came: on such documents
every change the repair made was wrong (`echo` → `écho`, `a une` → `à une`). The evidence, strongest first:
a PDF's producer and images under its text, then (for every format: OCR programs also export DOCX
and HTML) the density of repairable errors against the lexicon, measured (NOTES-borndigital.md): 82
repairs per 1,000 words on the UN OCR seed, at most 6.6 on the born-digital Debian manuals in French.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from align.langtags import primary
from align.ocr.repair import count_words, repair

# Repairs per 1,000 words above which text is taken for OCR output; between the two measured populations.
OCR_DENSITY = 20.0
# Characters of a text the density is measured on (about 30,000 words; the UN seed has 6,000).
SAMPLE_CHARS = 200_000
# Producers that write a text layer by recognising page images.
_OCR_PRODUCERS = re.compile(r"abbyy|finereader|tesseract|ocrmypdf|omnipage|readiris|paper ?capture|scansnap|"
                            r"\bocr\b|hocr|kofax|nuance|capture", re.IGNORECASE)
# Word processors and typesetters: their text comes from the document itself.
_AUTHORING = re.compile(r"libreoffice|openoffice|microsoft.{0,20}word|word for|pages|tex\b|latex|pdftex|xetex|luatex|"
                        r"context|docbook|fop|sphinx|pandoc|wkhtmltopdf|chrom|skia|prince|weasyprint|indesign|"
                        r"quarkxpress|framemaker|cairo|quartz|ghostscript|reportlab|apache fop|google docs",
                        re.IGNORECASE)


@dataclass(frozen=True)
class PdfEvidence:
    """What a PDF says about its text layer: producer/creator strings and pages whose text lies over an image."""

    producer: str = ""
    text_pages: int = 0
    image_pages: int = 0  # text pages with an image covering most of the page
    scanned: tuple[int, ...] = ()  # which pages those are (0-based, as the reader's form feeds number them)


@dataclass(frozen=True)
class Verdict:
    """Whether to repair, and why (shown in logs and in `tmbuild clean`); `pages`, when set, limits the repair
    to those pages of a PDF (0-based): a born-digital PDF with a few scanned pages."""

    ocr: bool
    reason: str
    pages: frozenset[int] | None = None


def born_digital(pdf: PdfEvidence) -> bool:
    """A PDF whose producer is a word processor or typesetter and whose text does not lie over scans."""
    return (bool(_AUTHORING.search(pdf.producer)) and not _OCR_PRODUCERS.search(pdf.producer)
            and not (pdf.text_pages and pdf.image_pages * 2 >= pdf.text_pages))


def error_density(text: str, lang: str) -> float:
    """Repairs the OCR repair would make, per 1,000 words, measured on a sample of a long text (`sample`)."""
    text = sample(text)
    words = count_words(text)
    return 1000.0 * len(repair(text, lang)[1]) / words if words else 0.0


def sample(text: str, size: int = SAMPLE_CHARS, pieces: int = 20) -> str:
    """`text` itself up to `size` characters; beyond, `pieces` evenly spaced stretches cut at spaces.

    A density between two populations this far apart (82 against at most 6.6 per 1,000 words) is known
    from 30,000 words as well as from all of them, and a 50 MB text would otherwise be repaired whole just
    to learn that it needs no repair."""
    if len(text) <= size:
        return text
    width, step = size // pieces, len(text) // pieces
    out = []
    for k in range(pieces):
        start = k * step
        # Whole words only: from the first space of the stretch to its last (the text's own start for the first).
        end = start + width
        space = min((i for i in (text.find(" ", start, end), text.find("\n", start, end)) if i >= 0), default=-1)
        lo = 0 if k == 0 else start if space < 0 else space + 1
        hi = max(text.rfind(" ", lo, end), text.rfind("\n", lo, end))
        out.append(text[lo:hi if hi > lo else end])
    return "\n\n".join(out)


def judge(fmt: str, text: str, lang: str, pdf: PdfEvidence | None = None) -> Verdict:
    """OCR or born-digital, from the PDF's evidence and the error density (`fmt` names the format in logs)."""
    if primary(lang) != "fr":
        return Verdict(False, "OCR repair knows French only")
    if pdf is not None:
        if _OCR_PRODUCERS.search(pdf.producer):
            return Verdict(True, f"made by an OCR program ({pdf.producer})")
        if pdf.scanned:
            return _judge_pages(text, lang, pdf)
        if pdf.text_pages and pdf.image_pages * 2 >= pdf.text_pages:
            return Verdict(True, f"text over page images on {pdf.image_pages} of {pdf.text_pages} pages")
        if _AUTHORING.search(pdf.producer):
            return Verdict(False, f"exported by {pdf.producer}")
    density = error_density(text, lang)
    return Verdict(density >= OCR_DENSITY, f"{fmt}: {density:.1f} repairable errors per 1,000 words")


def _judge_pages(text: str, lang: str, pdf: PdfEvidence) -> Verdict:
    """Per page: a page whose text lies over a page image is OCR; the other pages are judged together, by
    the producer (a word processor's pages are born-digital) or else by their error density."""
    pages = text.split("\f")
    scanned = frozenset(i for i in pdf.scanned if i < len(pages))
    rest = [i for i, page in enumerate(pages) if i not in scanned and page.strip()]
    where = f"text over page images on pages {', '.join(str(i + 1) for i in sorted(scanned))}"
    if not rest:
        return Verdict(True, f"{where}: every page")
    if _AUTHORING.search(pdf.producer):
        return Verdict(True, f"{where}; the other {len(rest)} exported by {pdf.producer}", pages=scanned)
    density = error_density("\n\n".join(pages[i] for i in rest), lang)
    if density >= OCR_DENSITY:
        return Verdict(True, f"{where}, and {density:.1f} repairable errors per 1,000 words on the others")
    return Verdict(True, f"{where}; {density:.1f} repairable errors per 1,000 words on the others", pages=scanned)

"""Read a file into a segmented Document: decode, check the language, clean, split sentences."""

from __future__ import annotations

import logging
from pathlib import Path

from align import errors
from align.langtags import parse_tag
from align.limits import Deadline, check_segments
from align.models import Document
from align.ocr.detect import judge
from align.ocr.pages import segment_pages
from align.ocr.repair import repair_document
from align.readers import read_document, sniff
from align.text.cleanup import clean_paragraphs
from align.text.langcheck import check_language
from align.text.segment import presegmented_document, segment_document

log = logging.getLogger(__name__)


def load_document(path: str | Path, lang: str, *, presegmented: bool = False,
                  check_lang: bool = True, warnings: list[str] | None = None,
                  repair_ocr: bool | None = None) -> Document:
    """A cleaned, sentence-segmented document; one sentence per line when `presegmented`.

    Doubtful findings (a side that may be in another language) are appended to `warnings`. With `repair_ocr`,
    French OCR errors are repaired (align.ocr.repair) and logged in the document's `repairs`; with None
    (the default), only when align.ocr.detect finds the text layer to be OCR."""
    # The format (text, PDF, DOCX, ODT, HTML, XLIFF, TMX) is chosen by content in align.readers.
    tag = parse_tag(lang)
    deadline = Deadline(str(path))
    content = read_document(path, tag)
    text = content.plain_text()
    deadline.check("reading")
    if check_lang and (warning := check_language(text, tag, str(path))) and warnings is not None:
        warnings.append(warning)
    if presegmented:
        if content.paragraphs is not None:
            return presegmented_document([p.text for p in content.paragraphs], tag, name=Path(path).name)
        lines = [ln.strip() for ln in text.split("\n")]
        if lines and lines[-1] == "":
            lines.pop()
        return presegmented_document(lines, tag, name=Path(path).name)
    paragraphs = content.paragraphs if content.paragraphs is not None else clean_paragraphs(text, tag)
    deadline.check("cleaning")
    doc = segment_document(paragraphs, tag, name=Path(path).name)
    if not doc.segments:
        raise errors.empty_file(str(path))
    check_segments(len(doc.segments), str(path))
    deadline.check("segmentation")
    only = None  # the segments to repair, when only some pages of a PDF are OCR
    if repair_ocr is None:
        verdict = judge(content.format, text, tag, content.pdf)
        log.info("%s: %s OCR repair (%s)", path, "with" if verdict.ocr else "no", verdict.reason)
        repair_ocr = verdict.ocr
        if verdict.pages is not None:
            on = segment_pages(doc.texts(), content.text.split("\f"))
            only = {s.index for s, page in zip(doc.segments, on, strict=True) if page in verdict.pages}
    doc = repair_document(doc, only) if repair_ocr else doc
    deadline.check("OCR repair")
    return doc


def check_distinct(src: str | Path, tgt: str | Path) -> None:
    """Refuse the same file (or the same bytes) given as both sides."""
    a, b = Path(src), Path(tgt)
    if not (a.is_file() and b.is_file()):
        return  # the reader says what each one is
    try:
        sa, sb = a.stat(), b.stat()
        if sa.st_size == 0 and sb.st_size == 0:
            raise errors.both_empty(str(src), str(tgt))
        # Sizes first: most pairs differ there, and two huge files are then never read whole here.
        same = a.resolve() == b.resolve() or (sa.st_size == sb.st_size and _same_bytes(a, b))
    except OSError:
        return  # unreadable: the reader gives the one-line reason
    # One XLIFF or TMX holds both languages: its two sides are re-aligned against each other.
    if same and not _bilingual(a):
        raise errors.same_file(str(src), str(tgt))


def _same_bytes(a: Path, b: Path) -> bool:
    with a.open("rb") as fa, b.open("rb") as fb:
        while True:
            ca, cb = fa.read(1 << 20), fb.read(1 << 20)
            if ca != cb:
                return False
            if not ca:
                return True


def _bilingual(path: Path) -> bool:
    try:
        with path.open("rb") as f:
            head = f.read(65536)
        return sniff(head, str(path)) in ("xliff", "tmx")
    except (errors.TmbuildError, OSError):
        return False

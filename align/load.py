"""Read a file into a segmented Document: decode, check the language, clean, split sentences."""

from __future__ import annotations

from pathlib import Path

from align import errors
from align.cleanup import clean_paragraphs
from align.ingest import read_text
from align.langcheck import check_language
from align.models import Document
from align.segment import presegmented_document, segment_document


def load_document(path: str | Path, lang: str, *, presegmented: bool = False,
                  check_lang: bool = True) -> Document:
    """A cleaned, sentence-segmented document; one sentence per line when `presegmented`."""
    text = read_text(path)
    if check_lang:
        check_language(text, lang, str(path))
    primary = lang.split("-")[0].lower()
    if presegmented:
        lines = [ln.strip() for ln in text.split("\n")]
        if lines and lines[-1] == "":
            lines.pop()
        return presegmented_document(lines, primary, name=Path(path).name)
    doc = segment_document(clean_paragraphs(text, primary), primary, name=Path(path).name)
    if not doc.segments:
        raise errors.empty_file(str(path))
    return doc


def check_distinct(src: str | Path, tgt: str | Path) -> None:
    """Refuse the same file (or the same bytes) given as both sides."""
    a, b = Path(src), Path(tgt)
    if a.is_file() and b.is_file() and (a.resolve() == b.resolve() or a.read_bytes() == b.read_bytes()):
        raise errors.same_file(str(src), str(tgt))

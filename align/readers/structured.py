"""Finish paragraphs that came with structure (DOCX, ODT, HTML, XLIFF, TMX): the same clean-up as plain text."""

from __future__ import annotations

import re
import unicodedata

from align.models import Kind, Paragraph
from align.readers.codeblocks import join_code_lines
from align.text.layout import NUMBER_PERIOD
from align.text.typography import normalise_chars, normalise_spaces

_SENT_END = tuple(".;:!?")
_NOTE_MARK = re.compile(r"^(\d{1,3}|\*{1,3}|[†‡§])[.)]?\s+(?=\S)")


def finish(paragraphs: list[Paragraph], lang: str) -> list[Paragraph]:
    """Normalised paragraphs: spaces, ligatures, soft hyphens, numbers as labels, titles as headings.

    Code keeps its characters and lines (NFC only); OCR repairs are align.ocr's, applied only to OCR text."""
    out: list[Paragraph] = []
    seen_body = False
    for para in paragraphs:
        if para.kind is Kind.CODE:  # blank code lines are kept until the lines are joined into blocks
            out.append(Paragraph(unicodedata.normalize("NFC", para.text).rstrip(), Kind.CODE, para.label))
            continue
        text = normalise_spaces(normalise_chars(unicodedata.normalize("NFC", para.text)))
        label, kind = para.label, para.kind
        # Typed paragraph numbers ("1. Takes note") become labels, as in the plain-text path.
        if kind is Kind.BODY and not label and (m := NUMBER_PERIOD.match(text)):
            label, text = m.group(1), text[m.end():]
        if kind is Kind.FOOTNOTE and label and text.startswith(label + " "):
            text = text[len(label) + 1:].lstrip()
        elif kind is Kind.FOOTNOTE and not label and (m := _NOTE_MARK.match(text)):
            label, text = m.group(1), text[m.end():]  # a note that types its own number
        if not any(ch.isalnum() for ch in text):
            continue
        # Before the first body paragraph, a short line without closing punctuation is a title.
        if kind is Kind.BODY and not seen_body and len(text) <= 150 and not text.endswith(_SENT_END):
            kind = Kind.HEADING
        seen_body = seen_body or kind is Kind.BODY
        out.append(Paragraph(text, kind, label))
    return [Paragraph(p.text.strip("\n"), p.kind, p.label) if p.kind is Kind.CODE else p
            for p in join_code_lines(out) if p.kind is not Kind.CODE or p.text.strip()]

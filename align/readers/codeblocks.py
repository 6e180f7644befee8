"""What marks code in a word-processor document (style names, monospace fonts), and code lines joined into blocks."""

from __future__ import annotations

import re

from align.models import Kind, Paragraph

# Word's, LibreOffice's and pandoc's names for code paragraph styles.
CODE_STYLE = re.compile(r"preformatted|source[ _]?(?:code|text)|\bcode\b|verbatim|html[ _]?pre|listing|"
                        r"macro[ _]?text|plain[ _]?text|_20_code|sourcecode", re.IGNORECASE)
# Font families a document sets code in (PDF font names carry a subset prefix and a style suffix).
_MONO = re.compile(r"mono|courier|consol|menlo|monaco|typewriter|fixed|code|cousine|inconsolata|\bcmtt|lmmono|"
                   r"andale|lucida ?console|sfmono|hack\b|fira ?mono", re.IGNORECASE)


def is_monospace(font: str) -> bool:
    """True for a monospace font family name ('DejaVu Sans Mono', 'ABCDEF+CourierNewPSMT', 'Liberation Mono')."""
    return bool(_MONO.search(font))


def join_code_lines(paragraphs: list[Paragraph]) -> list[Paragraph]:
    """Consecutive code paragraphs as one code block: word processors keep each code line a paragraph, so
    nothing tells two adjacent code blocks apart there, and every format joins them alike."""
    out: list[Paragraph] = []
    for para in paragraphs:
        if para.kind is Kind.CODE and out and out[-1].kind is Kind.CODE:
            out[-1] = Paragraph(out[-1].text + "\n" + para.text, Kind.CODE, out[-1].label)
        else:
            out.append(para)
    return out

"""Turn laid-out text into clean paragraphs: joined lines, repaired hyphens, no footnote markers."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterator
from itertools import islice, takewhile

from align.langtags import primary
from align.models import Kind, Paragraph
from align.text.hyphens import WORD_START, document_vocabulary, keep_hyphen
from align.text.layout import NUMBER_BARE, NUMBER_PERIOD, RawParagraph, layout_paragraphs
from align.text.scripts import joiner
from align.text.typography import LIGATURES, SOFT_HYPHEN, normalise_spaces

__all__ = ["clean_paragraphs", "join_lines", "keep_hyphen", "normalise_for_matching", "repair_french_elision",
           "strip_note_refs"]
_SENT_END = tuple(".;:!?")


def clean_paragraphs(text: str, lang: str) -> list[Paragraph]:
    """Paragraphs of a document in reading order: body first, footnotes kept as their own units."""
    lang = primary(lang)
    # Soft hyphens stay until lines are joined: at a line end one marks a break inside a word.
    raws = layout_paragraphs(text.translate(LIGATURES))
    vocab = document_vocabulary(line for raw in raws for line in raw.lines)
    note_numbers = {int(r.label) for r in raws if r.kind is Kind.FOOTNOTE and r.label.isdigit()}
    has_notes = bool(note_numbers) or any(r.kind is Kind.FOOTNOTE for r in raws)  # once, not per paragraph
    out: list[Paragraph] = []
    seen_body = False
    for raw in raws:
        para = _paragraph(raw, lang, vocab)
        if not para.text:
            continue
        if para.kind is Kind.BODY:
            text_ = strip_note_refs(para.text, note_numbers, has_notes=has_notes)
            kind = Kind.HEADING if _is_heading(text_, seen_body) else Kind.BODY
            para = Paragraph(text_, kind, para.label)
            seen_body = seen_body or kind is Kind.BODY
        out.append(para)
    return out


def _paragraph(raw: RawParagraph, lang: str, vocab: Counter[str] | None = None) -> Paragraph:
    text = join_lines(raw.lines, lang, vocab).replace(SOFT_HYPHEN, "")
    label = raw.label
    if raw.kind is Kind.BODY and (m := NUMBER_PERIOD.match(text) or NUMBER_BARE.match(text)):
        label, text = m.group(1), text[m.end():]
    if lang == "fr":
        text = repair_french_elision(text)
    text = _NUMERO.sub("n°", text)
    return Paragraph(normalise_spaces(text), raw.kind, label)


def _is_heading(text: str, seen_body: bool) -> bool:
    # A short line with no closing punctuation before the first body paragraph is a title.
    return len(text) <= 150 and (not seen_body) and not text.endswith(_SENT_END)


def join_lines(lines: list[str], lang: str, vocab: Counter[str] | None = None) -> str:
    """Join wrapped lines, deciding at each line-end hyphen whether it belongs to the word."""
    lang = primary(lang)
    # Pieces, not one growing string: searching and slicing the whole paragraph at every line made a
    # paragraph of 200,000 lines quadratic; only the last few characters are ever looked at.
    pieces: list[str] = []
    length = 0  # of the joined pieces
    for line in lines:
        line = line.strip()
        if not length:
            pieces, length = [line], len(line)
            continue
        word = _hyphen_word(pieces)
        n = WORD_START.match(line)
        if _tail(pieces, 1) == SOFT_HYPHEN or (word and n and _tail(pieces, 2) != " -"
                                                and not keep_hyphen(word, n.group(1), lang, vocab)):
            _drop_last_char(pieces)  # a discretionary break, or a hyphen that only broke the word
            length -= 1
        elif not (word and n and _tail(pieces, 2) != " -"):
            line = joiner(_tail(pieces, 1), line) + line
        pieces.append(line)
        length += len(line)
    return "".join(pieces)


def _backwards(pieces: list[str]) -> Iterator[str]:
    """The characters of the joined pieces, last first."""
    for piece in reversed(pieces):
        yield from reversed(piece)


def _tail(pieces: list[str], k: int) -> str:
    """The last `k` characters of the joined pieces."""
    return "".join(reversed(list(islice(_backwards(pieces), k))))


def _hyphen_word(pieces: list[str]) -> str:
    """The letters before a final hyphen of the joined pieces (as HYPHEN_END's group 1 finds them), or ''."""
    chars = _backwards(pieces)
    if next(chars, "") not in ("-", "\u2010"):
        return ""
    # ch.isalnum() and not ch.isdecimal() is exactly the regex class [^\W\d_].
    letters = list(takewhile(lambda ch: ch.isalnum() and not ch.isdecimal(), chars))
    return "".join(reversed(letters))


def _drop_last_char(pieces: list[str]) -> None:
    for k in range(len(pieces) - 1, -1, -1):
        if pieces[k]:
            pieces[k] = pieces[k][:-1]
            return


# The letter before the digits must be lower case so that CO2 or G20 stay as they are.
_LETTER_REF = re.compile(r"(?<=[^\W\d_][a-zà-ÿ])(\d{1,3})(?=[\s,.;:)\]»”]|$)")
_YEAR_REF = re.compile(r"(?<=\b(?:1[6-9]|20)\d\d)(\d{1,2})(?=[\s,.;:)]|$)")
_SYMBOL_REFS = [
    re.compile(r"(?<=\w)®"),
    re.compile(r"(?<=\b(?:1[6-9]|20)\d\d)%"),
    re.compile(r"(?<=[^\W\d_]{2})[!?](?=\s*[,;]|\s+[a-zà-ÿ])"),
]
_NUMERO = re.compile(r"\bn®(?=\s*\d)")
_CLOSE_QUOTE_REF = re.compile(r"(?<=\w)”")


def strip_note_refs(text: str, numbers: set[int], has_notes: bool) -> str:
    """Remove footnote reference markers glued to words (`organizations2,`, `2011` + `6`, `®`)."""
    if not has_notes:
        return text
    if numbers:
        text = _LETTER_REF.sub(lambda m: "" if int(m.group(1)) in numbers else m.group(1), text)
        text = _YEAR_REF.sub(lambda m: "" if int(m.group(1)) in numbers else m.group(1), text)
    for pat in _SYMBOL_REFS:
        text = pat.sub("", text)
    # A closing quote glued to a word with no opening quote before it is a misread marker.
    if "“" not in text and "«" not in text:
        text = _CLOSE_QUOTE_REF.sub("", text)
    return text


_ELISION = re.compile(r"(?<![\w’'])(?:[1I\[|]{1,2}|l[1I])(['’])(?=[^\W\d_])")
_BARE_APOSTROPHE = re.compile(r"(?<=\s)(['’])(?=[aeiouyhàâéèêëîïôûAEIOUYHÉÈÊÀÂÎÔÛ])")


def repair_french_elision(text: str) -> str:
    """OCR turns the article l’ into I’, 1’ or [’ (or drops it); put it back."""

    def fix(m: re.Match[str]) -> str:
        start = m.start()
        # The last 200 characters, not the whole prefix: slicing the prefix at every l’ made an 11 MB text of
        # 200,000 lines quadratic (the cleaning ran out of its 600 s). All spaces there: the prefix decides.
        before = text[max(0, start - 200):start].rstrip() or text[:start].rstrip()
        upper = not before or before.endswith((".", "!", "?", "«"))
        return ("L" if upper else "l") + m.group(1)

    text = _ELISION.sub(fix, text)
    return _BARE_APOSTROPHE.sub(lambda m: "l" + m.group(1), text)


def normalise_for_matching(text: str) -> str:
    """Compatibility-normalised text for encoders and scoring; never shown to users."""
    return unicodedata.normalize("NFKC", text)

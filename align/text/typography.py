"""Character-level clean-up shared by every input format: ligatures, soft hyphens, spaces.

No-break spaces (U+00A0, and the narrow U+202F) are kept, as found, where French typography puts
them: before ; : ! ? » › %, after « ‹ and n°, and after a number (1 000, 10 km, 48 voix).
Anywhere else they are layout artefacts (justified PDF text, HTML `&nbsp;` indents) and become
plain spaces. None are inserted: the TM must hold the document's own text, and conventions differ
(Canadian usage puts no space before ; ! ?). Encoders and scorers see the NFKC form, where both
become plain spaces (align.text.cleanup.normalise_for_matching).
"""

from __future__ import annotations

import re

LIGATURES = str.maketrans({"ﬀ": "ff", "ﬁ": "fi", "ﬂ": "fl", "ﬃ": "ffi", "ﬄ": "ffl", "ﬅ": "st", "ﬆ": "st"})
SOFT_HYPHEN = "\u00ad"
NO_BREAK = "\u00a0\u202f\u2007"
IDEOGRAPHIC_SPACE = "\u3000"
# Whitespace runs, except a lone ASCII space (most of them, and already what `one` would make of it): maximal
# runs of two or more, or one other space character. A callback per word cost 3 s on a 200,000-line file.
_RUN = re.compile(r"[ \t\n\r\u00a0\u2000-\u200a\u202f\u205f\u3000]{2,}|[\t\n\r\u00a0\u2000-\u200a\u202f\u205f\u3000]")
_BEFORE = set(";:!?»›%")
_AFTER = set("«‹°")


def normalise_chars(text: str) -> str:
    """Ligatures spelled out and soft hyphens dropped (use before joining lines only where none end a line)."""
    return text.translate(LIGATURES).replace(SOFT_HYPHEN, "")


def nbsp_wanted(before: str, after: str) -> bool:
    """True when French typography puts a no-break space between the characters `before` and `after`."""
    return after in _BEFORE or before in _AFTER or (before.isdigit() and after.isalnum())


def normalise_spaces(text: str) -> str:
    """Each whitespace run becomes one space, or the no-break space it holds where typography wants one."""
    return _RUN.sub(lambda m: space_for(text, m), text).strip()


def space_for(text: str, m: re.Match[str]) -> str:
    """What one whitespace run `m` of `text` becomes."""
    if m.group().strip(IDEOGRAPHIC_SPACE) == "":
        return m.group()  # Chinese and Japanese typesetting's own full-width space: the text's, not layout
    kept = next((c for c in m.group() if c in NO_BREAK), "")
    if not kept:
        return " "
    before = text[m.start() - 1] if m.start() else ""
    after = text[m.end()] if m.end() < len(text) else ""
    if before and after and nbsp_wanted(before, after):
        return "\u00a0" if kept == "\u2007" else kept
    return " "

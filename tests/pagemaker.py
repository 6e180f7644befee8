"""Lay clean paragraphs out as pdftotext-like pages: wrapped and hyphenated lines, form feeds, furniture."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

VOWELS = set("aeiouyàâéèêëîïôûùAEIOUYÉÈÀ")


@dataclass
class PageStyle:
    """How pages look: text width, lines per page, and what each page carries besides the text."""

    width: int = 68
    lines: int = 22
    indent: int = 5
    header: Callable[[int, str], str | None] = lambda n, section: None  # (page number, section) -> line
    footers: Callable[[int], list[str]] = lambda n: []
    hyphenate: bool = True
    is_heading: Callable[[str], bool] = lambda text: False
    broken: list[tuple[str, str]] = field(default_factory=list)  # (left, right) of every word cut at a line end


def _cut(word: str, room: int) -> int:
    """Where to cut `word` so that its first part plus a hyphen fits in `room`: after a vowel, 3+ letters each side."""
    for i in range(min(room - 1, len(word) - 3), 2, -1):
        if word[i - 1] in VOWELS and word[i].isalpha() and word[i] not in VOWELS and word[:i].isalpha():
            return i
    return 0


def wrap(text: str, style: PageStyle, first_indent: int) -> list[str]:
    """Lines of one paragraph; long words are cut with a hyphen, compounds at their own hyphen."""
    lines: list[str] = []
    cur = " " * first_indent
    for word in text.split(" "):  # split on plain spaces only: a no-break space never breaks a line
        sep = "" if cur.strip() == "" else " "
        if len(cur) + len(sep) + len(word) <= style.width:
            cur += sep + word
            continue
        room = style.width - len(cur) - len(sep)
        hyphen = max(word.rfind("-", 0, room), word.rfind("\u2010", 0, room))
        cut = _cut(word, room) if style.hyphenate and word.isalpha() and len(word) >= 7 else 0
        if style.hyphenate and hyphen > 1 and word[:hyphen].isalpha() and word[hyphen + 1:hyphen + 2].isalpha():
            lines.append(cur + sep + word[:hyphen + 1])
            style.broken.append((word[:hyphen], word[hyphen + 1:]))
            cur = word[hyphen + 1:]
        elif cut:
            lines.append(cur + sep + word[:cut] + "-")
            style.broken.append((word[:cut], word[cut:]))
            cur = word[cut:]
        else:
            lines.append(cur)
            cur = word
    lines.append(cur)
    return lines


def lay_out(paragraphs: list[str], style: PageStyle) -> str:
    """The paragraphs as form-feed-separated pages, a blank line between paragraphs."""
    pages: list[list[str]] = []
    body: list[str] = []
    section = ""
    page_sections: list[str] = []

    def new_page() -> None:
        nonlocal body
        pages.append(body)
        page_sections.append(section)
        body = []

    for para in paragraphs:
        heading = style.is_heading(para)
        if heading:
            section = para
        lines = wrap(para, style, 0 if heading else style.indent)
        # A heading never ends a page (keep with next), as typesetters do.
        need = len(lines) + (3 if heading else 0)
        if body and len(body) + need > style.lines and (heading or len(body) > style.lines - 2):
            new_page()
        for line in lines:
            if len(body) >= style.lines:
                new_page()
            body.append(line)
        body.append("")
    if body:
        new_page()
    out = []
    for n, (page, sec) in enumerate(zip(pages, page_sections, strict=True), 1):
        head = style.header(n, sec)
        top = [head, ""] if head else []
        out.append("\n".join([*top, *page, "", *style.footers(n)]))
    return "\f".join(out) + "\n"

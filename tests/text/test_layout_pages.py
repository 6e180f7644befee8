"""Layout cleanup on documents laid out here as pdftotext-like pages: the paragraphs must come back whole."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from align.text.cleanup import clean_paragraphs
from align.text.furniture import find_furniture
from align.text.layout import NUMBER_PERIOD
from align.text.segment import split_sentences
from tests.fixtures.pagemaker import PageStyle, lay_out
from tests.fixtures.paths import require_shared

TITLES = {"fr": "Déclaration universelle des droits de l’homme", "en": "Universal Declaration of Human Rights"}


def udhr(lang: str) -> list[str]:
    """The official UDHR paragraphs, one a line in the shared file."""
    text = require_shared("benchmarks", "udhr", f"{lang}.txt").read_text(encoding="utf-8")
    return [" ".join(line.split()) for line in text.splitlines() if line.strip()]


def with_french_spaces(paragraphs: list[str]) -> list[str]:
    """No-break spaces where French typography puts them, narrow before ; ! ? as many publishers do."""
    out = [re.sub(r" ([:])", "\u00a0\\1", re.sub(r" ([;!?])", "\u202f\\1", p)) for p in paragraphs]
    return [*out, "Le vote fut acquis par 48\u00a0voix contre 0 (8\u00a0abstentions)\u00a0: «\u00a0oui\u00a0»."]


def expected(paragraphs: list[str]) -> list[tuple[str, str]]:
    """(label, text) as the cleanup gives them: a leading `1.` becomes the paragraph's label."""
    out = []
    for p in paragraphs:
        m = NUMBER_PERIOD.match(p)
        out.append((m.group(1), p[m.end():]) if m else ("", p))
    return out


def is_heading(text: str) -> bool:
    return len(text) < 40 and not text.endswith((".", ",", ";", ":"))


def book_style(lang: str, *, noisy: bool = False) -> PageStyle:
    """Odd/even running heads (title on even pages, section on odd), none on page 1, two footer lines."""
    title = TITLES[lang]

    def header(n: int, section: str) -> str | None:
        if n == 1:
            return None
        if n % 2 == 0:
            shown = title.replace("l", "I", 1) if noisy and n % 6 == 0 else title  # OCR misreads l as I
            return f"{n}{' ' * 20}{shown}"
        part = section if section in ("Préambule", "Preamble") else "Articles"
        return f"{' ' * 30}{part}{' ' * 10}{n}"

    def footers(n: int) -> list[str]:
        return ["https://www.un.org/fr/universal-declaration-human-rights/", f"A/RES/217 (III) – {n}/40"]

    return PageStyle(header=header, footers=footers, is_heading=is_heading)


@pytest.mark.parametrize("lang", ["fr", "en"])
@pytest.mark.parametrize("noisy", [False, True])
def test_udhr_laid_out_in_pages_comes_back_whole(lang, noisy):
    paragraphs = udhr(lang)
    style = book_style(lang, noisy=noisy)
    text = lay_out(paragraphs, style)
    assert text.count("\f") >= 10 and len(style.broken) >= 10  # many pages, many words cut at line ends
    got = [(p.label, p.text) for p in clean_paragraphs(text, lang)]
    assert got == expected(paragraphs)


def test_french_no_break_spaces_survive_layout_and_segmentation():
    paragraphs = with_french_spaces(udhr("fr"))
    text = lay_out(paragraphs, book_style("fr"))
    cleaned = clean_paragraphs(text, "fr")
    assert [(p.label, p.text) for p in cleaned] == expected(paragraphs)
    last = split_sentences(cleaned[-1].text, "fr")
    assert last == ["Le vote fut acquis par 48\u00a0voix contre 0 (8\u00a0abstentions)\u00a0: «\u00a0oui\u00a0»."]


PAGE_FORMS = [lambda n: f"{n}", lambda n: f"- {n} -", lambda n: f"Page {n} of 12", lambda n: f"page {n} sur 12",
              lambda n: f"{n}/12", lambda n: "xlii"[:0] + _roman(n), lambda n: f"[{n}]"]


def _roman(n: int) -> str:
    out = ""
    for value, digits in ((10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")):
        while n >= value:
            out, n = out + digits, n - value
    return out


@pytest.mark.parametrize("form", range(len(PAGE_FORMS)))
def test_page_numbers_in_many_forms_are_dropped(form):
    paragraphs = udhr("en")
    style = PageStyle(footers=lambda n: [" " * 30 + PAGE_FORMS[form](n)], is_heading=is_heading)
    got = [(p.label, p.text) for p in clean_paragraphs(lay_out(paragraphs, style), "en")]
    assert got == expected(paragraphs)


def test_repeated_heading_inside_pages_is_kept_and_varying_numbers_are_not_furniture():
    # `Article 5` style lines at the top of pages have numbers that do not follow the page: not furniture.
    pages = [[f"Article {k}", "", "Some text of the article that goes on.", "", f"{k + 1}"]
             for k in (3, 9, 14, 20, 26)]
    furniture = find_furniture(pages)
    assert not any(furniture.matches(f"Article {k}", p) for p, k in enumerate((3, 9, 14, 20, 26)))
    # The same short heading repeated in the middle of pages stays.
    body = [f"Body line {i} of a page of ordinary length." for i in range(12)]
    pages = [["A/72/L.10", "", *body[:5], "Notes", *body[5:], "", f"{p + 1}/5"] for p in range(5)]
    furniture = find_furniture(pages)
    assert all(furniture.matches("A/72/L.10", p) for p in range(5))
    assert all(furniture.matches(f"{p + 1}/5", p) for p in range(5))
    assert not furniture.matches("Notes", 2)


def test_header_with_document_symbol_and_page_number_and_ocr_noise():
    pages = [["A/72/L.10 3/9" if p != 3 else "A/72/L.1O 4/9", "", "Body text."] for p in range(6)]
    pages = [[ln.replace("3/9", f"{p + 1}/9") for ln in page] for p, page in enumerate(pages)]
    furniture = find_furniture(pages)
    assert all(furniture.matches(page[0], p) for p, page in enumerate(pages))


def test_chapter_running_titles_with_their_own_number():
    # Odd pages carry `Chapter N`; each chapter lasts six pages, so no single title is on a third of them.
    pages = []
    for p in range(36):
        head = f"Chapter {p // 6 + 1}" if p % 2 else "A Long Novel"
        pages.append([head, "", f"Text of page {p}, which goes on.", "", str(p + 1)])
    furniture = find_furniture(pages)
    assert all(furniture.matches(page[0], p) for p, page in enumerate(pages) if p % 6 not in (0, 1))


# Two letters at least: a line holding one letter and a full stop is dropped as an OCR speck (is_garbage).
words = st.text(alphabet=st.sampled_from("abcdefghijklmnoprstuéè"), min_size=2, max_size=14)


@st.composite
def distinct_paragraphs(draw: st.DrawFn) -> list[str]:
    """1-8 paragraphs of 3-60 words, no word used twice in the document, so no line can repeat by chance.

    A line repeated at the edge of several pages is a running header by design (align/text/furniture.py): with
    repeated words, hypothesis builds exactly that ('Aa aa aa.' topping three of four pages)."""
    sizes = draw(st.lists(st.integers(3, 60), min_size=1, max_size=8))
    pool = draw(st.lists(words, min_size=sum(sizes), max_size=sum(sizes), unique=True))
    starts = [sum(sizes[:i]) for i in range(len(sizes))]
    return [" ".join(pool[a:a + n]) for a, n in zip(starts, sizes, strict=True)]


@settings(max_examples=60, deadline=None)
@given(distinct_paragraphs())
def test_wrapping_then_reflowing_gives_the_paragraphs_back(paragraphs):
    # Paragraphs that close with a full stop, as body text does; no hyphenation (the lexicon would judge).
    paragraphs = [p[:1].upper() + p[1:] + "." for p in paragraphs]
    text = lay_out(paragraphs, PageStyle(hyphenate=False, lines=12))
    assert [p.text for p in clean_paragraphs(text, "fr")] == paragraphs

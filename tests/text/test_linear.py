"""Cleanup and segmentation stay linear on huge inputs, and the rewritten line joining changes nothing."""

from __future__ import annotations

import time

from hypothesis import given, settings
from hypothesis import strategies as st

from align.text.cleanup import clean_paragraphs, join_lines
from align.text.hyphens import HYPHEN_END, WORD_START, keep_hyphen
from align.text.scripts import joiner
from align.text.segment import segment_document
from align.text.typography import SOFT_HYPHEN


def _join_lines_reference(lines: list[str], lang: str) -> str:
    """The former implementation (one growing string, a regex search over all of it at every line)."""
    out = ""
    for line in lines:
        line = line.strip()
        if not out:
            out = line
            continue
        m = HYPHEN_END.search(out)
        n = WORD_START.match(line)
        if out.endswith(SOFT_HYPHEN):
            out = out[:-1] + line
        elif m and n and not out.endswith(" -"):
            out = out + line if keep_hyphen(m.group(1), n.group(1), lang, None) else out[:-1] + line
        else:
            out += joiner(out, line) + line
    return out


_LINE = st.text(alphabet=st.sampled_from(list("abcéü- \u2010\u00ad12_.Ω²中文")), max_size=12)


@settings(max_examples=300, deadline=None)
@given(st.lists(_LINE, max_size=12), st.sampled_from(["fr", "en"]))
def test_join_lines_is_unchanged(lines: list[str], lang: str) -> None:
    assert join_lines(lines, lang) == _join_lines_reference(lines, lang)


def _seconds(n_lines: int) -> float:
    text = "\n".join(f"mot{i} suite-" if i % 3 else f"ligne{i}" for i in range(n_lines)) + "\n"
    t0 = time.perf_counter()
    segment_document(clean_paragraphs(text, "fr"), "fr", name="x")
    return time.perf_counter() - t0


def test_one_long_paragraph_of_short_lines_is_linear() -> None:
    small, large = _seconds(20_000), _seconds(80_000)
    # Four times the lines: linear code takes about 4x; the quadratic one took 16x and more.
    assert large < 8 * small + 0.5, (small, large)


def _elision_reference(text: str) -> str:
    """repair_french_elision as it was: the whole prefix sliced at every match (quadratic)."""
    import re

    from align.text.cleanup import _BARE_APOSTROPHE, _ELISION

    def fix(m: re.Match[str]) -> str:
        before = text[:m.start()].rstrip()
        return ("L" if not before or before.endswith((".", "!", "?", "«")) else "l") + m.group(1)

    return _BARE_APOSTROPHE.sub(lambda m: "l" + m.group(1), _ELISION.sub(fix, text))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["I’Organisation", "1’homme", " ", "   " * 90, ".", "«", "\n", "mot", "?"]),
                max_size=40))
def test_elision_repair_is_unchanged(parts: list[str]) -> None:
    from align.text.cleanup import repair_french_elision

    text = "".join(parts)
    assert repair_french_elision(text) == _elision_reference(text)


def test_elision_repair_is_linear() -> None:
    from align.text.cleanup import repair_french_elision
    from tests.fixtures.paths import CORPUS

    un = (CORPUS / "fr.txt").read_text(encoding="utf-8")  # its OCR writes I’ and 1’ for l’ throughout

    def seconds(copies: int) -> float:
        text = un * copies
        t0 = time.process_time()
        repair_french_elision(text)
        return time.process_time() - t0

    # 4x the text: the former prefix slicing took ~16x (3 MB 10.9 s, 6 MB 57 s), now about 4x.
    assert seconds(40) < 8 * max(seconds(10), 0.01)

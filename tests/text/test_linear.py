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

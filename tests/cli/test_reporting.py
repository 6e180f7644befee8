"""Invariants of how errors reach the user: one plain terminal line whatever the text, OS errors in words."""

from __future__ import annotations

import errno
import os
import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from align import errors
from tm.reporting import terminal_text

BIDI = {"\u061c", "\u200e", "\u200f", "\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068",
        "\u2069"}


def _unsafe(ch: str) -> bool:
    return unicodedata.category(ch) in ("Cc", "Zl", "Zp") or ch in BIDI


@given(st.text())
def test_terminal_text_is_one_line_without_controls(text: str) -> None:
    shown = terminal_text(text)
    assert not any(_unsafe(ch) for ch in shown) and len(shown.splitlines()) <= 1
    # Every other character is kept, in order: a translator's « Genève, été » reads as typed.
    rest = iter(shown)
    assert all(ch in rest for ch in text if not _unsafe(ch))


@given(st.sampled_from(sorted(errno.errorcode)), st.text(min_size=1, max_size=40).filter(str.strip))
def test_every_os_error_is_coded_in_words_and_names_the_file(number: int, name: str) -> None:
    problem = errors.os_problem(OSError(number, os.strerror(number), name))
    assert problem.code.startswith("E9") and problem.code[1:].isdigit()
    text = str(problem)
    assert text.startswith(f"{name}: ") and "[Errno" not in text and text.endswith(")")
    assert isinstance(problem, OSError) and problem.errno == number


@given(st.text(max_size=200))
def test_reason_is_one_line_without_errno(message: str) -> None:
    for e in (ValueError(message), OSError(errno.EACCES, os.strerror(errno.EACCES), message or None)):
        why = errors.reason(e)
        assert "\n" not in why and "[Errno" not in why and 0 < len(why) <= 160

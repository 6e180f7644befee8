"""Fast paths give exactly what the slow code gives: the splitter where no stop is inside, spaces left alone."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from align.text.segment import _split, _splitter
from align.text.typography import normalise_spaces, space_for

# Letters of several scripts, digits, spaces, line breaks, quotes and brackets; stops only where drawn below.
_TEXT = st.text(alphabet=st.sampled_from(list("aZéЖж中ل 1 \n'\"«»()[]¿¡-%")), max_size=60)


@settings(max_examples=400, deadline=None)
@given(body=_TEXT, end=st.sampled_from(["", ".", "?", "!", " .", ". ", "...", "?!"]),
       lang=st.sampled_from(["en", "fr", "ru", "es"]))
def test_fast_path_equals_sentence_splitter(body: str, end: str, lang: str) -> None:
    text = body + end
    splitter = _splitter(lang)
    assert _split(splitter, text) == splitter.split(text)


def test_a_stop_inside_still_splits() -> None:
    splitter = _splitter("en")
    assert _split(splitter, "One sentence. Another one") == ["One sentence.", "Another one"]
    assert _split(splitter, "ligne numéro 12") == ["ligne numéro 12"]


_ANY_RUN = re.compile(r"[ \t\n\r\u00a0\u2000-\u200a\u202f\u205f\u3000]+")


@settings(max_examples=600, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("a1«»:;?% \t\n\u00a0\u202f\u2007\u2009\u3000中")), max_size=40))
def test_space_runs_equal_the_callback_on_every_run(text: str) -> None:
    # Every run, a lone space included, through the same callback: what normalise_spaces did before.
    assert normalise_spaces(text) == _ANY_RUN.sub(lambda m: space_for(text, m), text).strip()

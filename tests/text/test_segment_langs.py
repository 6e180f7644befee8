"""Sentence splits per language and script, from the tables in segment_cases."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from align.text.segment import split_sentences
from tests.text.segment_cases import CASES

TABLE = [(lang, text, want) for lang, rows in CASES.items() for text, want in rows]


@pytest.mark.parametrize(("lang", "text", "want"), TABLE, ids=[f"{r[0]}-{i}" for i, r in enumerate(TABLE)])
def test_splits(lang: str, text: str, want: list[str]) -> None:
    assert split_sentences(text, lang) == want


@pytest.mark.parametrize("tag", ["zh-Hans", "zh-CN", "zh_TW", "zh-Hant"])
def test_chinese_tags_share_rules(tag: str) -> None:
    text, want = CASES["zh"][0]
    assert split_sentences(text, tag) == want


_HAN = list("联合国成立于年它有个会员这是真的吗。！？”“，；")
_CJK = st.text(alphabet=st.sampled_from(_HAN), min_size=1, max_size=60)


@given(_CJK)
def test_chinese_split_keeps_every_character(text: str) -> None:
    # Chinese has no spaces to drop: the sentences joined give back the paragraph exactly.
    assert "".join(split_sentences(text, "zh")) == text.strip()


_ARABIC = ["هذا نص.", "هل هذا صحيح؟", "نعم، هذا صحيح!", "\u200fوهذا نص آخر."]


@given(st.lists(st.sampled_from(_ARABIC), min_size=1, max_size=6))
def test_arabic_sentences_are_found_and_bidi_marks_trimmed(sentences: list[str]) -> None:
    got = split_sentences(" ".join(sentences), "ar")
    assert got == [s.strip("\u200f") for s in sentences]

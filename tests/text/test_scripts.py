"""Script facts: lengths comparable across scripts, joining, and the matching view's clean-up."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from align.embed.matching import matching_view
from align.text.scripts import WIDE_WEIGHT, join_sentences, length
from align.text.typography import normalise_spaces


@given(st.text(alphabet=st.characters(max_codepoint=0x24F), max_size=50))
def test_latin_length_is_the_character_count(text: str) -> None:
    # French/English lengths must stay what they were: the paths on the benchmarks depend on them.
    assert length(text) == len(text)


@given(st.text(alphabet=st.sampled_from(list("联合国成立于年")), min_size=1, max_size=30),
       st.text(alphabet=st.sampled_from(list("abc 12.")), max_size=20))
def test_han_characters_weigh_as_their_translation(han: str, latin: str) -> None:
    assert length(han + latin) == pytest.approx(WIDE_WEIGHT * len(han) + len(latin))


@pytest.mark.parametrize(("parts", "want"), [
    (["它有193个会员国！", "这是真的吗？"], "它有193个会员国！这是真的吗？"),
    (["It has 193 members.", "Is it true?"], "It has 193 members. Is it true?"),
    (["هذا نص.", "وهذا نص آخر."], "هذا نص. وهذا نص آخر."),
    (["Debian 是什么？", "Debian is"], "Debian 是什么？ Debian is"),
])
def test_sentences_join_as_the_script_writes_them(parts: list[str], want: str) -> None:
    assert join_sentences(parts) == want


@pytest.mark.parametrize(("text", "lang", "want"), [
    ("الأمم المـــتحدة\u200f ١٢٣", "ar", "الأمم المتحدة 123"),
    ("联合国成立于１９４５年", "zh", "联合国成立于1945年"),
])
def test_matching_view_drops_marks_and_unifies_digits(text: str, lang: str, want: str) -> None:
    assert matching_view([text], lang) == [want]


@pytest.mark.parametrize(("text", "want"), [
    ("第一章\u3000总则", "第一章\u3000总则"),  # a full-width space between a chapter number and its title stays
    ("联合国  成立", "联合国 成立"),  # ordinary space runs still collapse
    ("\u3000\u3000段落开头。", "段落开头。"),  # a paragraph indent is layout
])
def test_ideographic_space_is_kept_inside_text(text: str, want: str) -> None:
    assert normalise_spaces(text) == want

"""The compiled punctuation normaliser gives sacremoses' output exactly."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from sacremoses import MosesPunctNormalizer

from align.embed.matching import CompiledPunctNormalizer, matching_view

PUNCT_HEAVY = st.text(alphabet=st.sampled_from(list("ab1 ,.;:!?«»\u00a0\u202f\"'’“”„…()%-–—–，。！？０９～「」\t")),
                      max_size=40)


@settings(max_examples=300, deadline=None)
@given(text=st.one_of(st.text(max_size=60), PUNCT_HEAVY), lang=st.sampled_from(["fr", "en", "de"]))
def test_same_output_as_sacremoses(text, lang):
    moses = MosesPunctNormalizer(lang=lang, pre_replace_unicode_punct=True)
    assert CompiledPunctNormalizer(lang).normalize(text) == moses.normalize(text)


def test_matching_view_normalises_french_quotes_and_spaces():
    out = matching_view(["« Bonjour » , dit-il ;  voilà… 1 000 %"], "fr")[0]
    assert "«" not in out and "…" not in out and "  " not in out

"""The language check on the six UN languages (texts from the segmentation tables)."""

from __future__ import annotations

import pytest

from align.errors import LanguageError
from align.text.langcheck import MIN_TEXT, NAMES, check_language, detect_language
from tests.text.segment_cases import CASES

SIX = ["ar", "en", "es", "fr", "ru", "zh"]


def _text(lang: str) -> str:
    return " ".join(text for text, _ in CASES[lang])


@pytest.mark.parametrize("lang", SIX)
def test_each_language_is_recognised_and_named(lang: str) -> None:
    assert detect_language(_text(lang))[0] == lang
    assert lang in NAMES


@pytest.mark.parametrize("tag", ["zh-Hans", "zh-CN", "ar", "es-ES", "ru-RU", "fr-CA", "en-GB"])
def test_regional_and_script_tags_pass_for_their_language(tag: str) -> None:
    assert check_language(_text(tag.split("-")[0]), tag, "doc") is None


@pytest.mark.parametrize(("lang", "declared"), [("ru", "es"), ("es", "ru"), ("ar", "en"), ("zh", "ja")])
def test_a_document_in_another_language_is_refused(lang: str, declared: str) -> None:
    text = _text(lang)
    while len(text) < MIN_TEXT:
        text = f"{text} {text}"
    with pytest.raises(LanguageError):
        check_language(text, declared, "doc")

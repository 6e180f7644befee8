"""Paragraphs that start with a lower-case letter: their own after a closed line, joined after an open one."""

from __future__ import annotations

import pytest

from align.text.cleanup import clean_paragraphs

PREAMBLES = {
    "ru": ["Генеральная Ассамблея,", "принимая во внимание резолюцию 71/1,", "признавая важность сотрудничества,",
           "1. постановляет продолжить работу."],
    "es": ["La Asamblea General,", "tomando nota de la resolución 71/1,",
           "reconociendo la importancia de la cooperación,",
           "1. decide seguir trabajando."],
    "en": ["The General Assembly,", "recalling its resolution 71/1,", "recognizing the importance of cooperation,",
           "1. decides to continue its work."],
    "fr": ["L’Assemblée générale,", "rappelant sa résolution 71/1,", "consciente de l’importance de la coopération,",
           "1. décide de poursuivre ses travaux."],
}


@pytest.mark.parametrize("lang", sorted(PREAMBLES))
def test_preamble_clauses_stay_apart(lang: str) -> None:
    lines = PREAMBLES[lang]
    paras = clean_paragraphs("\n\n".join(lines), lang)
    assert len(paras) == len(lines)


@pytest.mark.parametrize(("lang", "first", "second"), [
    ("ru", "Совет рассмотрел вопрос о", "сотрудничестве и принял решение."),
    ("es", "El Consejo examinó la cuestión de la", "cooperación y adoptó una decisión."),
    ("en", "The Council considered the question of", "cooperation and took a decision."),
])
def test_paragraph_broken_by_a_page_mid_sentence_is_joined(lang: str, first: str, second: str) -> None:
    paras = clean_paragraphs(f"{first}\n\f{second}", lang)
    assert [p.text for p in paras] == [f"{first} {second}"]


@pytest.mark.parametrize(("lines", "want"), [
    (["联合国大会决定设立", "一个新的委员会。"], "联合国大会决定设立一个新的委员会。"),
    (["使用 apt-get", "命令。"], "使用 apt-get 命令。"),
])
def test_wrapped_chinese_lines_join_without_a_space(lines: list[str], want: str) -> None:
    assert [p.text for p in clean_paragraphs("\n".join(lines), "zh")] == [want]

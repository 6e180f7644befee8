"""Word resources for the term languages beyond French and English: Spanish, Russian, Chinese.

Stop words are spaCy's lists (shipped in the spacy package, no model); Russian word classes come from pymorphy3's
bundled dictionary, Chinese words and their classes from jieba's; Spanish verbs are recognised from simplemma's
lemmas and verb endings, like French ones.
"""

from __future__ import annotations

import functools
import re

import simplemma

EXTRA_LANGUAGES = frozenset({"es", "ru", "zh"})

# Function words allowed inside a term: "sistema de gestión de paquetes", "archivo de la distribución".
LINKERS = {"es": frozenset({"de", "del", "la", "las", "los", "el", "para"})}
# Word classes that never belong to a term. pymorphy3 (OpenCorpora): verbs, infinitives, gerunds, short
# participles, adverbs, predicatives, pronouns, numerals and function words. jieba (ICTCLAS): verbs but not
# verbal nouns (vn), adverbs, pronouns, numerals, measure words, prepositions, conjunctions, particles…
_RU_NOT_TERM = frozenset({"VERB", "INFN", "GRND", "PRTS", "ADJS", "ADVB", "PRED", "NPRO", "NUMR", "PREP", "CONJ",
                          "PRCL", "INTJ", "COMP"})
_ZH_TERM = re.compile(r"^(?:n|vn|an|j|l|eng)")
_ES_PARTICIPLE = ("ado", "ada", "ados", "adas", "ido", "ida", "idos", "idas")
_ES_FINITE = ("a", "as", "an", "e", "es", "en", "o", "amos", "emos", "imos", "ó", "ió", "aron", "ieron", "aba",
              "aban", "ía", "ían", "ando", "iendo", "ar", "er", "ir", "ará", "erá", "irá", "aría", "ería", "iría")


# Spanish nouns and adjectives in -ar/-er/-ir that look like infinitives.
_ES_NOUN_AR = frozenset((
    "lugar", "mujer", "poder", "deber", "placer", "hogar", "militar", "familiar", "particular", "similar",
    "popular", "regular", "modular", "celular", "auxiliar", "titular", "nivel", "taller", "alfiler",
    "collar", "dólar", "azúcar", "líder", "bar", "sur", "mar", "par",
))


@functools.lru_cache(maxsize=4)
def stop_words(lang: str) -> frozenset[str]:
    """spaCy's stop-word list for `lang` (es, ru, zh)."""
    if lang == "es":
        from spacy.lang.es.stop_words import STOP_WORDS
    elif lang == "ru":
        from spacy.lang.ru.stop_words import STOP_WORDS
    elif lang == "zh":
        from spacy.lang.zh.stop_words import STOP_WORDS
    else:
        return frozenset()
    return frozenset(STOP_WORDS)


@functools.lru_cache(maxsize=1)
def _morph():  # noqa: ANN202 - pymorphy3.MorphAnalyzer, imported lazily
    import pymorphy3

    return pymorphy3.MorphAnalyzer()


@functools.lru_cache(maxsize=65536)
def russian_class(word: str) -> str:
    """The most likely OpenCorpora class of a Russian word (NOUN, ADJF, VERB…), from pymorphy3's dictionary."""
    parses = _morph().parse(word)
    return str(parses[0].tag.POS or "") if parses else ""


def noun_phrase(words: list[str], lang: str) -> bool:
    """Russian: a term holds a noun and ends with one (adjectives before it: исходный пакет, номер версии)."""
    if lang != "ru" or not words:
        return True
    return russian_class(words[-1].lower()) == "NOUN"


def not_term_word(word: str, lang: str, tag: str = "") -> bool:
    """Whether a word of es/ru/zh is a verb or another class that terms do not contain."""
    low = word.lower()
    if lang == "ru":
        return russian_class(low) in _RU_NOT_TERM
    if lang == "zh":
        return not _ZH_TERM.match(tag)
    if lang == "es":
        if low.endswith("mente"):  # adverbs: manualmente
            return True
        if low.endswith(_ES_PARTICIPLE):  # participles as adjectives: Naciones Unidas, paquetes instalados
            return False
        lem = simplemma.lemmatize(low, lang="es")
        if lem == low and low.endswith(("ar", "er", "ir")) and len(low) > 4 and low not in _ES_NOUN_AR:
            return simplemma.is_known(low, lang="es")  # an infinitive: actualizar, instalar
        return lem != low and lem.endswith(("ar", "er", "ir")) and low.endswith(_ES_FINITE) and len(lem) > 3
    return False


def chinese_words(text: str) -> list[tuple[str, int, int, str]]:
    """jieba's words of `text` with their character spans and classes: (word, start, end, class)."""
    import jieba
    import jieba.posseg

    jieba.setLogLevel(60)  # jieba prints its dictionary loading to stderr otherwise
    out = []
    pos = 0
    for pair in jieba.posseg.cut(text):
        word, flag = pair.word, pair.flag
        start = text.find(word, pos)
        if start < 0:
            continue
        pos = start + len(word)
        if word.strip():
            out.append((word, start, pos, flag))
    return out


def citation_form(text: str, lang: str) -> str:
    """The form a termbase records: Russian head noun and the adjectives before it in the nominative
    (командой безопасности -> команда безопасности); other languages unchanged."""
    if lang != "ru":
        return text
    parts = text.split(" ")
    morph = _morph()
    head = next((n for n, w in enumerate(parts) if russian_class(w.lower()) == "NOUN"), None)
    if head is None:
        return text
    noun = next((p for p in morph.parse(parts[head]) if p.tag.POS == "NOUN"), None)
    if noun is None or "nomn" in noun.tag:
        return text
    number = noun.tag.number or "sing"
    out = list(parts)
    nom = noun.inflect({"nomn", number})
    if nom is None:
        return text
    out[head] = _same_case(parts[head], nom.word)
    gender = noun.tag.gender
    for n in range(head):
        adj = next((p for p in morph.parse(parts[n]) if p.tag.POS in ("ADJF", "PRTF")), None)
        want = {"nomn", number} | ({gender} if number == "sing" and gender else set())
        form = adj.inflect(want) if adj is not None else None
        if form is not None:
            out[n] = _same_case(parts[n], form.word)
    return " ".join(out)


def _same_case(original: str, word: str) -> str:
    return word.capitalize() if original[:1].isupper() else word

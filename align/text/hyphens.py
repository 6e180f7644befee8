"""Decide whether a hyphen at a line end belongs to the word (`porte-` `parole`) or only breaks it.

Evidence in order: the document itself (the word written elsewhere on one line, with or without
the hyphen), simplemma's lexicon (which lists compounds such as `c'est-à-dire`, `vingt-et-un`,
`self-determination`), then wordfreq frequencies of the joined word and of its parts.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from functools import lru_cache

from align.langtags import primary

# The word fragment before a line-end hyphen, and the one that opens the next line.
HYPHEN_END = re.compile(r"([^\W\d_]+)([-\u2010])$")
WORD_START = re.compile(r"^([^\W\d_]+)")
_WORD = re.compile(r"[^\W\d_]+(?:[-\u2010'’][^\W\d_]+)*")


def document_vocabulary(lines: Iterable[str]) -> Counter[str]:
    """Lower-cased words and hyphenated compounds written whole inside lines (line ends are left out)."""
    vocab: Counter[str] = Counter()
    for line in lines:
        line = line.strip()
        if HYPHEN_END.search(line):
            line = line[: line.rfind(" ") + 1] if " " in line else ""  # the cut word is not evidence
        for word in _WORD.findall(line):
            word = word.lower().replace("\u2010", "-")
            vocab[word] += 1
            if "-" in word:
                vocab.update(word.split("-"))
    return vocab


def keep_hyphen(left: str, right: str, lang: str, vocab: Counter[str] | None = None) -> bool:
    """True when `left-right` is a hyphenated compound rather than a word broken at a line end."""
    lang = primary(lang)
    if left.isupper() and right.isupper() and len(left) > 1:
        left, right = left.lower(), right.lower()  # a title in capitals: decide as for lower case
    joined, hyphenated = f"{left}{right}".lower(), f"{left}-{right}".lower()
    if vocab:
        as_compound, as_word = vocab[hyphenated], vocab[joined]
        if as_compound != as_word:
            return as_compound > as_word
    if len(left) == 1 or right[:1].isupper():
        return True  # a-t-il, e-mail; Bosnie-Herzégovine, South-South, Jean-Paul
    compound_known, word_known = _known(hyphenated, lang), _known(joined, lang)
    if compound_known != word_known:
        return compound_known
    if compound_known:
        return True  # both spellings exist (co-operation, well-being): keep what the author may have meant
    joined_z = max(_zipf(joined, lang), _zipf(_lemma(joined, lang), lang))
    parts_z = min(_zipf(left.lower(), lang), _zipf(right.lower(), lang))
    return not (joined_z >= 1.5 and joined_z >= parts_z - 1.0)


@lru_cache(maxsize=65536)
def _known(word: str, lang: str) -> bool:
    import simplemma

    try:
        return bool(simplemma.is_known(word, lang=lang))
    except (ValueError, KeyError):
        return False  # a language simplemma does not cover


@lru_cache(maxsize=65536)
def _lemma(word: str, lang: str) -> str:
    import simplemma

    try:
        return str(simplemma.lemmatize(word, lang=lang))
    except (ValueError, KeyError):
        return word


@lru_cache(maxsize=65536)
def _zipf(word: str, lang: str) -> float:
    from wordfreq import zipf_frequency

    try:
        return zipf_frequency(word, lang)
    except LookupError:
        return 0.0

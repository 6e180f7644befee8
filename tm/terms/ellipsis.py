"""Coordinated terms that share a word: *prévention et règlement des conflits*, *conflict prevention and resolution*.

A terminologist reads these as two terms each (*règlement des conflits*, *conflict resolution*). An elided
term is counted where it is attested elsewhere in full, so that the pairing sees it in every segment that
means it (FASTR's coordination variants, restricted to terms the text itself writes out).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from align.langtags import primary
from tm.terms.lexicon import Token, is_stop, words

_CONJUNCTIONS = {"fr": words("et ou"), "en": words("and or"), "es": words("y e o u"), "ru": words("и или")}
# What may stand between the conjunction and the second noun: la prévention et le règlement, et de règlement.
_BRIDGE = {"fr": words("le la les l' l’ de d' d’ du des"), "en": words("the"), "es": words("el la los las de del")}

_OTHER = {"en": words("other"), "es": words("otros otras")}
Key = tuple[str, ...]


def elided(tokens: Sequence[Token], blocked: Sequence[bool], spans: Sequence[tuple[int, int]],
           key_of: Callable[[Sequence[Token]], Key], attested: set[Key], lang: str) -> list[tuple[Key, int]]:
    """Attested terms written here only in part, through a coordination with a term `spans` hold: (key, index of
    the bare word that stands for the whole term here)."""
    lang = primary(lang)
    conj = _CONJUNCTIONS.get(lang, frozenset())
    bridge = _BRIDGE.get(lang, frozenset())
    out: list[tuple[Key, int]] = []

    def word(k: int) -> bool:
        return (0 <= k < len(tokens) and tokens[k].kind == "word" and not blocked[k]
                and not is_stop(tokens[k].text, lang))

    for i, j in spans:
        # Shared complement: W1 et [le|de] W2 de X  ->  W1 de X (prévention et règlement des conflits).
        if j - i >= 3 and is_stop(tokens[i + 1].text, lang):
            k = i - 1
            while k >= 0 and tokens[k].text.lower() in bridge and i - k <= 2:
                k -= 1
            if k >= 1 and tokens[k].text.lower() in conj and word(k - 1):
                out.append((key_of([tokens[k - 1]]) + key_of(tokens[i + 1:j]), k - 1))
        # Shared head: W1 and W2 W3  ->  W1 W3 (regional and subregional organizations); W1 and other W3
        # -> W1 W3 (regional and other organizations).
        if j - i == 2 and i >= 2 and tokens[i - 1].text.lower() in conj and word(i - 2):
            out.append((key_of(tokens[i - 2:i - 1]) + key_of(tokens[i + 1:j]), i - 2))
        if j - i == 1 and i >= 3 and tokens[i - 1].text.lower() in _OTHER.get(lang, ()) \
                and tokens[i - 2].text.lower() in conj and word(i - 3):
            out.append((key_of(tokens[i - 3:i - 2]) + key_of(tokens[i:j]), i - 3))
        # Shared modifier: W0 W1 and W2  ->  W0 W2 (conflict prevention and resolution; coopération
        # économique et sociale).
        if j - i == 2 and j + 1 < len(tokens) and tokens[j].text.lower() in conj and word(j + 1):
            out.append((key_of(tokens[i:i + 1]) + key_of(tokens[j + 1:j + 2]), j + 1))
    return [(k, n) for k, n in dict.fromkeys(out) if k in attested]

"""Term boundaries a terminologist checks: bare coordination, heads that always take a complement, light heads.

Hand-written because these are a few closed-class cues per language (no spaCy model needed): a candidate is
dropped when most of its free occurrences are bound to words outside it, i.e. it is a piece of a longer term
that does not recur as a whole (*principes des Nations Unies* in *buts et principes…*, *mémorandum* in
*mémorandum d'accord*), or when its head is a light noun that makes phraseology, not terms (*domaines de…*).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from align.langtags import primary
from tm.terms.lexicon import Token, general_zipf, is_stop, words

_CONJUNCTIONS = {"fr": words("et ou"), "en": words("and or")}
_ARTICLES = {"fr": words("le la les l' l’"), "en": words("the")}
# Prepositions that attach a complement to a noun: a word always followed by one heads a longer term.
_COMPLEMENT = {"fr": words("de d' d’ des du"), "en": words("of")}
_AGAINST = {"fr": words("contre"), "en": words("against")}
# A spelled-out ordinal opens a session or anniversary, not a term (soixante-treizième session).
_ORDINAL = {"fr": re.compile(r"\w+i[eè]me$"), "en": re.compile(r"(?:first|second|third|\w+th)$")}
# Nouns that head phraseology (areas of cooperation, questions de santé) rather than terms.
_LIGHT = {
    "fr": words("domaine domaines question questions cadre niveau niveaux moyen moyens mesure mesures façon type "
                "types forme formes aspect aspects ensemble partie parties point points sujet"),
    "en": words("area areas issue issues field fields matter matters level levels means way ways kind kinds type "
                "types form forms aspect aspects part parts point points subject"),
}
# Prepositions that open a participle's complement: violence fondées sur…, principles embodied in…
_PARTICIPLE_PREP = {"fr": words("sur par à au aux en dans avec pour"), "en": words("in by on to at with for")}
_PARTICIPLE = {"fr": re.compile(r"\w{3,}(?:é|ée|és|ées|ant)$"), "en": re.compile(r"\w{3,}(?:ed|ing)$")}
BOUND_SHARE = 2 / 3  # of a candidate's free occurrences


def _content(tokens: Sequence[Token], blocked: Sequence[bool], k: int, lang: str) -> bool:
    return 0 <= k < len(tokens) and tokens[k].kind == "word" and not blocked[k] and not is_stop(tokens[k].text, lang)


def bound(tokens: Sequence[Token], blocked: Sequence[bool], start: int, end: int, single: bool, lang: str) -> bool:
    """Whether the occurrence tokens[start:end] is tied to a word outside it."""
    lang = primary(lang)
    # A single word next to another content word is a piece of a noun phrase that does not recur as a whole
    # (assistance humanitaire, humanitarian assistance, high-level meetings): a modifier or a head, not a term.
    # Names the general lexicon does not know (dcut, debdiff) stand in apposition (the dcut command) instead.
    if single and general_zipf(tokens[start].text, lang) > 0 \
            and (_content(tokens, blocked, start - 1, lang) or _content(tokens, blocked, end, lang)):
        return True
    # An article may stand between the conjunction and the candidate: les buts et les principes des Nations Unies.
    lead = start - 1 if start >= 1 and tokens[start - 1].text.lower() in _ARTICLES.get(lang, ()) else start
    before = tokens[lead - 1].text.lower() if lead >= 1 else ""
    before2 = tokens[lead - 2] if lead >= 2 else None
    # "buts et principes des Nations Unies": a noun joined by a bare conjunction shares the candidate's
    # complement, so the two nouns and the complement make one term. Only candidates with a complement:
    # "droits de l'homme et libertés fondamentales" holds two terms.
    has_complement = any(t.text.lower() in _COMPLEMENT.get(lang, ()) for t in tokens[start + 1:end])
    if has_complement and before in _CONJUNCTIONS.get(lang, ()) and before2 is not None \
            and before2.kind == "word" and not is_stop(before2.text, lang):
        return True
    after = tokens[end].text.lower() if end < len(tokens) else ""
    # A candidate closed by a participle that governs a complement is a clause cut short (violence fondées
    # sur la religion, questions relating to peace), unless the participle is the whole candidate's head.
    last = tokens[end - 1].text.lower()
    participle = _PARTICIPLE.get(lang)
    if end - start > 1 and participle is not None and participle.match(last) and after in _PARTICIPLE_PREP[lang]:
        return True
    # A single noun always followed by de/of heads longer terms (mémorandum d'accord); any candidate always
    # followed by contre/against was cut before its complement (… relatif à la lutte contre l'intolérance).
    return (single and after in _COMPLEMENT.get(lang, ())) or after in _AGAINST.get(lang, ())


def light_head(words_: Sequence[str], lang: str) -> bool:
    """A multi-word candidate led (or, in English, closed) by a light noun, or led by an ordinal."""
    light = _LIGHT.get(primary(lang), frozenset())
    if len(words_) < 2:
        return False
    ordinal = _ORDINAL.get(primary(lang))
    if ordinal is not None and ordinal.match(words_[0].lower().split("-")[-1]):
        return True
    return words_[0].lower() in light or (primary(lang) == "en" and words_[-1].lower() in light)


def drop_bound(cands: dict, free_occs: Sequence[tuple[tuple, Sequence[Token], Sequence[bool], int, int]],
               lang: str) -> None:
    """Set `free` to 0 for candidates mostly bound to outside words, or headed by a light noun (in place)."""
    hits: Counter[tuple] = Counter()
    total: Counter[tuple] = Counter()
    for key, tokens, blocked, start, end in free_occs:
        c = cands[key]
        total[key] += 1
        single = c.words == 1 and not c.acronym
        hits[key] += bound(tokens, blocked, start, end, single, lang)
    for key, c in cands.items():
        if c.free <= 0:
            continue
        content = [w for w in c.text.split() if not is_stop(w, lang)]
        if (total[key] and hits[key] >= BOUND_SHARE * total[key]) or light_head(content, lang):
            c.free = 0

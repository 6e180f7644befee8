"""Word rules of the French OCR repair: one token, checked against the lexicon, fixed or left alone.

A valid word is never changed here; the context rules (`a` → `à`, `&`, `1°`) live in align.ocr.repair.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from align.ocr.lexicon import Lexicon, is_valid, strip_accents

_JUNK = re.compile(r"[¢&]+")
# OCR letter confusions, as (read, meant): œ read as ce, ô as d, ç as g, e and c mixed up, and the usual
# shape pairs. Accents are restored afterwards by the accent-free lookup, so `d` → `o` also finds `ô`.
_CONFUSIONS = (("ce", "œ"), ("c", "e"), ("e", "c"), ("g", "ç"), ("d", "o"), ("rn", "m"), ("m", "rn"),
               ("cl", "d"), ("li", "h"), ("l", "i"), ("i", "l"), ("u", "n"), ("n", "u"))
_JUNK_MEANT = ("", "é", "è", "ê", "à", "e")

def case_like(model: str, word: str) -> str:
    if len(model) > 1 and model.isupper():
        return word.upper()
    if model[:1].isupper():
        return word[:1].upper() + word[1:]
    return word


def _has_accent(word: str) -> bool:
    return strip_accents(word) != word.lower()


def _accent_marks(word: str) -> set[int]:
    return {i for i, c in enumerate(word) if c != strip_accents(c)[:1]}


def _accent_fix(lw: str, capital: bool, lex: Lexicon) -> str | None:
    """The accented spelling of an invalid word, when one valid form clearly dominates."""
    zo = lex.zipf.get(lw, 0.0)
    # Forms outside the dictionary (place names) only for capitalised words that already carry an accent.
    eligible = [(z, f) for z, f, ok in lex.forms.get(strip_accents(lw), ())
                if f != lw and (ok or (capital and _has_accent(lw)))]
    if _has_accent(lw):
        # The OCR saw an accent where it put one (arrétés): only forms that keep one there too.
        marks = _accent_marks(lw)
        eligible = [(z, f) for z, f in eligible if marks <= _accent_marks(f)]
    if not eligible:
        return None
    (z, best), rest = eligible[0], eligible[1:]
    if z < 2.5 or z < zo + 0.5:
        return None
    if rest and rest[0][0] > z - 0.5:  # élève / élevé: no way to choose without syntax
        return None
    if capital and best[1:] == lw[1:]:
        return None  # Etats, A: accents on capitals are optional in French typography
    return best


def _capital_accent(lw: str, lex: Lexicon) -> str | None:
    """The word with an accent on its first letter only (Etats → états), when that form is common.

    OCR drops accents on capitals, and UN and EU French (like the Académie) writes them; a reviewer
    who follows the other convention rejects the whole rule at once in the review UI.
    """
    # Only the spelling dictionary decides here: simplemma also knows accent-less forms (etat).
    if _has_accent(lw) or lw.replace("œ", "oe").replace("æ", "ae") in lex.valid:
        return None
    forms = [(z, f) for z, f, ok in lex.forms.get(strip_accents(lw), ()) if ok and f != lw]
    if not forms:
        return None
    z, best = forms[0]
    if best[1:] != lw[1:] or z < max(2.5, lex.zipf.get(lw, 0.0)) or (len(forms) > 1 and forms[1][0] > z - 0.5):
        return None
    return best


def _variants(lw: str) -> Iterator[tuple[str, str]]:
    """Spellings the OCR may have turned into `lw`, with the rule that undoes it."""
    junk = list(_JUNK.finditer(lw))
    if junk:
        for m in junk:
            for meant in _JUNK_MEANT:
                yield lw[:m.start()] + meant + lw[m.end():], "ocr-junk"
        yield _JUNK.sub("", lw), "ocr-junk"
        return
    for read, meant in _CONFUSIONS:
        at = lw.find(read)
        while at >= 0:
            yield lw[:at] + meant + lw[at + len(read):], "ocr-confusion"
            at = lw.find(read, at + 1)
    if len(lw) >= 4:
        for i in range(len(lw)):
            yield lw[:i] + lw[i + 1:], f"ocr-extra-letter:{i}"


def _ocr_fix(lw: str, lex: Lexicon) -> tuple[str, str] | None:
    """The one common valid word a single OCR confusion away from `lw`, if there is exactly one."""
    junk = bool(_JUNK.search(lw))
    found: dict[str, tuple[float, str]] = {}
    for variant, rule in _variants(lw):
        for z, form, ok in lex.forms.get(strip_accents(variant), ()):
            if ok:  # the most frequent valid form of that spelling only
                found.setdefault(form, (z, rule))
                break
    for form, (z, rule) in list(found.items()):
        if rule.startswith("ocr-extra-letter"):
            # OCR splits an accented letter in two (è → ée, û → ui, à → da): the letter left over stands
            # next to the accent, and the rest of the word keeps its length and letters.
            i = int(rule.split(":")[1])
            del found[form]
            if lex.zipf.get(lw, 0.0) < 1.0 and _accent_marks(form) & {i - 1, i}:
                found[form] = (z, "ocr-extra-letter")
    ranked = sorted(((z, form, rule) for form, (z, rule) in found.items()), reverse=True)
    if not ranked:
        return None
    z, form, rule = ranked[0]
    if z < (2.0 if junk else 3.0):
        return None
    if len(ranked) > 1 and ranked[1][0] > z - 1.0:
        return None  # two readings are plausible: leave it to the reviewer
    return form, rule


def fix_word(word: str, lex: Lexicon, *, sentence_start: bool = True) -> tuple[str, str] | None:
    """A repaired spelling of one token and the rule's name, or None to keep it.

    A capitalised word inside a sentence is taken for a name: only an accent it already has is corrected.
    """
    lw = word.lower()
    letters = _JUNK.sub("", word)
    if len(letters) >= 2 and word[:1].isupper() and (cap := _capital_accent(lw, lex)) is not None:
        return case_like(word, cap), "capital-accent"
    if len(letters) < 2 or is_valid(word, lex):
        return None
    junk = letters != word
    capital = word[:1].isupper()
    if not junk and not (letters.islower() or letters.isupper() or letters[1:].islower()):
        return None  # McDonald, iPhone: mixed case is a name, not an OCR slip
    if not junk:
        if capital and not sentence_start and not _has_accent(lw):
            return None
        best = _accent_fix(lw, capital, lex)
        if best is not None:
            return case_like(word, best), "misread-accent" if _has_accent(lw) else "accent"
        # Letter edits only on lower-case, rare tokens: capitalised unknowns are mostly names.
        if capital or lex.zipf.get(lw, 0.0) >= 2.0:
            return None
    elif word.isupper() or not any(c.islower() for c in letters):
        return None  # AT&T, R&D
    fixed = _ocr_fix(lw, lex)
    if fixed is None:
        return None
    return case_like(word, fixed[0]), fixed[1]

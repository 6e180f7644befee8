"""The French lexicon OCR repair checks words against: valid forms, frequencies, forms by accent-free key.

Built from pyspellchecker's dictionary and wordfreq (about 3 s), then kept in the user's cache dir.
"""

from __future__ import annotations

import hashlib
import inspect
import marshal
import math
import os
import sys
import tempfile
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib.metadata import PackageNotFoundError, version
from itertools import islice
from pathlib import Path


@dataclass(frozen=True)
class Lexicon:
    """Valid French words, their frequencies, and their forms grouped by accent-free spelling."""

    valid: frozenset[str]  # lower case, œ/æ written oe/ae (as pyspellchecker stores them)
    zipf: dict[str, float]
    forms: dict[str, tuple[tuple[float, str, bool], ...]]  # key → (zipf, form, valid), most frequent first


def strip_accents(word: str) -> str:
    """Lower-case `word` without diacritics, œ/æ spelt out (the key accent variants share)."""
    word = word.lower().replace("œ", "oe").replace("æ", "ae")
    decomposed = unicodedata.normalize("NFD", word)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """The French lexicon index: read from the user's cache, or built (about 3 s) and saved there."""
    from align.embed.cache import default_cache_dir

    lex = cached_lexicon(default_cache_dir())
    known_form("le")  # loads simplemma's French tables now rather than in the middle of a repair
    return lex


def cached_lexicon(directory: Path) -> Lexicon:
    """The lexicon from `directory` if a file made by this code and these word lists is there; else built and saved."""
    # The key covers the builder's source and the word lists' versions, so a change to either builds anew.
    parts = [inspect.getsource(build_lexicon), sys.version]
    parts += [_version(d) for d in ("pyspellchecker", "wordfreq")]
    path = directory / f"fr-lexicon-{hashlib.sha1(repr(parts).encode()).hexdigest()[:16]}.marshal"
    try:
        # marshal rather than pickle: plain containers only, loads in ~0.3 s, and cannot run code.
        lex = _checked(marshal.loads(path.read_bytes()))
        if lex is not None:
            return lex
    except (OSError, ValueError, EOFError, TypeError):
        pass  # absent, unreadable or damaged: build it
    lex = build_lexicon()
    try:
        directory.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=directory, prefix=".fr-lexicon-", delete=False) as f:
            f.write(marshal.dumps((lex.valid, lex.zipf, lex.forms)))
        os.replace(f.name, path)
    except OSError:
        pass  # a read-only cache costs time, never the repair
    return lex


def _checked(data: object) -> Lexicon | None:
    """The lexicon in a loaded file, or None when its shape is not the one build_lexicon saves.

    A damaged or foreign file can unmarshal into anything (a tuple of three strings made
    `lex.zipf.get` fail with AttributeError mid-repair): check every container and a sample of entries.
    """
    if not (isinstance(data, tuple) and len(data) == 3):
        return None
    valid, zipf, forms = data
    if not (isinstance(valid, (set, frozenset)) and isinstance(zipf, dict) and isinstance(forms, dict)):
        return None
    # Type sets over whole containers run at C speed (~0.1 s); entries of `forms` are sampled.
    if not (_types(valid) <= {str} and _types(zipf) <= {str} and _types(zipf.values()) <= {float}
            and _types(forms) <= {str} and _types(forms.values()) <= {tuple}):
        return None
    for entries in islice(forms.values(), 0, None, max(1, len(forms) // 2000)):
        if not all(isinstance(e, tuple) and len(e) == 3 and isinstance(e[0], float) and isinstance(e[1], str)
                   and isinstance(e[2], bool) for e in entries):
            return None
    return Lexicon(frozenset(valid), zipf, forms)


def _types(items: Iterable[object]) -> set[type]:
    return set(map(type, items))


def _version(distribution: str) -> str:
    try:
        return version(distribution)
    except PackageNotFoundError:
        return "unknown"


def build_lexicon() -> Lexicon:
    """The French lexicon index from pyspellchecker's dictionary and wordfreq's frequencies."""
    from spellchecker import SpellChecker
    from wordfreq import get_frequency_dict

    valid = frozenset(w for w in SpellChecker(language="fr", distance=1).word_frequency.dictionary
                      if w.replace("-", "").isalpha())
    zipf = {w: math.log10(f) + 9 for w, f in get_frequency_dict("fr").items() if f > 0}
    forms: dict[str, list[tuple[float, str, bool]]] = {}

    def add(form: str, ok: bool) -> None:
        forms.setdefault(strip_accents(form), []).append((zipf.get(form, 0.0), form, ok))

    for w in valid:
        add(w, True)
        # pyspellchecker spells œ as oe; wordfreq knows which one French text uses.
        if "oe" in w and zipf.get(w.replace("oe", "œ"), 0.0) > zipf.get(w, 0.0):
            add(w.replace("oe", "œ"), True)
    for w, z in zipf.items():
        # Common forms the dictionary lacks (mostly place names: genève) help capitalised words only.
        if z >= 3.0 and w.isalpha() and w not in valid and "œ" not in w:
            add(w, False)
    return Lexicon(valid, zipf, {k: tuple(sorted(v, reverse=True)) for k, v in forms.items()})


def is_valid(word: str, lex: Lexicon) -> bool:
    """True when the lower-cased word is a French word form (spelling dictionary, then simplemma's forms)."""
    lw = word.lower()
    if lw.replace("œ", "oe").replace("æ", "ae") in lex.valid:
        return True
    return known_form(lw) and not dominated(lw, lex)


@lru_cache(maxsize=65536)
def known_form(lw: str) -> bool:
    # pyspellchecker lacks rarer inflections (eût, tombai, fussions); simplemma's tables have them, but also
    # a few unaccented misspellings (apres, matiere), which _dominated catches.
    import simplemma

    return simplemma.is_known(lw, lang="fr")


def dominated(lw: str, lex: Lexicon) -> bool:
    """True when a dictionary form with other accents is far more common (apres → après)."""
    zo = lex.zipf.get(lw, 0.0)
    return any(ok and f != lw and z >= zo + 1.0 for z, f, ok in lex.forms.get(strip_accents(lw), ()))

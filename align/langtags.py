"""Language tags, parsed once: any common spelling (fr, FR, fr_FR, fr-fr) to BCP 47, and the primary subtag.

Every module that needs a language (rules, the TMX, the language check, terminology) goes through here.
"""

from __future__ import annotations

import functools
import re

import langcodes

from align import errors

# What a tag may be made of before langcodes sees it: letters, digits, '-' and '_', 1-8 per subtag.
_SHAPE = re.compile(r"[A-Za-z]{2,8}(?:[-_][A-Za-z0-9]{1,8})*")


@functools.lru_cache(maxsize=256)
def parse_tag(value: str) -> str:
    """The BCP 47 form of a user's language tag ('fr_FR' -> 'fr-FR', 'FR' -> 'fr', 'fra' -> 'fr');
    raises LanguageTagError for anything that is not a known language."""
    text = value.strip()
    if not _SHAPE.fullmatch(text):
        raise errors.bad_language_tag(value)
    try:
        lang = langcodes.Language.get(text.replace("_", "-"))
    except (langcodes.LanguageTagError, ValueError) as e:
        raise errors.bad_language_tag(value) from e
    # 'und' (undetermined) and unknown codes such as 'xx' give rules and CAT tools nothing to go on.
    if not lang.language or lang.language == "und" or not lang.is_valid():
        raise errors.bad_language_tag(value)
    return lang.to_tag()


@functools.lru_cache(maxsize=256)
def canonical(tag: str) -> str:
    """parse_tag's answer, or for a code it refuses the same spelling folded ('FR_xx' -> 'fr-xx').

    Lenient on purpose: for the codes found in other tools' files, where a bad tag must not stop reading."""
    try:
        return parse_tag(tag)
    except errors.TmbuildError:
        return tag.strip().replace("_", "-").lower()


def primary(tag: str) -> str:
    """The primary language subtag that selects rules: 'fr' for 'fr-FR', 'fr_CA' or 'FR' (lenient, as canonical)."""
    return canonical(tag).split("-", 1)[0].lower()


def same_language(a: str, b: str) -> bool:
    """Whether two tags name the same language (their primary subtags agree)."""
    return primary(a) == primary(b)

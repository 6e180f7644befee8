"""What the user gave: documents (E1xx), languages (E2xx, warnings W2xx) and encoders (E3xx)."""

from __future__ import annotations

import os
from collections.abc import Iterable

from align.errors.base import EncoderError, InputError, LanguageError

# --- E1xx: documents -------------------------------------------------------------------------------

def missing_file(path: str) -> InputError:
    """Raised where a file is not there; a folder of that name gets its own message."""
    if os.path.isdir(path):
        return InputError(f"{path}: this is a folder, not a file", "give a file in it", code="E111")
    return InputError(f"{path}: no such file", "check the path", code="E101")


def empty_file(path: str) -> InputError:
    return InputError(f"{path}: the file is empty or holds no text", "give a document with text", code="E102")


def binary_file(path: str) -> InputError:
    return InputError(f"{path}: this looks like a binary file, not text",
                      "give a plain-text document (UTF-8 or another common encoding)", code="E103")


def same_file(src: str, tgt: str) -> InputError:
    return InputError(f"{src} and {tgt} are the same document",
                      "give the source and the target language versions", code="E104")


def unreadable(path: str, fmt: str, why: str) -> InputError:
    return InputError(f"{path}: cannot read this {fmt}: {why}",
                      f"check that the file is a complete, valid {fmt}", code="E105")


def unsupported_format(path: str, what: str) -> InputError:
    return InputError(f"{path}: {what} is not a supported document format",
                      "give plain text, PDF, DOCX, ODT, HTML, XLIFF or TMX", code="E106")


def no_text_layer(path: str) -> InputError:
    return InputError(f"{path}: no text layer: this PDF needs OCR first",
                      "run OCR (e.g. ocrmypdf) and give the resulting PDF or its text", code="E107")


def unsafe_xml(path: str, why: str) -> InputError:
    return InputError(f"{path}: refused for safety: {why}",
                      "give the document without a DTD or entity declarations", code="E108")


def bitext_other_languages(path: str, fmt: str, src: str, tgt: str, lang: str) -> InputError:
    return InputError(f"{path}: this {fmt} holds {src or '?'} and {tgt or '?'}, not {lang}",
                      "set --src/--tgt to one of its languages", code="E109")


def tmx_missing_side(path: str, lang: str, seen: Iterable[str]) -> InputError:
    return InputError(f"{path}: this TMX has no {lang} side (it holds {', '.join(sorted(seen))})",
                      "set --src/--tgt to one of its languages", code="E110")


# --- E2xx: languages -------------------------------------------------------------------------------

def wrong_language(path: str, expected: str, found: str) -> LanguageError:
    return LanguageError(f"{path}: expected {expected} but the text reads as {found}",
                         "check the file order or set --src/--tgt", code="E201")


def bad_language_tag(value: str) -> InputError:
    return InputError(f"'{value.strip()[:40]}' is not a language tag",
                         "use a BCP 47 tag such as fr, en, fr-FR, en-GB or zh-Hans", code="E202")


def same_languages(tag: str) -> InputError:
    return InputError(f"source and target language are both {tag}", "give two different languages", code="E203")


def no_repair_rules(lang: str) -> InputError:
    return InputError(f"there are no OCR repair rules for {lang}", "OCR repair knows French only: --lang fr",
                         code="E204")


# Warnings (W2xx) are strings: the run goes on, and the CLI and the Start page show them as they are.
def _warning(code: str, message: str, hint: str) -> str:
    return f"{code}: {message} ({hint})"


def language_doubt(path: str, expected: str, found: str, probability: float) -> str:
    return _warning("W201", f"{path}: expected {expected} but the text may be {found} (probability "
                    f"{probability:.2f})", "continuing: check the file order, or set --src/--tgt")


def mixed_languages(path: str, share: float, other: str, expected: str) -> str:
    return _warning("W202", f"{path}: {share:.0%} of the text reads as {other}, not {expected}",
                    "continuing: check that the file holds one language")


# --- E3xx: encoders --------------------------------------------------------------------------------

def encoder_unavailable(name: str, why: str) -> EncoderError:
    return EncoderError(f"encoder '{name}' could not be loaded offline: {why}",
                        "use 'use' or 'e5' (bundled), or a local sentence-transformers model path", code="E301")

"""Every user-facing error in one place: what went wrong and what to do about it."""

from __future__ import annotations


class TmbuildError(Exception):
    """An error the user can act on; the CLI prints it as one line and exits non-zero."""

    code = "E000"

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return f"{self.message} ({self.hint})" if self.hint else self.message


class InputError(TmbuildError):
    """A document that cannot be read or is not usable text."""

    code = "E100"


class LanguageError(TmbuildError):
    """A document whose language contradicts what the user said it is."""

    code = "E200"


class EncoderError(TmbuildError):
    """An encoder that cannot be loaded offline."""

    code = "E300"


class GoldError(TmbuildError):
    """A gold or alignment file that cannot be scored."""

    code = "E400"


def missing_file(path: str) -> InputError:
    return InputError(f"{path}: no such file", "check the path")


def empty_file(path: str) -> InputError:
    return InputError(f"{path}: the file is empty or holds no text", "give a document with text")


def binary_file(path: str) -> InputError:
    return InputError(
        f"{path}: this looks like a binary file, not text",
        "give a plain-text document (UTF-8 or another common encoding)",
    )


def same_file(src: str, tgt: str) -> InputError:
    return InputError(
        f"{src} and {tgt} are the same document",
        "give the source and the target language versions",
    )


def wrong_language(path: str, expected: str, found: str) -> LanguageError:
    return LanguageError(
        f"{path}: expected {expected} but the text reads as {found}",
        "check the file order or set --src/--tgt",
    )


def encoder_unavailable(name: str, why: str) -> EncoderError:
    return EncoderError(
        f"encoder {name!r} could not be loaded offline: {why}",
        "use 'use' or 'e5' (bundled), or a local sentence-transformers model path",
    )


def unreadable(path: str, fmt: str, why: str) -> InputError:
    return InputError(f"{path}: cannot read this {fmt}: {why}", f"check that the file is a complete, valid {fmt}")


def unsupported_format(path: str, what: str) -> InputError:
    return InputError(
        f"{path}: {what} is not a supported document format",
        "give plain text, PDF, DOCX, ODT, HTML, XLIFF or TMX",
    )


def no_text_layer(path: str) -> InputError:
    return InputError(f"{path}: no text layer: this PDF needs OCR first",
                      "run OCR (e.g. ocrmypdf) and give the resulting PDF or its text")


def unsafe_xml(path: str, why: str) -> InputError:
    return InputError(f"{path}: refused for safety: {why}",
                      "give the document without a DTD or entity declarations")


def bad_language_tag(value: str) -> InputError:
    shown = ascii(value.strip()[:40])
    return InputError(f"{shown} is not a language tag", "use a BCP 47 tag such as fr, en, fr-FR, en-GB or zh-Hans")


# cache

class CacheError(TmbuildError):
    """A cache setting or cache directory that cannot be used."""

    code = "E600"


def cache_bound_invalid(variable: str, value: str) -> CacheError:
    shown = ascii(value[:40])
    return CacheError(f"{variable}={shown} is not a cache size",
                      f"give a positive number of megabytes, e.g. {variable}=1024, or unset it")


def cache_unusable(path: str, why: str) -> CacheError:
    return CacheError(f"cache at {path}: {why}", "check the directory's permissions, or set XDG_CACHE_HOME")

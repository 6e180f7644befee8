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


def not_tmx(path: str, why: str) -> InputError:
    return InputError(f"{path}: not a usable TMX file: {why}", "give a TMX 1.4 file, e.g. one written by tmbuild align")


# hardening


class OutputError(TmbuildError):
    """An output path that cannot be written without risking another file."""

    code = "E700"


class LimitError(InputError):
    """An input beyond a resource limit (align.limits)."""

    code = "E800"


def output_is_input(path: str, option: str) -> OutputError:
    return OutputError(f"{path}: {option} names an input file; writing it would destroy the input",
                       "choose another output name")


def output_twice(path: str, first: str, second: str) -> OutputError:
    return OutputError(f"{path}: given both as {first} and as {second}", "give each output its own file")


def output_not_file(path: str, what: str, option: str) -> OutputError:
    return OutputError(f"{path}: {option} is {what}, not a file", "give the name of a file to write")


def output_blocked(path: str, why: str) -> OutputError:
    return OutputError(f"{path}: cannot write here: {why}", "choose another output path")


def name_too_long(path: str, length: int, limit: int) -> OutputError:
    return OutputError(f"{printable(path)[:60]}…: the file name is {length} bytes long; the limit here is {limit}",
                       "choose a shorter name")


def not_a_file(path: str, what: str) -> InputError:
    return InputError(f"{path}: {what}, not a regular file", "give a document file")


def cannot_open(path: str, why: str) -> InputError:
    return InputError(f"{path}: cannot open: {why}", "check the file's permissions")


def both_empty(src: str, tgt: str) -> InputError:
    return InputError(f"{src} and {tgt} are both empty", "give two documents with text")


def too_large(path: str, what: str, size: int, limit: int, setting: str) -> LimitError:
    return LimitError(f"{path}: {what} is {_amount(size)}, more than the limit of {_amount(limit)}",
                      f"raise it with {setting} if the file is genuine")


def over_limit(path: str, what: str, limit: int, setting: str) -> LimitError:
    return LimitError(f"{path}: {what} exceeds the limit of {limit:,}",
                      f"raise it with {setting} if the file is genuine")


def out_of_time(path: str, stage: str, seconds: float, setting: str) -> LimitError:
    return LimitError(f"{path}: {stage} took longer than the time budget of {seconds:g} s",
                      f"raise it with {setting}")


def bad_limit(name: str, value: str) -> LimitError:
    return LimitError(f"{name}={printable(value)[:40]} is not a positive number", f"set {name} to a number such as 100")


def damaged_project(path: str, why: str) -> InputError:
    return InputError(f"{path}: the project file is damaged: {why}", "restore it from a backup, or align again")


def damaged_gold(path: str, why: str) -> GoldError:
    return GoldError(f"{path}: not a usable gold file: {why}", "give unit JSONL or Vecalign beads")


def printable(text: str) -> str:
    """`text` with control characters (ESC, NUL, …) shown as escapes, so no file name can drive the terminal."""
    return "".join(ch if ch.isprintable() or ch == " " else ascii(ch)[1:-1] for ch in text)


def _amount(n: int) -> str:
    for unit, size in (("GB", 2**30), ("MB", 2**20), ("KB", 2**10)):
        if n >= size:
            return f"{n / size:.1f} {unit}"
    return f"{n} bytes"

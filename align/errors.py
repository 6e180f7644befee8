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


# review ui


def text_changed_meanwhile(side: str, index: int) -> InputError:
    which = "source" if side == "src" else "target"
    return InputError(f"{which} sentence {index + 1} changed since this text box was filled (cut, repaired or "
                      "edited), so the box's text was not saved",
                      "check the sentence as it reads now and edit it again")


def unsaved_text(where: str) -> InputError:
    return InputError(f"unsaved text in {where}", "go back to it and save or discard it")


def realign_stale(start: int) -> InputError:
    return InputError(f"the project changed since the re-alignment from bead {start + 1} was prepared",
                      "press Re-align from here again to see what it would change now")

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


# batch


def unknown_pairing_rule(rule: str, rules: tuple[str, ...]) -> InputError:
    return InputError(f"{rule!r} is not a pairing rule", f"use one of {', '.join(rules)}")


def no_language_trees(root: str, src: str, tgt: str) -> InputError:
    return InputError(f"{root}: no {src}/ and {tgt}/ folders in it",
                      "lay the versions out as ROOT/fr/… and ROOT/en/…, or choose --pairing suffix or un")


def bad_manifest(path: str, why: str) -> InputError:
    return InputError(f"{path}: not a usable manifest: {why}",
                      "give a CSV with the header src,tgt[,id,src_lang,tgt_lang] or JSONL objects with those keys")


def bad_batch_inputs(paths: list[str]) -> InputError:
    return InputError(f"cannot pair {' '.join(paths)}",
                      "give one folder, a source folder and a target folder, or one CSV/JSONL manifest")


def no_pairs(where: str, unpaired: int) -> InputError:
    return InputError(f"{where}: no document pairs found ({unpaired} files without a partner)",
                      "name files name.fr.txt/name.en.txt or A_72_L.10_F.pdf/A_72_L.10_E.pdf, or give a manifest")


def ledger_mismatch(path: str, key: str, was: str, now: str) -> InputError:
    return InputError(f"{path}: this batch was started with {key} {was}, not {now}",
                      "re-run it with the same options, or give another output (or --ledger) to start afresh")


def bad_ledger(path: str, why: str) -> InputError:
    return InputError(f"{path}: not a tmbuild batch ledger: {why}", "give another --ledger path")


def unknown_engine(engine: str, engines: tuple[str, ...]) -> InputError:
    return InputError(f"{engine!r} is not an engine", f"use one of {', '.join(engines)}")


def ray_unavailable(why: str) -> InputError:
    return InputError(f"the Ray engine cannot start: {why}",
                      "pip install ray, or run with the default --engine local")


def remote_ray_address(address: str) -> InputError:
    return InputError(f"{address}: not a Ray cluster address",
                      "use auto, or HOST:PORT of the head node (e.g. 127.0.0.1:6379)")


def merge_languages(path: str, srclang: str, tgtlang: str) -> InputError:
    return InputError(f"{path}: holds no {srclang}→{tgtlang} units",
                      "give TMX files of the same language pair, or set --src/--tgt")

"""Every user-facing error in one place, each with a unique code: what went wrong and what to do about it.

Raise sites call the factory functions below, never an error class with a message of their own; the codes are
checked unique and used by tests/cli/test_error_codes.py. Printing (and escaping user text) is the caller's job:
the CLI in tm/cli.py, the UI in ui/state.py.
"""

from __future__ import annotations

import errno
import os
from collections.abc import Iterable


class TmbuildError(Exception):
    """An error the user can act on; the CLI prints it as one line with its code and exits 2."""

    code = "E000"

    def __init__(self, message: str, hint: str = "", *, code: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint
        if code:
            self.code = code

    def __str__(self) -> str:
        return f"{self.message} ({self.hint})" if self.hint else self.message


class InputError(TmbuildError):
    """A document or file that cannot be read or is not usable."""

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


class EditError(TmbuildError):
    """A review edit that cannot be applied to the bead or sentence it names."""

    code = "E500"


class ConflictError(TmbuildError):
    """The project changed in another session since this one last read it."""

    code = "E600"


class UsageError(TmbuildError):
    """A command given arguments it cannot work with."""

    code = "E800"


class FileSystemError(TmbuildError, OSError):
    """The operating system refused to read or write a file; still an OSError for callers that catch those."""

    code = "E900"


def _side(side: str) -> str:
    return {"src": "source", "tgt": "target"}.get(side, side)


def _either(choices: Iterable[str]) -> str:
    return ", ".join(f"'{c}'" for c in choices)


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


# --- E4xx: scoring against a gold file -------------------------------------------------------------

def not_a_bead_line(name: str, lineno: int, line: str) -> GoldError:
    return GoldError(f"{name}:{lineno}: not a bead line: '{line.strip()[:60]}'",
                     "expected Vecalign format, e.g. [0]:[0], [1, 2]:[3] or []:[4]", code="E401")


def alignment_count_mismatch(n_test: int, n_gold: int) -> GoldError:
    return GoldError(f"{n_test} test alignments but {n_gold} gold alignments", "give one test file per gold file",
                     code="E402")


def unknown_gold_format(path: str) -> GoldError:
    return GoldError(f"{path}: neither unit JSONL nor Vecalign beads",
                     'expected lines like {"id": …, "fr": …, "en": …} or [0]:[0]', code="E403")


def gold_not_json(path: str, lineno: int, why: str) -> GoldError:
    return GoldError(f"{path}:{lineno}: not valid JSON ({why})", "one JSON object per line", code="E404")


def gold_without_id(path: str, lineno: int) -> GoldError:
    return GoldError(f"{path}:{lineno}: expected an object with an 'id'", 'e.g. {"id": "pp01", "fr": …, "en": …}',
                     code="E405")


def gold_empty(path: str) -> GoldError:
    return GoldError(f"{path}: no gold units", "the file holds no JSON lines", code="E406")


def gold_without_text(unit: object, key: str) -> GoldError:
    return GoldError(f"gold unit '{unit}' has no '{key}' text",
                     "set --src/--tgt to the language keys used in the gold file", code="E407")


# --- E5xx: review edits (bead and sentence numbers are 1-based, as the user sees them) --------------

def no_such_bead(bead: int, count: int) -> EditError:
    return EditError(f"there is no bead {bead}", f"choose a bead between 1 and {count}", code="E501")


def unknown_side(side: str, allowed: Iterable[str]) -> EditError:
    return EditError(f"unknown side '{side}'", f"use {_either(allowed)}", code="E502")


def no_next_bead_to_merge(bead: int) -> EditError:
    return EditError(f"bead {bead} is the last one", "there is no next bead to merge with", code="E503")


def nothing_to_merge(bead: int, side: str) -> EditError:
    return EditError(f"bead {bead} has no {_side(side)} sentence to merge", "merge the other side or both",
                     code="E504")


def split_outside(bead: int, kind: str, src_at: int, tgt_at: int) -> EditError:
    return EditError(f"bead {bead} ({kind}) cannot be split at {src_at}/{tgt_at}",
                     "choose split points within each side", code="E505")


def split_leaves_empty(bead: int, src_at: int, tgt_at: int) -> EditError:
    return EditError(f"splitting bead {bead} at {src_at}/{tgt_at} leaves an empty bead",
                     "split between two sentences", code="E506")


def nothing_to_move(bead: int, side: str) -> EditError:
    return EditError(f"bead {bead} has no {_side(side)} sentence to move", "choose the other side", code="E507")


def no_previous_bead() -> EditError:
    return EditError("the first bead has no previous bead", "move the sentence to the next bead", code="E508")


def no_next_bead() -> EditError:
    return EditError("the last bead has no next bead", "move the sentence to the previous bead", code="E509")


def unknown_direction(direction: str) -> EditError:
    return EditError(f"unknown direction '{direction}'", "use 'prev' or 'next'", code="E510")


def already_null(bead: int, kind: str) -> EditError:
    return EditError(f"bead {bead} is already a null bead ({kind})", "nothing to split out", code="E511")


def sentence_in_no_bead(side: str, sentence: int) -> EditError:
    return EditError(f"no bead holds {_side(side)} sentence {sentence}", "choose a sentence of the selected bead",
                     code="E512")


def empty_sentence() -> EditError:
    return EditError("a sentence cannot be made empty", "detach the side or merge instead", code="E513")


def repair_text_gone(old: str) -> EditError:
    return EditError(f"the sentence no longer holds '{old}'", "it was edited: change it by hand", code="E514")


def edit_loses_sentences() -> EditError:
    return EditError("that change would lose or reorder sentences", "this is a bug; nothing was saved", code="E515")


def unknown_operation(op: str, allowed: Iterable[str]) -> EditError:
    return EditError(f"unknown operation '{op}'", f"use one of {_either(allowed)}", code="E516")


def no_such_sentence(side: str, sentence: int) -> EditError:
    return EditError(f"there is no {_side(side)} sentence {sentence}", "choose a sentence of this bead", code="E517")


def unknown_decision(status: str, allowed: Iterable[str]) -> EditError:
    return EditError(f"unknown decision '{status}'", f"use {_either(allowed)}", code="E518")


def no_such_repair(repair: int) -> EditError:
    return EditError(f"there is no OCR repair {repair}", "reload the page", code="E519")


def split_point_outside() -> EditError:
    return EditError("the split point must fall inside the sentence", "choose where the second part starts",
                     code="E520")


def other_bead_selected(selected: int, shown: int) -> EditError:
    return EditError(f"bead {selected} is selected now, not bead {shown}", "check it and press again", code="E521")


def words_not_in_sentence() -> EditError:
    return EditError("those words are not inside the sentence (after its start)",
                     "type the words the second part starts with", code="E522")


# --- E6xx: projects --------------------------------------------------------------------------------

def project_exists(path: str) -> InputError:
    return InputError(f"{path}: a project already exists there",
                      "open it with tmbuild ui, or choose another name", code="E601")


def no_such_project(path: str) -> InputError:
    return InputError(f"{path}: no such project", "create it with tmbuild align --project or the start page",
                      code="E602")


def not_a_project(path: str) -> InputError:
    return InputError(f"{path}: not a tmbuild project", "give a file made by tmbuild align --project", code="E603")


def project_changed(name: str, current: int, shown: int) -> ConflictError:
    return ConflictError(f"{name} was changed in another session (it is at edit {current}, this page shows edit "
                         f"{shown})", "reload the project to see those edits, then redo yours", code="E604")


def journal_mismatch(name: str) -> ConflictError:
    return ConflictError(f"{name}: the beads are not what the journal expects", "reload the project", code="E605")


def projects_unreadable_here(path: str, why: str) -> InputError:
    return InputError(f"{path}: is not a TMX, and projects cannot be read here ({why})", "give a TMX file",
                      code="E606")


def not_tmx_or_project(path: str) -> InputError:
    return InputError(f"{path}: neither a TMX file nor a tmbuild project",
                      "give a TMX file or a project made by tmbuild align --project", code="E607")


def project_is_a_folder(path: str) -> InputError:
    return InputError(f"{path}: is a folder, not a project file",
                      "give a .tmproj file, or a new name to create one", code="E608")


def project_busy(why: str) -> ConflictError:
    return ConflictError(f"the project file is busy or cannot be written ({why})",
                         "another session may be saving: try again in a moment", code="E610")


def project_unwritable(path: str, why: str) -> FileSystemError:
    return FileSystemError(f"{path}: the project cannot be written here ({why})",
                           "choose a folder you can write to, with free space", code="E609")


# --- E7xx: translation memories and term lists -----------------------------------------------------

def not_tmx(path: str, why: str) -> InputError:
    return InputError(f"{path}: not a usable TMX file: {why}", "give a TMX 1.4 file, e.g. one written by tmbuild align",
                      code="E701")


def no_bilingual_segments(path: str, src: str, tgt: str) -> InputError:
    return InputError(f"{path}: no aligned segments with both {src} and {tgt} text",
                      "give a TMX or project whose units have text in both languages, or check --src/--tgt",
                      code="E702")


def no_segments_to_mine() -> InputError:
    return InputError("no aligned segments to mine terms from", "align the documents first", code="E703")


# --- E8xx: command use -----------------------------------------------------------------------------

def nothing_to_write() -> UsageError:
    return UsageError("nothing to write", "give -o OUTPUT, --project PROJECT, or both", code="E801")


def ui_not_installed(app: str) -> UsageError:
    return UsageError(f"{app}: the review UI is not installed", "run tmbuild ui from a source checkout", code="E802")


def output_is_input(path: str) -> UsageError:
    return UsageError(f"{path}: this is one of the input documents", "write the output to another file", code="E804")


def bad_arguments(what: str, command: str) -> UsageError:
    return UsageError(what, f"see {command} --help", code="E803")


# --- E9xx: the file system (what the operating system refused, in words, with the file it concerns) ----

# code: (the errno values it stands for, what went wrong, what to do)
_OS_PROBLEMS: dict[str, tuple[tuple[int, ...], str, str]] = {
    "E901": ((errno.EACCES, errno.EPERM), "permission denied", "check the file's permissions, or choose another place"),
    "E902": ((errno.ENOSPC, errno.EDQUOT), "the disk is full", "free some space, or write to another disk"),
    "E903": ((errno.ENAMETOOLONG,), "the file name is too long", "choose a shorter name or folder"),
    "E904": ((errno.EISDIR,), "this is a folder, not a file", "give a file name"),
    "E905": ((errno.ENOTDIR,), "a file is in the way of the folder", "choose another folder, or move that file"),
    "E906": ((errno.EROFS,), "the disk is read-only", "write to another place"),
    "E907": ((errno.ENOENT,), "no such file or folder", "check the path"),
}
_OTHER_OS_PROBLEM = "E908"


# An OSError raised without an errno (PermissionError("...")) still says what happened by its class.
_ERRNO_OF_CLASS: dict[type[OSError], int] = {PermissionError: errno.EACCES, FileNotFoundError: errno.ENOENT,
                                             IsADirectoryError: errno.EISDIR, NotADirectoryError: errno.ENOTDIR}


def os_problem(e: OSError, path: str | os.PathLike[str] | None = None) -> FileSystemError:
    """The OS error `e` (about `path`, else the file it names) as a coded message without the raw '[Errno N]'."""
    number = e.errno or next((n for cls, n in _ERRNO_OF_CLASS.items() if isinstance(e, cls)), 0)
    code, what, hint = next(((c, w, h) for c, (numbers, w, h) in _OS_PROBLEMS.items() if number in numbers),
                            (_OTHER_OS_PROBLEM, (e.strerror or type(e).__name__).lower(),
                             "check the file and the disk, then try again"))
    where = path if path is not None else e.filename
    error = FileSystemError(f"{where}: {what}" if where else f"a file could not be read or written: {what}", hint,
                            code=code)
    error.errno, error.strerror, error.filename = e.errno, e.strerror, where
    return error


# --- not errors of the user: a bug, reported with where its traceback was written ------------------

def internal_error_logged(what: str, log: str) -> str:
    return f"{what}; the traceback is in {log}; please report it"


def internal_error_unlogged(what: str, folder: str, why: str) -> str:
    return f"{what}; the traceback could not be written to {folder} ({why}), so it follows; please report it"

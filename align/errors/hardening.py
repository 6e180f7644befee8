"""Hardening (issue 13): resource limits (E13x), special files and empty pairs (E12x), damaged projects (E620)
and golds (E420), outputs that would collide (E82x); and `printable`, which escapes user text for a terminal."""

from __future__ import annotations

from align.errors.base import GoldError, InputError, UsageError


class LimitError(InputError):
    """An input beyond a resource limit (align.limits); its hint names the TMBUILD_* variable that sets it."""

    code = "E130"


def not_a_file(path: str, what: str) -> InputError:
    return InputError(f"{path}: {what}, not a regular file", "give a document file", code="E121")


def both_empty(src: str, tgt: str) -> InputError:
    return InputError(f"{src} and {tgt} are both empty", "give two documents with text", code="E122")


def too_large(path: str, what: str, size: int, limit: int, setting: str) -> LimitError:
    return LimitError(f"{path}: {what} is {_amount(size)}, more than the limit of {_amount(limit)}",
                      f"raise it with {setting} if the file is genuine", code="E131")


def over_limit(path: str, what: str, limit: int, setting: str) -> LimitError:
    return LimitError(f"{path}: {what} exceeds the limit of {limit:,}",
                      f"raise it with {setting} if the file is genuine", code="E132")


def out_of_time(path: str, stage: str, seconds: float, setting: str) -> LimitError:
    return LimitError(f"{path}: {stage} took longer than the time budget of {seconds:g} s",
                      f"raise it with {setting}", code="E133")


def bad_limit(name: str, value: str) -> LimitError:
    return LimitError(f"{name}={value[:40]} is not a positive number",
                      f"set {name} to a number such as 100", code="E134")


def damaged_project(path: str, why: str) -> InputError:
    return InputError(f"{path}: the project file is damaged: {why}", "restore it from a backup, or align again",
                      code="E620")


def damaged_gold(path: str, why: str) -> GoldError:
    return GoldError(f"{path}: not a usable gold file: {why}", "give unit JSONL or Vecalign beads", code="E420")


def output_twice(path: str, first: str, second: str) -> UsageError:
    return UsageError(f"{path}: given both as {first} and as {second}", "give each output its own file", code="E822")


def output_not_file(path: str, what: str, option: str) -> UsageError:
    return UsageError(f"{path}: {option} is {what}, not a file", "give the name of a file to write", code="E823")


def output_folder_name(path: str, option: str) -> UsageError:
    return UsageError(f"{path}: {option} ends with '/', so it names a folder, not a file",
                      f"give a file name, such as {path.rstrip('/')}/out.tmx", code="E824")


def too_deep(path: str, limit: int) -> LimitError:
    return LimitError(f"{path}: elements are nested deeper than the nesting limit of {limit:,} levels",
                      "save it with flatter markup: libxml2 reads 256 levels at most", code="E135")


def _amount(n: int) -> str:
    for unit, size in (("GB", 2**30), ("MB", 2**20), ("KB", 2**10)):
        if n >= size:
            return f"{n / size:.1f} {unit}"
    return f"{n} bytes"


__all__ = ["LimitError", "bad_limit", "both_empty", "damaged_gold", "damaged_project", "not_a_file", "out_of_time",
           "output_folder_name", "output_not_file", "output_twice", "over_limit", "too_deep", "too_large"]

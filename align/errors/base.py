"""The error classes every factory of align.errors builds; the CLI and the UI print them with their code."""

from __future__ import annotations

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


def side_name(side: str) -> str:
    return {"src": "source", "tgt": "target"}.get(side, side)



def either(choices: Iterable[str]) -> str:
    return ", ".join(f"'{c}'" for c in choices)

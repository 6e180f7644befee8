"""What the operating system refused (E9xx), in words and with the file it concerns; and the line for a bug."""

from __future__ import annotations

import errno
import os
import stat

from align.errors.base import FileSystemError, UsageError


def file_type(mode: int) -> str:
    """What a path that is not a regular file is, for messages ("a directory", "a named pipe (FIFO)" ...)."""
    if stat.S_ISDIR(mode):
        return "a directory"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "a socket" if stat.S_ISSOCK(mode) else "a special file"

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


def reason(e: BaseException, width: int = 160) -> str:
    """Why `e` happened, for a message: its first line, an OSError in words (never Python's '[Errno N]')."""
    if isinstance(e, OSError) and e.strerror:
        text = e.strerror.lower() + (f": {e.filename}" if e.filename else "")
    else:
        text = str(e)
    line = (text.strip().splitlines() or [type(e).__name__])[0]
    return line if len(line) <= width else line[:width - 1] + "…"


# --- not errors of the user: a bug, reported with where its traceback was written ------------------

def internal_error_logged(what: str, log: str) -> str:
    return f"{what}; the traceback is in {log}; please report it"


def internal_error_unlogged(what: str, folder: str, why: str) -> str:
    return f"{what}; the traceback could not be written to {folder} ({why}), so it follows; please report it"


# --- cache: the user cache directory (align/embed/cache.py, tmbuild cache) ---------------------------

def cache_bound_invalid(variable: str, value: str) -> UsageError:
    shown = ascii(value[:40])
    return UsageError(f"{variable}={shown} is not a cache size",
                      f"give a positive number of megabytes, e.g. {variable}=1024, or unset it", code="E910")


def cache_unusable(path: str, why: str) -> FileSystemError:
    return FileSystemError(f"cache at {path}: {why}", "check the folder's permissions, or set XDG_CACHE_HOME",
                           code="E911")

"""Write output files all at once: a temp file beside the target, renamed into place only on success.

What the operating system refuses (permissions, a full disk, a long name) becomes a coded FileSystemError
naming the target, never the temp file.
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from align import errors


def _create_temp(target: Path) -> tuple[int, Path]:
    """A new, exclusively created temp file in the target's directory (same filesystem, so the rename is atomic)."""
    # The name is cut so a target near the 255-byte name limit still gets a temp name the filesystem accepts.
    stem = target.name.encode()[:200].decode(errors="ignore")
    for _ in range(100):
        tmp = target.with_name(f".{stem}.{secrets.token_hex(4)}.tmp")
        try:
            # 0o666 so the umask gives the file the permissions a plain open() would (mkstemp would force 0o600).
            return os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666), tmp
        except FileExistsError:
            continue
    raise errors.os_problem(FileExistsError(errno.EEXIST, os.strerror(errno.EEXIST)), target)


def _refusal(number: int, path: Path) -> errors.FileSystemError:
    return errors.os_problem(OSError(number, os.strerror(number)), path)


create_temp = _create_temp  # public for tm.outputs, which reserves the temp files of a whole command


def check_writable(path: str | os.PathLike[str]) -> None:
    """Refuse now, before minutes of work, a target atomic_open could not write (a folder, a blocked or read-only
    folder, a name too long); the check creates and removes one temp file and leaves nothing behind."""
    target = Path(path)
    try:
        if target.is_dir():
            raise _refusal(errno.EISDIR, target)
        folder = target.parent
        while not folder.exists():  # atomic_open creates missing folders: check the first one that exists
            folder = folder.parent
    except OSError as e:
        if isinstance(e, errors.FileSystemError):
            raise
        raise errors.os_problem(e, target) from None
    if not folder.is_dir():
        raise _refusal(errno.ENOTDIR, folder)
    if folder != target.parent:
        if not os.access(folder, os.W_OK):
            raise _refusal(errno.EACCES, folder)
        return
    try:
        fd, tmp = _create_temp(target)
    except errors.FileSystemError:
        raise
    except OSError as e:
        raise errors.os_problem(e, target) from None
    os.close(fd)
    tmp.unlink()


@contextlib.contextmanager
def atomic_open(path: str | os.PathLike[str], mode: str = "w", *, encoding: str = "utf-8",
                newline: str | None = None) -> Iterator[IO[Any]]:
    """Open a temp file for writing ('w' or 'wb'); it replaces `path` when the block ends without an exception."""
    if mode not in ("w", "wb"):
        raise ValueError(f"atomic_open supports modes 'w' and 'wb', not {mode!r}")
    target = Path(path)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except FileExistsError as e:
        # mkdir's bare "File exists" hides the problem: a file sits where a directory of the path should be.
        raise errors.os_problem(NotADirectoryError(errno.ENOTDIR, os.strerror(errno.ENOTDIR)), e.filename) from None
    except OSError as e:
        raise errors.os_problem(e) from None
    try:
        fd, tmp = _create_temp(target)
    except errors.FileSystemError:
        raise
    except OSError as e:
        raise errors.os_problem(e, target) from None
    try:
        with contextlib.suppress(FileNotFoundError):
            # Keep the permissions of a file we overwrite, as writing it in place would.
            os.chmod(tmp, target.stat().st_mode & 0o7777)
        f = os.fdopen(fd, mode) if "b" in mode else os.fdopen(fd, mode, encoding=encoding, newline=newline)
    except BaseException as e:
        os.close(fd)
        tmp.unlink()
        if isinstance(e, OSError) and not isinstance(e, errors.FileSystemError):
            raise errors.os_problem(e, target) from None
        raise
    try:
        with f:
            yield f
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, target)
    except BaseException as e:
        # BaseException too: a Ctrl-C mid-write must not leave the temp file behind either.
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
        if isinstance(e, OSError) and not isinstance(e, errors.FileSystemError):
            raise errors.os_problem(e, target) from None  # a full disk or a refused rename, named by the target
        raise


def atomic_write(path: str | os.PathLike[str], data: bytes | str, *, encoding: str = "utf-8") -> None:
    """Write `data` to `path` atomically (text is encoded, newlines are written as given)."""
    if isinstance(data, str):
        data = data.encode(encoding)
    with atomic_open(path, "wb") as f:
        f.write(data)

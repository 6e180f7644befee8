"""Write output files all at once: a temp file beside the target, renamed into place only on success."""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any


def create_temp(target: Path) -> tuple[int, Path]:
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
    raise FileExistsError(f"could not create a temporary file beside {target}")


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
        raise NotADirectoryError(errno.ENOTDIR, "a file is in the way of the output directory", e.filename) from None
    fd, tmp = create_temp(target)
    try:
        with contextlib.suppress(FileNotFoundError):
            # Keep the permissions of a file we overwrite, as writing it in place would.
            os.chmod(tmp, target.stat().st_mode & 0o7777)
        f = os.fdopen(fd, mode) if "b" in mode else os.fdopen(fd, mode, encoding=encoding, newline=newline)
    except BaseException:
        os.close(fd)
        tmp.unlink()
        raise
    try:
        with f:
            yield f
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, target)
    except BaseException:
        # BaseException too: a Ctrl-C mid-write must not leave the temp file behind either.
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
        raise


def atomic_write(path: str | os.PathLike[str], data: bytes | str, *, encoding: str = "utf-8") -> None:
    """Write `data` to `path` atomically (text is encoded, newlines are written as given)."""
    if isinstance(data, str):
        data = data.encode(encoding)
    with atomic_open(path, "wb") as f:
        f.write(data)

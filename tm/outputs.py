"""All outputs of one command: checked before work starts, written to temp files, renamed together at the end.

    with OutputPlan(inputs=[src, tgt]) as plan:
        tmx = plan.add(output, "-o")      # checks the path, reserves a temp file beside its target
        write_tmx(alignment, tmx)         # the writer writes the temp file
    # leaving the block without an exception renames every temp onto its target; an exception removes them
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType

from align import errors
from tm.atomic import create_temp

PathLike = str | os.PathLike[str]


@dataclass
class _Planned:
    given: Path  # as the user wrote it (for messages)
    target: Path  # symlinks followed: the file that is replaced (a link stays a link)
    temp: Path
    option: str



def _same(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return os.path.normcase(os.path.abspath(a)) == os.path.normcase(os.path.abspath(b))


def check_output(path: PathLike, option: str = "-o") -> Path:
    """The file an output path writes (symlinks followed), or an OutputError saying why it cannot be written."""
    raw = os.fspath(path)
    given = Path(path)
    shown = str(given)
    # `out/` names a folder whether or not it exists: refused before any work, never written as a file `out`.
    if raw.endswith((os.sep, "/")) or not given.name:
        raise errors.output_folder_name(raw, option)
    target = Path(os.path.realpath(given))
    existing = target.parent
    while not existing.exists() and existing != existing.parent:
        existing = existing.parent
    limit = _name_max(existing if existing.is_dir() else existing.parent)
    if len(target.name.encode()) > limit:
        raise errors.os_problem(OSError(errno.ENAMETOOLONG, os.strerror(errno.ENAMETOOLONG)), shown)
    try:
        mode = target.stat().st_mode
    except (FileNotFoundError, NotADirectoryError):  # a file in the way is reported below
        mode = None
    except OSError as e:
        raise errors.os_problem(e, shown) from None
    if mode is not None and stat.S_ISDIR(mode):
        raise errors.os_problem(OSError(errno.EISDIR, os.strerror(errno.EISDIR)), shown)
    if mode is not None and not stat.S_ISREG(mode):
        raise errors.output_not_file(shown, errors.file_type(mode), option)
    if not existing.is_dir():
        raise errors.os_problem(OSError(errno.ENOTDIR, os.strerror(errno.ENOTDIR)), shown)
    return target


def _name_max(directory: Path) -> int:
    try:
        return os.pathconf(directory, "PC_NAME_MAX")
    except (OSError, ValueError):
        return 255


class OutputPlan:
    """The outputs of one command; nothing replaces a target until `commit` (the end of the `with` block)."""

    def __init__(self, inputs: Sequence[PathLike] = ()) -> None:
        self.inputs = [Path(p) for p in inputs]
        self._planned: list[_Planned] = []

    def add(self, path: PathLike, option: str = "-o") -> Path:
        """Check `path` and return the temp file to write in its place."""
        given = Path(path)
        target = check_output(path, option)
        shown = str(given)
        for p in self.inputs:
            if _same(target, p):
                raise errors.output_is_input(shown)
        for planned in self._planned:
            if _same(target, planned.target):
                raise errors.output_twice(shown, planned.option, option)
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            fd, temp = create_temp(target)
        except OSError as e:
            raise errors.os_problem(e, shown) from None
        os.close(fd)
        self._planned.append(_Planned(given, target, temp, option))
        return temp

    def commit(self) -> None:
        """Rename every temp file onto its target; if one rename fails, the targets already replaced are restored."""
        done: list[tuple[_Planned, Path | None, bool]] = []
        backups: list[Path] = []
        try:
            for planned in self._planned:
                existed = planned.target.exists()
                backup = self._keep(planned.target) if existed else None
                if backup is not None:
                    backups.append(backup)
                with contextlib.suppress(FileNotFoundError):
                    # A replaced file keeps its permissions, as writing it in place would.
                    os.chmod(planned.temp, planned.target.stat().st_mode & 0o7777)
                os.replace(planned.temp, planned.target)
                done.append((planned, backup, existed))
        except OSError as e:
            for planned, backup, existed in reversed(done):
                if backup is not None:
                    os.replace(backup, planned.target)
                elif not existed:
                    planned.target.unlink(missing_ok=True)
            failed = self._planned[len(done)]
            self.discard()
            raise errors.os_problem(e, str(failed.given)) from None
        finally:
            for backup in backups:
                backup.unlink(missing_ok=True)
        self._planned = []

    @staticmethod
    def _keep(target: Path) -> Path | None:
        """A hard link to the current target, so a failed commit can put it back (None: not possible here)."""
        fd, backup = create_temp(target)
        os.close(fd)
        try:
            backup.unlink()
            os.link(target, backup)
        except OSError:
            backup.unlink(missing_ok=True)
            return None
        return backup

    def discard(self) -> None:
        """Remove every temp file (and a project's SQLite side files); the targets stay as they were."""
        for planned in self._planned:
            for suffix in ("", "-wal", "-shm", "-journal"):
                Path(f"{planned.temp}{suffix}").unlink(missing_ok=True)
        self._planned = []

    def __enter__(self) -> OutputPlan:
        return self

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None,
                 tb: TracebackType | None) -> None:
        if kind is None:
            self.commit()
        else:
            self.discard()

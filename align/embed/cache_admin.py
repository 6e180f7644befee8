"""What the user cache directory holds (embedding cache, OCR lexicons), and clearing it safely under other users."""

from __future__ import annotations

import contextlib
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from align.embed.cache import FILENAME, TABLES, default_cache_dir, open_store, remove_store, shrink, size_bound
from align.errors import cache_unusable

# Files align/ocr/lexicon.py keeps beside the embedding cache (one per builder and word-list version).
LEXICON_GLOB = "*-lexicon-*.marshal"


@dataclass(frozen=True)
class ModelEntries:
    """One model's entries in one table of the cache."""

    table: str  # "vectors" or "sums"
    model: str
    entries: int
    payload_bytes: int
    last_used: int  # unix milliseconds


@dataclass
class CacheInfo:
    """The cache directory's contents."""

    directory: Path
    database: Path
    file_bytes: int  # the database with its WAL and shared-memory files
    bound: int
    models: list[ModelEntries] = field(default_factory=list)
    lexicons: list[tuple[Path, int]] = field(default_factory=list)
    problem: str = ""  # why the database could not be read, if it could not


@dataclass(frozen=True)
class Cleared:
    entries: int
    lexicons: int
    bytes_freed: int


def cache_info(directory: Path | None = None) -> CacheInfo:
    """Size, bound, entries per model and lexicon files of the cache in `directory` (default: the user's)."""
    directory = directory or default_cache_dir()
    db = directory / FILENAME
    info = CacheInfo(directory, db, _files_bytes(db), size_bound(), lexicons=_lexicons(directory))
    if not db.is_file():
        return info
    try:
        # Read-only: looking must not create, migrate or repair anything.
        conn = sqlite3.connect(f"{db.resolve().as_uri()}?mode=ro", uri=True, timeout=10.0)
        try:
            for table in TABLES:
                for model, n, size, used in conn.execute(
                        f"SELECT model, COUNT(*), total(length(data)), max(used) FROM {table} GROUP BY model"):
                    info.models.append(ModelEntries(table, str(model), int(n), int(size), int(used or 0)))
        finally:
            conn.close()
    except sqlite3.DatabaseError as e:  # damaged, foreign, older layout, or unreadable
        info.problem = f"{e} (the next run starts a new cache file)"
        info.models.clear()
    return info


def clear_cache(directory: Path | None = None) -> Cleared:
    """Empty the embedding cache and delete the lexicon files; safe while another process uses the cache."""
    directory = directory or default_cache_dir()
    db = directory / FILENAME
    before = _files_bytes(db) + sum(size for _, size in _lexicons(directory))
    entries = 0
    if db.is_file():
        try:
            entries = _empty(db)
        except sqlite3.OperationalError as e:  # read-only, or locked by a writer for over a minute
            raise cache_unusable(str(db), f"cannot clear: {e}") from e
        except sqlite3.DatabaseError:
            # Not a cache this version can open: nothing in it can be used, so the files go.
            try:
                remove_store(db)
            except OSError as e:
                raise cache_unusable(str(db), f"cannot remove: {e.strerror or e}") from e
    lexicons = _lexicons(directory)
    for path, _ in lexicons:
        try:
            # Readers load a lexicon in one read and writers replace it atomically: unlinking is safe.
            path.unlink(missing_ok=True)
        except OSError as e:
            raise cache_unusable(str(path), f"cannot remove: {e.strerror or e}") from e
    after = _files_bytes(db)
    return Cleared(entries, len(lexicons), max(0, before - after))


def _empty(db: Path) -> int:
    """Delete every entry in one transaction (other processes wait on the lock), then shrink the file."""
    conn = open_store(db)
    try:
        conn.execute("BEGIN IMMEDIATE")
        n = sum(conn.execute(f"DELETE FROM {t}").rowcount for t in TABLES)
        conn.execute("COMMIT")
        shrink(conn)
    finally:
        conn.close()
    return n


def _files_bytes(db: Path) -> int:
    total = 0
    for p in (db, Path(f"{db}-wal"), Path(f"{db}-shm")):
        with contextlib.suppress(OSError):
            total += p.stat().st_size
    return total


def _lexicons(directory: Path) -> list[tuple[Path, int]]:
    out = []
    try:
        for p in sorted(directory.glob(LEXICON_GLOB)):
            with contextlib.suppress(OSError):
                out.append((p, p.stat().st_size))
    except OSError:
        pass
    return out

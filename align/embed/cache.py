"""A disk cache of sentence embeddings: one SQLite file keyed by (model id, sha1 of the text)."""

from __future__ import annotations

import hashlib
import logging
import os
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import numpy as np

log = logging.getLogger(__name__)

FILENAME = "embeddings.sqlite3"
# SQLite's default limit on bound parameters is 32766 since 3.32, 999 before; stay under the old one.
_CHUNK = 900
# A rowid table, not WITHOUT ROWID: rows of 1.5-2 kB overflow the index-tree pages of the latter and
# make batch reads ~3x slower. 16 kB pages hold 7 USE rows each instead of 1 per 4 kB page.
_PAGE_SIZE = 16384
_SCHEMA = """
CREATE TABLE IF NOT EXISTS embedding (
    model TEXT NOT NULL,
    key BLOB NOT NULL,
    vec BLOB NOT NULL,
    PRIMARY KEY (model, key)
)
"""


def default_cache_dir() -> Path:
    """`$XDG_CACHE_HOME/tmbuild`, or `~/.cache/tmbuild`; read at call time so tests can change it."""
    xdg = os.environ.get("XDG_CACHE_HOME", "")
    # The XDG spec says a relative value is invalid and must be ignored.
    base = Path(xdg) if xdg and os.path.isabs(xdg) else Path.home() / ".cache"
    return base / "tmbuild"


def text_key(text: str) -> bytes:
    """The 20-byte sha1 of the text's UTF-8 (surrogates escaped so any str hashes)."""
    return hashlib.sha1(text.encode("utf-8", "surrogatepass")).digest()


class EmbeddingCache:
    """Float32 vectors per (model id, text); never raises on a broken file, only warns and degrades."""

    def __init__(self, directory: Path | str | None = None) -> None:
        self.path = Path(directory if directory is not None else default_cache_dir()) / FILENAME
        self._conn: sqlite3.Connection | None = None
        self._disabled = False

    # -- public -------------------------------------------------------------------------------

    def get_many(self, model: str, texts: Sequence[str], dim: int) -> dict[str, np.ndarray]:
        """The cached vectors of those `texts` that have one (of length `dim`), by text."""
        wanted = {text_key(t): t for t in texts}
        found: dict[str, np.ndarray] = {}
        if not wanted:
            return found
        keys = list(wanted)
        with self._guard("read") as conn:
            if conn is None:
                return found
            for i in range(0, len(keys), _CHUNK):
                chunk = keys[i:i + _CHUNK]
                marks = ",".join("?" * len(chunk))
                rows = conn.execute(
                    f"SELECT key, vec FROM embedding WHERE model = ? AND key IN ({marks})", (model, *chunk)
                ).fetchall()
                for key, blob in rows:
                    # A vector of the wrong size (a model that changed shape) counts as missing.
                    if len(blob) == 4 * dim:
                        found[wanted[bytes(key)]] = np.frombuffer(blob, dtype=np.float32)
        return found

    def put_many(self, model: str, texts: Sequence[str], vectors: np.ndarray) -> None:
        """Store one float32 row per text (existing entries are kept: same text, same model, same vector)."""
        if not len(texts):
            return
        vecs = np.ascontiguousarray(vectors, dtype=np.float32)
        rows = [(model, text_key(t), vecs[i].tobytes()) for i, t in enumerate(texts)]
        with self._guard("write") as conn:
            if conn is None:
                return
            # One explicit transaction: in autocommit mode every row would be its own commit (and
            # checkpoint). IMMEDIATE takes the write lock up front, so two writers queue on the busy
            # timeout instead of deadlocking on a read-to-write upgrade.
            conn.execute("BEGIN IMMEDIATE")
            try:
                conn.executemany("INSERT OR IGNORE INTO embedding (model, key, vec) VALUES (?, ?, ?)", rows)
            except BaseException:
                if conn.in_transaction:  # SQLite rolls back by itself on some errors (disk full, …)
                    conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")

    def count(self, model: str | None = None) -> int:
        """How many vectors are stored (for `model`, or in all)."""
        n = 0
        with self._guard("count") as conn:
            if conn is not None and model is None:
                n = conn.execute("SELECT COUNT(*) FROM embedding").fetchone()[0]
            elif conn is not None:
                n = conn.execute("SELECT COUNT(*) FROM embedding WHERE model = ?", (model,)).fetchone()[0]
        return n

    def close(self) -> None:
        """Close the connection (it reopens on next use)."""
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    def __enter__(self) -> EmbeddingCache:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- internals ----------------------------------------------------------------------------

    @contextmanager
    def _guard(self, what: str) -> Iterator[sqlite3.Connection | None]:
        """Yield a connection, or None when the cache is unusable; cache trouble never reaches the caller."""
        conn = None
        if not self._disabled:
            try:
                conn = self._connect()
            except (sqlite3.Error, OSError) as e:
                conn = self._handle(e, "open")
        try:
            yield conn
        except sqlite3.Error as e:
            self._handle(e, what)

    def _connect(self) -> sqlite3.Connection:
        if self._conn is not None:
            return self._conn
        self.path.parent.mkdir(parents=True, exist_ok=True)
        # isolation_level=None: autocommit; put_many opens its own transaction.
        conn = sqlite3.connect(self.path, timeout=60.0, isolation_level=None, check_same_thread=False)
        try:
            # page_size only takes effect on a new, empty file, so it must precede everything else.
            conn.execute(f"PRAGMA page_size = {_PAGE_SIZE}")
            # WAL lets readers go on while another process writes. NORMAL sync cannot corrupt a WAL
            # database (a crash only loses the last writes), and skips an fsync per transaction.
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = NORMAL")
            conn.execute(_SCHEMA)
            # A file that opens but holds some other table layout is treated like a corrupt one.
            cols = [r[1] for r in conn.execute("PRAGMA table_info(embedding)")]
            if cols != ["model", "key", "vec"]:
                raise sqlite3.DatabaseError(f"unexpected table layout {cols}")
        except BaseException:
            conn.close()
            raise
        self._conn = conn
        return conn

    def _handle(self, error: Exception, what: str) -> sqlite3.Connection | None:
        """Recreate a corrupt file; for anything else (locked, read-only, I/O) go on without the cache."""
        self.close()
        # SQLite reports damage as a bare DatabaseError ("file is not a database", "malformed");
        # OperationalError is about access (locked, read-only, cannot open), where the file must be kept.
        if type(error) is not sqlite3.DatabaseError:
            self._disable(f"{what} failed on {self.path}: {error}")
            return None
        log.warning("embedding cache %s is corrupt (%s); starting a new one", self.path, error)
        try:
            for path in (self.path, Path(f"{self.path}-wal"), Path(f"{self.path}-shm")):
                path.unlink(missing_ok=True)
            return self._connect()
        except (OSError, sqlite3.Error) as e:
            self._disable(f"cannot recreate {self.path}: {e}")
            return None

    def _disable(self, why: str) -> None:
        log.warning("embedding cache disabled for this run: %s", why)
        self.close()
        self._disabled = True

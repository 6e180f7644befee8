"""The disk cache: one SQLite file of sentence vectors and USE token sums, keyed by (model id, sha1 of the text),
bounded in size with least-recently-used eviction."""

from __future__ import annotations

import hashlib
import logging
import os
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import numpy as np

from align.errors import cache_bound_invalid

log = logging.getLogger(__name__)

FILENAME = "embeddings.sqlite3"
SCHEMA_VERSION = 2  # PRAGMA user_version; a file without it (or older) is rebuilt
TABLES = ("vectors", "sums")  # single-sentence vectors; USE token sums (align/embed/sums_rows.py)
BOUND_ENV = "TMBUILD_CACHE_MAX_MB"
# 1 GiB holds ~100k sentences of USE token sums (10.3 kB each; NOTES-cache.md): the 11 TransRead books
# (12k sentences, 126 MB) eight times over, or a year of UN-sized pairs, on any disk a translator has.
DEFAULT_MAX_MB = 1024
# Eviction goes down to this share of the bound, so a full cache does not evict on every write.
_LOW_WATER = 0.9
# SQLite's default limit on bound parameters is 32766 since 3.32, 999 before; stay under the old one.
_CHUNK = 900
# A rowid table, not WITHOUT ROWID: rows of 2-10 kB overflow the index-tree pages of the latter and
# make batch reads ~3x slower. 32 kB pages hold 3 sum rows (10.3 kB) or 15 USE vectors each; 16 kB
# pages would hold one sum row and waste a third of the file.
_PAGE_SIZE = 32768
_SCHEMA = "".join(
    f"CREATE TABLE {t} (model TEXT NOT NULL, key BLOB NOT NULL, data BLOB NOT NULL, used INTEGER NOT NULL, "
    f"PRIMARY KEY (model, key));" for t in TABLES)
_COLUMNS = ["model", "key", "data", "used"]


def default_cache_dir() -> Path:
    """`$XDG_CACHE_HOME/tmbuild`, or `~/.cache/tmbuild`; read at call time so tests can change it."""
    xdg = os.environ.get("XDG_CACHE_HOME", "")
    # The XDG spec says a relative value is invalid and must be ignored.
    base = Path(xdg) if xdg and os.path.isabs(xdg) else Path.home() / ".cache"
    return base / "tmbuild"


def size_bound() -> int:
    """The cache's bound in bytes: TMBUILD_CACHE_MAX_MB (a positive number of MiB), else DEFAULT_MAX_MB."""
    raw = os.environ.get(BOUND_ENV, "").strip()
    if not raw:
        return DEFAULT_MAX_MB << 20
    try:
        mb = float(raw)
    except ValueError:
        mb = -1.0
    if not 0 < mb < 1 << 30:
        raise cache_bound_invalid(BOUND_ENV, raw)
    return int(mb * (1 << 20))


def text_key(text: str) -> bytes:
    """The 20-byte sha1 of the text's UTF-8 (surrogates escaped so any str hashes)."""
    return hashlib.sha1(text.encode("utf-8", "surrogatepass")).digest()


class EmbeddingCache:
    """Blobs per (table, model id, text); never raises on a broken file, only warns and degrades."""

    def __init__(self, directory: Path | str | None = None, *, max_bytes: int | None = None) -> None:
        self.path = Path(directory if directory is not None else default_cache_dir()) / FILENAME
        self.max_bytes = size_bound() if max_bytes is None else max_bytes
        # One connection per thread: the review UI embeds in a warm-up thread while an edit embeds its window, and
        # one sqlite3 connection used from two threads at once crashed the process. Threads then share the file as
        # two processes do (WAL, busy timeout).
        self._local = threading.local()
        self._disabled = False

    # -- vectors --------------------------------------------------------------------------------

    def get_many(self, model: str, texts: Sequence[str], dim: int) -> dict[str, np.ndarray]:
        """The cached vectors of those `texts` that have one (of length `dim`), by text."""
        found = self.get_blobs("vectors", model, texts, lambda b: len(b) == 4 * dim)
        return {t: np.frombuffer(b, dtype=np.float32) for t, b in found.items()}

    def put_many(self, model: str, texts: Sequence[str], vectors: np.ndarray) -> None:
        """Store one float32 row per text."""
        vecs = np.ascontiguousarray(vectors, dtype=np.float32)
        self.put_blobs("vectors", model, texts, [vecs[i].tobytes() for i in range(len(texts))])

    # -- any table ------------------------------------------------------------------------------

    def get_blobs(self, table: str, model: str, texts: Sequence[str],
                  valid: Callable[[bytes], bool]) -> dict[str, bytes]:
        """The stored blobs of those `texts` that have a valid one, by text; marks them used now."""
        wanted = {text_key(t): t for t in texts}
        found: dict[str, bytes] = {}
        hit: list[bytes] = []
        with self._guard("read") as conn:
            if conn is None:
                return found
            keys = list(wanted)
            for i in range(0, len(keys), _CHUNK):
                chunk = keys[i:i + _CHUNK]
                marks = ",".join("?" * len(chunk))
                rows = conn.execute(f"SELECT key, data FROM {_table(table)} WHERE model = ? AND key IN ({marks})",
                                    (model, *chunk)).fetchall()
                for key, blob in rows:
                    # A row of the wrong size or checksum (another model shape, damage) counts as missing.
                    if isinstance(blob, bytes) and valid(blob):
                        found[wanted[bytes(key)]] = blob
                        hit.append(bytes(key))
            self._touch(conn, table, model, hit)
        return found

    def put_blobs(self, table: str, model: str, texts: Sequence[str], blobs: Sequence[bytes]) -> None:
        """Store one blob per text (an existing entry keeps its data and is marked used), then keep the bound."""
        if not len(texts):
            return
        now = _now()
        rows = [(model, text_key(t), b, now) for t, b in zip(texts, blobs, strict=True)]
        with self._guard("write") as conn:
            if conn is None:
                return
            with _transaction(conn):
                conn.executemany(f"INSERT INTO {_table(table)} (model, key, data, used) VALUES (?, ?, ?, ?) "
                                 "ON CONFLICT (model, key) DO UPDATE SET used = excluded.used", rows)
            self._keep_bound(conn)

    def count(self, model: str | None = None, table: str = "vectors") -> int:
        """How many entries `table` holds (for `model`, or in all)."""
        n = 0
        with self._guard("count") as conn:
            if conn is not None and model is None:
                n = conn.execute(f"SELECT COUNT(*) FROM {_table(table)}").fetchone()[0]
            elif conn is not None:
                n = conn.execute(f"SELECT COUNT(*) FROM {_table(table)} WHERE model = ?", (model,)).fetchone()[0]
        return n

    def close(self) -> None:
        """Close this thread's connection (it reopens on next use)."""
        conn = getattr(self._local, "conn", None)
        if conn is not None:
            conn.close()
            self._local.conn = None

    def __enter__(self) -> EmbeddingCache:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- size -----------------------------------------------------------------------------------

    def _keep_bound(self, conn: sqlite3.Connection) -> None:
        """Evict the least recently used entries until the live pages fit under the low-water mark.

    Live pages, not the file: free pages go back to the file system at the end (incremental vacuum).
    """
        for _ in range(8):  # each round frees at least its estimate; a few rounds absorb page slack
            live = _live_bytes(conn)
            if live <= self.max_bytes:
                break
            need = live - int(self.max_bytes * _LOW_WATER)
            # Payload bytes understate what a row costs in pages; scale by the file's own ratio.
            payload = sum(conn.execute(f"SELECT total(length(data) + length(key) + length(model)) FROM {t}")
                          .fetchone()[0] for t in TABLES) or 1.0
            ratio = live / payload
            victims: dict[str, list[int]] = {t: [] for t in TABLES}
            freed = 0.0
            union = " UNION ALL ".join(f"SELECT '{t}', rowid, used, length(data) + length(key) + length(model) "
                                       f"FROM {t}" for t in TABLES)
            for table, rowid, _used, size in conn.execute(f"{union} ORDER BY 3, 2"):
                victims[table].append(rowid)
                freed += size * ratio
                if freed >= need:
                    break
            if not any(victims.values()):
                break
            with _transaction(conn):
                for table, ids in victims.items():
                    for i in range(0, len(ids), _CHUNK):
                        chunk = ids[i:i + _CHUNK]
                        conn.execute(f"DELETE FROM {table} WHERE rowid IN ({','.join('?' * len(chunk))})", chunk)
            log.info("embedding cache over %d MB: evicted %d entries", self.max_bytes >> 20,
                     sum(map(len, victims.values())))
        if conn.execute("PRAGMA freelist_count").fetchone()[0]:
            shrink(conn)

    def _touch(self, conn: sqlite3.Connection, table: str, model: str, keys: list[bytes]) -> None:
        """Record the use of `keys` (one statement per chunk); skipped when another writer holds the lock."""
        if not keys:
            return
        now = _now()
        try:
            conn.execute("PRAGMA busy_timeout = 2000")
            with _transaction(conn):
                for i in range(0, len(keys), _CHUNK):
                    chunk = keys[i:i + _CHUNK]
                    conn.execute(f"UPDATE {table} SET used = ? WHERE model = ? AND used < ? "
                                 f"AND key IN ({','.join('?' * len(chunk))})", (now, model, now, *chunk))
        except sqlite3.OperationalError as e:  # locked or read-only: the order of eviction is only a little off
            log.debug("cache use not recorded: %s", e)
        finally:
            conn.execute("PRAGMA busy_timeout = 60000")

    # -- connection -----------------------------------------------------------------------------

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
        conn = getattr(self._local, "conn", None)
        if conn is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            conn = self._local.conn = open_store(self.path)
        return conn

    def _handle(self, error: Exception, what: str) -> sqlite3.Connection | None:
        """Recreate a corrupt file; for anything else (locked, read-only, I/O) go on without the cache."""
        self.close()
        # SQLite reports damage as a bare DatabaseError ("file is not a database", "malformed");
        # OperationalError is about access (locked, read-only, cannot open), where the file must be kept.
        if type(error) is not sqlite3.DatabaseError:
            self._disable(f"{what} failed on {self.path}: {error}")
            return None
        log.warning("embedding cache %s is corrupt or from another version (%s); starting a new one",
                    self.path, error)
        try:
            remove_store(self.path)
            return self._connect()
        except (OSError, sqlite3.Error) as e:
            self._disable(f"cannot recreate {self.path}: {e}")
            return None

    def _disable(self, why: str) -> None:
        log.warning("embedding cache disabled for this run: %s", why)
        self.close()
        self._disabled = True


def open_store(path: Path) -> sqlite3.Connection:
    """A connection to the cache file at `path`, created with the current layout if new.

    Raises sqlite3.DatabaseError for a file that is not a cache of this layout (damaged, foreign, older).
    """
    # isolation_level=None: autocommit; writers open their own transactions.
    conn = sqlite3.connect(path, timeout=60.0, isolation_level=None, check_same_thread=False)
    try:
        # page_size and auto_vacuum only take effect on a new, empty file, so they precede everything.
        # INCREMENTAL lets eviction hand freed pages back to the file system (SQLite never shrinks by itself).
        conn.execute(f"PRAGMA page_size = {_PAGE_SIZE}")
        conn.execute("PRAGMA auto_vacuum = INCREMENTAL")
        # WAL lets readers go on while another process writes. NORMAL sync cannot corrupt a WAL
        # database (a crash only loses the last writes), and skips an fsync per transaction.
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = NORMAL")
        # Checkpoint every 8 MB (not SQLite's 1000 pages, 32 MB here) and cut the WAL back to that size.
        conn.execute("PRAGMA wal_autocheckpoint = 256")
        conn.execute("PRAGMA journal_size_limit = 8388608")
        with _transaction(conn):  # two processes creating the file at once: one creates, one finds it
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            if version == 0 and not tables:
                _create(conn)
                version = SCHEMA_VERSION
        if version != SCHEMA_VERSION:
            raise sqlite3.DatabaseError(f"cache layout version {version}, expected {SCHEMA_VERSION}")
        for table in TABLES:
            cols = [r[1] for r in conn.execute(f"PRAGMA table_info({table})")]
            if cols != _COLUMNS:
                raise sqlite3.DatabaseError(f"unexpected layout of table {table}: {cols}")
    except BaseException:
        conn.close()
        raise
    return conn


def remove_store(path: Path) -> None:
    """Delete the cache file and its WAL and shared-memory companions."""
    for p in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        p.unlink(missing_ok=True)


def shrink(conn: sqlite3.Connection) -> None:
    """Give free pages back to the file system and fold the WAL into the file (best effort under readers)."""
    # Through execute() this pragma frees one page only (the module steps it once); executescript runs
    # it to completion. The connection is in autocommit mode, so the implicit COMMIT is a no-op.
    conn.executescript("PRAGMA incremental_vacuum;")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()


def _create(conn: sqlite3.Connection) -> None:
    for statement in filter(None, (s.strip() for s in _SCHEMA.split(";"))):
        conn.execute(statement)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")


def _now() -> int:
    # Milliseconds: a sentence read again and a batch written in the same second must stay in order.
    return time.time_ns() // 1_000_000


def _live_bytes(conn: sqlite3.Connection) -> int:
    pages = conn.execute("PRAGMA page_count").fetchone()[0] - conn.execute("PRAGMA freelist_count").fetchone()[0]
    return pages * conn.execute("PRAGMA page_size").fetchone()[0]


def _table(name: str) -> str:
    if name not in TABLES:
        raise ValueError(f"no cache table {name!r}")
    return name


@contextmanager
def _transaction(conn: sqlite3.Connection) -> Iterator[None]:
    # One explicit transaction: in autocommit mode every row would be its own commit (and checkpoint).
    # IMMEDIATE takes the write lock up front, so two writers queue on the busy timeout instead of
    # deadlocking on a read-to-write upgrade.
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        if conn.in_transaction:  # SQLite rolls back by itself on some errors (disk full, …)
            conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")

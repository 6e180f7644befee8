"""The batch's job ledger (SQLite): each pair's state and, once done, its units, written in one transaction.

Only the driver process writes it, one transaction per finished pair, so a kill at any moment leaves every pair
either wholly recorded or not at all; the merged TMX is always rebuilt from the ledger, never appended to.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from align import errors
from tm.batch.pairing import Pair
from tm.tmx import creation_time

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS pairs (
    seq INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, src TEXT NOT NULL, tgt TEXT NOT NULL,
    src_lang TEXT NOT NULL, tgt_lang TEXT NOT NULL,
    state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'done', 'failed')),
    attempts INTEGER NOT NULL DEFAULT 0, error TEXT NOT NULL DEFAULT '', stats TEXT NOT NULL DEFAULT '{}',
    beads TEXT NOT NULL DEFAULT '[]');
CREATE TABLE IF NOT EXISTS units (
    pair_seq INTEGER NOT NULL REFERENCES pairs(seq), pos INTEGER NOT NULL, key TEXT NOT NULL,
    src TEXT NOT NULL, tgt TEXT NOT NULL, score REAL NOT NULL, bead TEXT NOT NULL, paragraph INTEGER NOT NULL,
    kind TEXT NOT NULL, pre TEXT NOT NULL, post TEXT NOT NULL, PRIMARY KEY (pair_seq, pos));
CREATE INDEX IF NOT EXISTS units_key ON units(key);
"""


@dataclass(frozen=True)
class Unit:
    """One aligned bead as it goes into the merged TMX."""

    src: str
    tgt: str
    score: float
    bead: str
    paragraph: int
    kind: str
    pre: str = ""  # the source sentence before the bead (x-context-pre)
    post: str = ""  # the source sentence after it (x-context-post)


@dataclass
class PairResult:
    """What aligning one pair gave: its units and beads, or the one-line error that stopped it."""

    pair_id: str
    units: list[Unit] = field(default_factory=list)
    beads: list[tuple[list[int], list[int], float]] = field(default_factory=list)
    stats: dict[str, object] = field(default_factory=dict)
    error: str = ""


@dataclass(frozen=True)
class MergedUnit:
    """A unit of the merged TMX: its first occurrence (document order) and how many documents-positions repeat it."""

    document: str
    pos: int
    unit: Unit
    count: int


def normalise(text: str) -> str:
    """The form two segments are compared in: NFC, whitespace runs as one space, trimmed."""
    return " ".join(unicodedata.normalize("NFC", text).split())


def pair_key(src: str, tgt: str) -> str:
    return hashlib.sha1(f"{normalise(src)}\x00{normalise(tgt)}".encode()).hexdigest()


def batch_epoch() -> float:
    """The batch's creation time (tm.tmx.creation_time: now, or SOURCE_DATE_EPOCH when set)."""
    return creation_time().timestamp()


class Ledger:
    """A batch's SQLite ledger; `settings` must match those it was created with."""

    def __init__(self, path: Path, settings: dict[str, str]) -> None:
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self.conn = sqlite3.connect(path, isolation_level=None, timeout=30)
            self.conn.execute("PRAGMA journal_mode=WAL")
            self.conn.execute("PRAGMA synchronous=FULL")  # a finished pair survives a power cut, not just a kill
            self.conn.executescript(SCHEMA)
        except sqlite3.DatabaseError as e:
            raise errors.bad_ledger(str(path), str(e)) from None
        self._check_settings({**settings, "created": str(int(batch_epoch()))})

    def _check_settings(self, settings: dict[str, str]) -> None:
        stored = dict(self.conn.execute("SELECT key, value FROM meta"))
        if not stored:
            with self._transaction():
                self.conn.executemany("INSERT INTO meta VALUES (?, ?)", settings.items())
            return
        for key, value in settings.items():
            if key != "created" and stored.get(key) != value:
                raise errors.ledger_mismatch(str(self.path), key, stored.get(key, "(unset)"), value)

    @property
    def created(self) -> float:
        return float(self.conn.execute("SELECT value FROM meta WHERE key = 'created'").fetchone()[0])

    def _transaction(self) -> sqlite3.Connection:
        return _Tx(self.conn)

    def register(self, pairs: list[Pair]) -> None:
        """Add pairs not yet in the ledger (a pair already there keeps its state)."""
        with self._transaction():
            self.conn.executemany(
                "INSERT OR IGNORE INTO pairs (id, src, tgt, src_lang, tgt_lang) VALUES (?, ?, ?, ?, ?)",
                [(p.id, str(p.src), str(p.tgt), p.src_lang, p.tgt_lang) for p in pairs])

    def pending(self, ids: set[str] | None = None, *, retry_failed: bool = False) -> list[str]:
        states = ("pending", "failed") if retry_failed else ("pending",)
        rows = self.conn.execute(
            f"SELECT id FROM pairs WHERE state IN ({','.join('?' * len(states))}) ORDER BY id", states)
        return [r[0] for r in rows if ids is None or r[0] in ids]

    def attempts(self, pair_id: str) -> int:
        return self.conn.execute("SELECT attempts FROM pairs WHERE id = ?", (pair_id,)).fetchone()[0]

    def count_attempt(self, pair_id: str) -> int:
        with self._transaction():
            self.conn.execute("UPDATE pairs SET attempts = attempts + 1 WHERE id = ?", (pair_id,))
        return self.attempts(pair_id)

    def record(self, result: PairResult) -> None:
        """Store a finished pair (done or failed) and its units, all or nothing; a second record replaces the first."""
        seq = self.conn.execute("SELECT seq FROM pairs WHERE id = ?", (result.pair_id,)).fetchone()[0]
        with self._transaction():
            self.conn.execute("DELETE FROM units WHERE pair_seq = ?", (seq,))
            self.conn.executemany(
                "INSERT INTO units VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [(seq, pos, pair_key(u.src, u.tgt), u.src, u.tgt, u.score, u.bead, u.paragraph, u.kind, u.pre,
                  u.post) for pos, u in enumerate(result.units)])
            self.conn.execute(
                "UPDATE pairs SET state = ?, error = ?, stats = ?, beads = ? WHERE seq = ?",
                ("failed" if result.error else "done", result.error, json.dumps(result.stats, sort_keys=True),
                 json.dumps(result.beads), seq))

    def rows(self, ids: set[str] | None = None) -> list[dict[str, object]]:
        """Every pair's ledger row (id, src, tgt, state, attempts, error, stats), in id order."""
        cur = self.conn.execute("SELECT id, src, tgt, src_lang, tgt_lang, state, attempts, error, stats, "
                                "(SELECT COUNT(*) FROM units WHERE pair_seq = seq) FROM pairs ORDER BY id")
        keys = ("id", "src", "tgt", "src_lang", "tgt_lang", "state", "attempts", "error", "stats", "units")
        out = []
        for row in cur:
            item = dict(zip(keys, row, strict=True))
            item["stats"] = json.loads(item["stats"])
            if ids is None or item["id"] in ids:
                out.append(item)
        return out

    def beads(self, pair_id: str) -> list[tuple[list[int], list[int], float]]:
        row = self.conn.execute("SELECT beads FROM pairs WHERE id = ?", (pair_id,)).fetchone()
        return [tuple(b) for b in json.loads(row[0])] if row else []

    def merged_units(self, ids: set[str] | None = None) -> Iterator[MergedUnit]:
        """Done pairs' units, each distinct normalised pair once at its first place (id, position), with its count.

        The dedup runs inside SQLite so that a corpus of any size is merged without holding it in memory."""
        if ids is not None:
            self.conn.execute("CREATE TEMP TABLE IF NOT EXISTS wanted (id TEXT PRIMARY KEY)")
            self.conn.execute("DELETE FROM wanted")
            self.conn.executemany("INSERT INTO wanted VALUES (?)", [(i,) for i in ids])
        where = "p.state = 'done'" + (" AND p.id IN (SELECT id FROM wanted)" if ids is not None else "")
        cur = self.conn.execute(f"""
            SELECT doc, pos, src, tgt, score, bead, paragraph, kind, pre, post, n FROM (
                SELECT p.id AS doc, u.*, ROW_NUMBER() OVER (PARTITION BY u.key ORDER BY p.id, u.pos) AS rn,
                       COUNT(*) OVER (PARTITION BY u.key) AS n
                FROM units u JOIN pairs p ON p.seq = u.pair_seq WHERE {where})
            WHERE rn = 1 ORDER BY doc, pos""")
        for doc, pos, src, tgt, score, bead, paragraph, kind, pre, post, n in cur:
            yield MergedUnit(doc, pos, Unit(src, tgt, score, bead, paragraph, kind, pre, post), n)

    def close(self) -> None:
        self.conn.close()


class _Tx:
    """BEGIN IMMEDIATE … COMMIT, rolled back on any exception (the connection runs in autocommit mode)."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def __enter__(self) -> sqlite3.Connection:
        self.conn.execute("BEGIN IMMEDIATE")
        return self.conn

    def __exit__(self, kind: object, *_: object) -> None:
        self.conn.execute("ROLLBACK" if kind is not None else "COMMIT")

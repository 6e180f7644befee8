"""The project file's layout: tables, row types, bead JSON, and the SQLite connection settings."""

from __future__ import annotations

import json
import re
import sqlite3
import urllib.parse
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from align import errors
from tm.project.edits import Beads, Link, Status

SCHEMA_VERSION = "1"
SCHEMA = """
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE documents(side TEXT PRIMARY KEY, name TEXT NOT NULL, lang TEXT NOT NULL);
CREATE TABLE paragraphs(side TEXT, idx INTEGER, text TEXT NOT NULL, kind TEXT NOT NULL, label TEXT NOT NULL,
                        PRIMARY KEY(side, idx));
CREATE TABLE segments(side TEXT, idx INTEGER, text TEXT NOT NULL, paragraph INTEGER NOT NULL, kind TEXT NOT NULL,
                      PRIMARY KEY(side, idx));
CREATE TABLE beads(pos INTEGER PRIMARY KEY, src TEXT NOT NULL, tgt TEXT NOT NULL, confidence REAL NOT NULL,
                   status TEXT NOT NULL);
CREATE TABLE overrides(side TEXT, idx INTEGER, text TEXT NOT NULL, PRIMARY KEY(side, idx));
CREATE TABLE journal(id INTEGER PRIMARY KEY AUTOINCREMENT, at TEXT NOT NULL, version INTEGER NOT NULL,
                     op TEXT NOT NULL, args TEXT NOT NULL, payload TEXT NOT NULL, state TEXT NOT NULL);
"""

# OCR repairs made when the documents were loaded (align.ocr.repair), with the reviewer's decision on each.
# Created on open too, so projects made before repairs were recorded get an empty table.
REPAIRS_TABLE = """CREATE TABLE IF NOT EXISTS repairs(id INTEGER PRIMARY KEY, side TEXT NOT NULL, idx INTEGER NOT NULL,
    at INTEGER NOT NULL, before TEXT NOT NULL, after TEXT NOT NULL, rule TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'pending')"""
REPAIR_STATUSES = ("pending", "accepted", "rejected")

@dataclass(frozen=True)
class RepairRow:
    """A recorded OCR repair: `after` starts at offset `at` of the segment's repaired text."""

    id: int
    side: str
    index: int
    at: int
    before: str
    after: str
    rule: str
    status: str


@dataclass(frozen=True)
class JournalEntry:
    """One recorded edit: what was done, with which arguments, and whether it is undone."""

    id: int
    at: str
    version: int
    op: str
    args: dict[str, Any]
    state: str  # done, undone, or discarded (undone and then overwritten by a new edit)


def link_json(b: Link) -> list[Any]:
    return [list(b.src), list(b.tgt), b.confidence, b.status.value]


def link_from(row: list[Any]) -> Link:
    return Link(tuple(row[0]), tuple(row[1]), float(row[2]), Status(row[3]))


def now() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def connect(path: Path, *, readonly: bool = False) -> sqlite3.Connection:
    # Autocommit mode: transactions are opened explicitly (BEGIN IMMEDIATE) around each action.
    # check_same_thread=False: Streamlit reruns a session's script on different threads, never two at once.
    if readonly:  # mode=ro: not even a journal or WAL set-up touches the file
        return sqlite3.connect(_ro_uri(path), uri=True, isolation_level=None, check_same_thread=False, timeout=10)
    conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False, timeout=10)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=FULL")  # an acknowledged edit survives a kill -9 or a power cut
    return conn


def write_beads(conn: sqlite3.Connection, start: int, tail: Beads) -> None:
    """Rewrite the beads from position `start` on (positions are list indices, so a splice shifts the rest)."""
    conn.execute("DELETE FROM beads WHERE pos >= ?", (start,))
    conn.executemany("INSERT INTO beads VALUES (?, ?, ?, ?, ?)",
                     [(start + k, json.dumps(list(b.src)), json.dumps(list(b.tgt)), b.confidence, b.status.value)
                      for k, b in enumerate(tail)])


def rewrite_beads(conn: sqlite3.Connection, start: int, beads: Beads) -> None:
    """Rewrite the beads at positions `start`.. in place (a splice that keeps the bead count moves nothing)."""
    conn.executemany("UPDATE beads SET src=?, tgt=?, confidence=?, status=? WHERE pos=?",
                     [(json.dumps(list(b.src)), json.dumps(list(b.tgt)), b.confidence, b.status.value, start + k)
                      for k, b in enumerate(beads)])


def redo_repairs(text: str, repairs: list[RepairRow], changing: set[int], status: str) -> str:
    """`text` (one segment) with the repairs in `changing` undone (status rejected) or redone (otherwise)."""
    # From the end of the segment back, so a replacement never moves the repairs still to do.
    for r in sorted(repairs, key=lambda r: r.at, reverse=True):
        if r.id not in changing or (r.status == "rejected") == (status == "rejected"):
            continue
        old, new = (r.after, r.before) if status == "rejected" else (r.before, r.after)
        at = _token_at(text, old, _expected(r, repairs))
        if at is None:
            raise errors.repair_text_gone(old)
        text = text[:at] + new + text[at + len(old):]
    return text


def repair_span(text: str, row: RepairRow, repairs: list[RepairRow]) -> tuple[int, int] | None:
    """Where `row`'s token is in its segment's text now (`after`, or `before` once rejected), among the segment's
    `repairs`; None when a text edit took it away."""
    token = row.before if row.status == "rejected" else row.after
    at = _token_at(text, token, _expected(row, repairs))
    return None if at is None else (at, at + len(token))


def _expected(row: RepairRow, repairs: list[RepairRow]) -> int:
    # Where the token is now: its offset moved by the rejected repairs before it.
    return row.at + sum(len(q.before) - len(q.after) for q in repairs if q.status == "rejected" and q.at < row.at)


def _token_at(text: str, token: str, expected: int) -> int | None:
    """The start of the occurrence of `token` nearest `expected`, whole tokens only (the a of à is not looked for
    inside participer)."""
    pattern = (("(?<!\\w)" if token[:1].isalnum() else "") + re.escape(token)
               + ("(?!\\w)" if token[-1:].isalnum() else ""))
    found = [m.start() for m in re.finditer(pattern, text)]
    return min(found, key=lambda k: abs(k - expected)) if found else None


def _ro_uri(path: Path) -> str:
    uri = "file:" + urllib.parse.quote(str(Path(path).resolve())) + "?mode=ro"
    # With no -wal beside the file there is nothing to replay: immutable keeps SQLite from creating -wal and -shm
    # files for a WAL-mode file it only reads (a running session has a -wal, and is then read through it).
    return uri if Path(f"{path}-wal").exists() else uri + "&immutable=1"


_TABLES = {"meta", "documents", "paragraphs", "segments", "beads", "overrides", "journal"}


def validate_project(path: Path) -> None:
    """Check a project file before it is opened for use, read-only: a foreign or damaged file raises a one-line
    InputError and is left byte-identical (no WAL or journal is set up on it)."""
    from align import errors

    shown = str(path)
    try:
        conn = sqlite3.connect(_ro_uri(path), uri=True)
    except sqlite3.Error:
        raise errors.not_a_project(shown) from None
    try:
        _validate(conn, shown)
    except sqlite3.DatabaseError as e:  # not SQLite at all, or a damaged page
        if "file is not a database" in str(e):
            raise errors.not_a_project(shown) from None
        raise errors.damaged_project(shown, str(e)) from None
    finally:
        conn.close()


def _validate(conn: sqlite3.Connection, shown: str) -> None:
    from align import errors

    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    if not {"meta", "beads"} <= tables:
        raise errors.not_a_project(shown)
    row = conn.execute("SELECT value FROM meta WHERE key='schema'").fetchone()
    if row is None:
        raise errors.not_a_project(shown)
    if row[0] != SCHEMA_VERSION:
        raise errors.damaged_project(shown, f"schema version {str(row[0])[:20]!r}; this tmbuild reads {SCHEMA_VERSION}")
    if missing := sorted(_TABLES - tables):
        raise errors.damaged_project(shown, f"the table {missing[0]} is missing")
    version = conn.execute("SELECT value FROM meta WHERE key='version'").fetchone()
    if version is None or not str(version[0]).isdigit():
        raise errors.damaged_project(shown, "the version counter is missing or not a number")
    sides = {r[0] for r in conn.execute("SELECT side FROM documents")}
    if missing := sorted({"src", "tgt"} - sides):
        raise errors.damaged_project(shown, f"the {missing[0]} document is missing")
    counts = {side: conn.execute("SELECT count(*), coalesce(max(idx), -1) FROM segments WHERE side=?",
                                 (side,)).fetchone() for side in ("src", "tgt")}
    for side, (count, top) in counts.items():
        if count != top + 1:
            raise errors.damaged_project(shown, f"the {side} segments are not numbered 0 to {count - 1}")
    statuses = {st.value for st in Status}
    for pos, src, tgt, confidence, status in conn.execute("SELECT pos, src, tgt, confidence, status FROM beads"):
        for side, value in (("src", src), ("tgt", tgt)):
            idx = _index_list(value)
            if idx is None:
                raise errors.damaged_project(shown, f"bead {pos}: its {side} is not a list of segment numbers")
            if any(not 0 <= i < counts[side][0] for i in idx):
                raise errors.damaged_project(shown, f"bead {pos} points past the {side} segments "
                                                    f"(0 to {counts[side][0] - 1})")
        if not isinstance(confidence, int | float) or status not in statuses:
            raise errors.damaged_project(shown, f"bead {pos}: bad confidence or status")
    stats = conn.execute("SELECT value FROM meta WHERE key='stats'").fetchone()
    if stats is not None and not isinstance(_json(stats[0]), dict):
        raise errors.damaged_project(shown, "the stats entry is not a JSON object")
    for entry, args, payload in conn.execute("SELECT id, args, payload FROM journal"):
        if not isinstance(_json(args), dict) or not isinstance(_json(payload), dict):
            raise errors.damaged_project(shown, f"journal entry {entry} is not JSON objects")


def _json(text: object) -> object:
    """Parsed JSON, or None when it is not JSON (too deep counts as not JSON: it cannot be ours)."""
    if not isinstance(text, str | bytes):
        return None
    try:
        return json.loads(text)
    except (ValueError, RecursionError):
        return None


def _index_list(text: object) -> list[int] | None:
    value = _json(text)
    if not isinstance(value, list) or not all(isinstance(i, int) and not isinstance(i, bool) for i in value):
        return None
    return value

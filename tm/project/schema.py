"""The project file's layout: tables, row types, bead JSON, and the SQLite connection settings."""

from __future__ import annotations

import json
import re
import sqlite3
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


def connect(path: Path) -> sqlite3.Connection:
    # Autocommit mode: transactions are opened explicitly (BEGIN IMMEDIATE) around each action.
    # check_same_thread=False: Streamlit reruns a session's script on different threads, never two at once.
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


def redo_repairs(text: str, repairs: list[RepairRow], changing: set[int], status: str) -> str:
    """`text` (one segment) with the repairs in `changing` undone (status rejected) or redone (otherwise)."""
    # From the end of the segment back, so a replacement never moves the repairs still to do.
    for r in sorted(repairs, key=lambda r: r.at, reverse=True):
        if r.id not in changing or (r.status == "rejected") == (status == "rejected"):
            continue
        # Where the token is now: its offset moved by the rejected repairs before it.
        expected = r.at + sum(len(q.before) - len(q.after) for q in repairs if q.status == "rejected" and q.at < r.at)
        old, new = (r.after, r.before) if status == "rejected" else (r.before, r.after)
        # Whole tokens only: the a of à must not be looked for inside participer.
        pattern = ("(?<!\\w)" if old[:1].isalnum() else "") + re.escape(old) + ("(?!\\w)" if old[-1:].isalnum() else "")
        found = [m.start() for m in re.finditer(pattern, text)]
        if not found:
            raise errors.repair_text_gone(old)
        at = min(found, key=lambda k: abs(k - expected))
        text = text[:at] + new + text[at + len(old):]
    return text

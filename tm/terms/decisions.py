"""Term candidates and the reviewer's decisions on them, kept in the project file (SQLite).

Candidates are a listing (re-mining replaces them); decisions are edits, keyed by the candidate's mined source
and target so that they survive a re-mining, and journaled by tm.project.store like bead edits.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import asdict, dataclass, replace
from typing import Any

from tm.terms.pairs import TermPair

TABLES = (
    """CREATE TABLE IF NOT EXISTS term_candidates(rank INTEGER PRIMARY KEY, source TEXT NOT NULL,
       target TEXT NOT NULL, pair TEXT NOT NULL, examples TEXT NOT NULL)""",
    """CREATE TABLE IF NOT EXISTS term_decisions(source TEXT NOT NULL, target TEXT NOT NULL, status TEXT NOT NULL,
       new_source TEXT NOT NULL, new_target TEXT NOT NULL, PRIMARY KEY(source, target))""",
)
STATUSES = ("pending", "accepted", "rejected")
Key = tuple[str, str]  # (mined source, mined target)


@dataclass(frozen=True)
class Decision:
    """What the reviewer made of one candidate: its status and its (possibly edited) source and target."""

    status: str
    source: str
    target: str


@dataclass(frozen=True)
class Candidate:
    """A mined pair with its example segments' texts {bead id: (source, target)}."""

    pair: TermPair
    examples: dict[str, tuple[str, str]]

    @property
    def key(self) -> Key:
        return (self.pair.source, self.pair.target)


def create_tables(conn: sqlite3.Connection) -> None:
    for stmt in TABLES:
        conn.execute(stmt)


def write_candidates(conn: sqlite3.Connection, candidates: list[Candidate]) -> None:
    """Replace the listing (inside the caller's transaction)."""
    conn.execute("DELETE FROM term_candidates")
    conn.executemany("INSERT INTO term_candidates VALUES (?, ?, ?, ?, ?)",
                     [(n, c.pair.source, c.pair.target, json.dumps(asdict(c.pair)), json.dumps(c.examples))
                      for n, c in enumerate(candidates)])


def read_candidates(conn: sqlite3.Connection) -> list[Candidate]:
    try:
        rows = conn.execute("SELECT pair, examples FROM term_candidates ORDER BY rank").fetchall()
    except sqlite3.OperationalError:  # a read-only project from before terms were kept
        return []
    return [Candidate(TermPair(**json.loads(p)), {k: tuple(v) for k, v in json.loads(e).items()}) for p, e in rows]


def read_decisions(conn: sqlite3.Connection) -> dict[Key, Decision]:
    try:
        rows = conn.execute("SELECT source, target, status, new_source, new_target FROM term_decisions").fetchall()
    except sqlite3.OperationalError:
        return {}
    return {(s, t): Decision(st, ns, nt) for s, t, st, ns, nt in rows}


def set_decision(conn: sqlite3.Connection, key: Key, decision: Decision | None) -> None:
    """Write one decision (None removes it: the candidate is undecided again)."""
    if decision is None:
        conn.execute("DELETE FROM term_decisions WHERE source=? AND target=?", key)
    else:
        conn.execute("INSERT OR REPLACE INTO term_decisions VALUES (?, ?, ?, ?, ?)",
                     (*key, decision.status, decision.source, decision.target))


def decision_json(d: Decision | None) -> list[str] | None:
    return None if d is None else [d.status, d.source, d.target]


def decision_from(row: list[str] | None) -> Decision | None:
    return None if row is None else Decision(*row)


def decision_of(candidate: Candidate, decisions: dict[Key, Decision]) -> Decision:
    """The candidate's decision, or pending with its mined texts."""
    return decisions.get(candidate.key, Decision("pending", candidate.pair.source, candidate.pair.target))


def accepted(candidates: list[Candidate], decisions: dict[Key, Decision]) -> list[TermPair]:
    """The accepted pairs, with their edited source and target, in mining order."""
    out = []
    for c in candidates:
        d = decision_of(c, decisions)
        if d.status == "accepted" and d.source.strip() and d.target.strip():
            out.append(replace(c.pair, source=d.source.strip(), target=d.target.strip()))
    return out


def counts(candidates: list[Candidate], decisions: dict[Key, Decision]) -> dict[str, int]:
    out = dict.fromkeys(STATUSES, 0)
    for c in candidates:
        out[decision_of(c, decisions).status] += 1
    return out


def table_row(c: Candidate, d: Decision) -> dict[str, Any]:
    ex = c.examples.get(c.pair.examples[0], ("", "")) if c.pair.examples else ("", "")
    return {"status": d.status, "source": d.source, "target": d.target, "score": round(c.pair.score, 3),
            "frequency": c.pair.frequency, "segment": c.pair.examples[0] if c.pair.examples else "",
            "example source": ex[0], "example target": ex[1]}


def mine_candidates(segments: list[Any], *, src: str, tgt: str, similarity: Any, min_freq: int,
                    top: int) -> list[Candidate]:
    """Term pairs of aligned segments (tm.terms.pairs), the best `top` (0: all), each with its examples' texts."""
    from tm.terms.pairs import PairingParams, pair_terms

    pairs = pair_terms(segments, src=src, tgt=tgt, similarity=similarity, params=PairingParams(min_freq=min_freq))
    pairs = pairs[:top] if top > 0 else pairs
    texts = {s.id: (s.source, s.target) for s in segments}
    return [Candidate(p, {i: texts[i] for i in p.examples if i in texts}) for p in pairs]

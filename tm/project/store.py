"""A review project: one SQLite file (WAL) holding both documents, the beads, text edits and a journal of every edit.

Each edit is one transaction that checks and bumps a version counter, so a session working from an old
version gets a ConflictError instead of overwriting another session's edits. Undo/redo replay the journal.
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

from align import errors
from align.embed.matching import TextEncoder
from align.models import Alignment, Document, Kind, Paragraph, Segment
from tm.project import edits
from tm.project.confidence import Rescorer, holding, made_by, read_view, rescored, text_change
from tm.project.create import new_project_file
from tm.project.edits import Beads, Link, Status
from tm.project.schema import (
    REPAIR_STATUSES,
    REPAIRS_TABLE,
    SCHEMA_VERSION,
    JournalEntry,
    RepairRow,
    connect,
    link_from,
    link_json,
    now,
    redo_repairs,
    rewrite_beads,
    validate_project,
    write_beads,
)
from tm.terms import decisions as terms

# The bead operations a UI action may name, all pure functions of (beads, bead index, ...).
OPERATIONS: dict[str, Callable[..., Beads]] = {
    "merge_next": edits.merge_next, "split": edits.split, "split_side": edits.split_side,
    "move_sentence": edits.move_sentence, "detach": edits.detach, "confirm": edits.confirm,
}


class Project:
    """An open project file; `version` is the state this session last read or wrote."""

    def __init__(self, path: Path, conn: sqlite3.Connection) -> None:
        self.path = path
        self.conn = conn
        self.version = self.db_version()
        self._beads: tuple[int, Beads] | None = None
        # Per side, the version they were read at: texts and the (paragraph, kind) of each segment.
        self._texts: dict[str, tuple[int, list[str]]] = {}
        self._segmeta: dict[str, tuple[int, list[tuple[int, Kind]]]] = {}
        # The aligner's scorer gives the beads an edit makes their confidence (encoder loaded on first edit). Its
        # loader never touches the connection: prepare_scoring's thread may call it while the page uses the project.
        encoder = self.meta("encoder") or "use"
        self.scorer = Rescorer(lambda: _load_encoder(encoder))
        with contextlib.suppress(sqlite3.OperationalError):  # a read-only project from before these were kept
            conn.execute(REPAIRS_TABLE)
            terms.create_tables(conn)

    # --- creating and opening ---

    @classmethod
    def create(cls, path: str | os.PathLike[str], alignment: Alignment, *, srclang: str = "",
               tgtlang: str = "", overwrite: bool = False) -> Project:
        """A new project file holding `alignment`, every bead with status auto."""
        path = Path(path)
        return cls(path, new_project_file(path, alignment, srclang=srclang, tgtlang=tgtlang, overwrite=overwrite))

    @classmethod
    def open(cls, path: str | os.PathLike[str], *, readonly: bool = False) -> Project:
        """Open an existing project file (validated first, read-only); a missing, foreign or damaged file raises
        InputError. With `readonly`, the file is never written (no WAL set-up either)."""
        path = Path(path)
        if not path.is_file():
            raise errors.no_such_project(str(path))
        validate_project(path)
        conn = None
        try:
            conn = connect(path, readonly=readonly)
            row = conn.execute("SELECT value FROM meta WHERE key='schema'").fetchone()
        except sqlite3.DatabaseError:  # not SQLite at all, or SQLite without our tables
            row = None
        if conn is None or row is None or row[0] != SCHEMA_VERSION:
            if conn is not None:
                conn.close()
            raise errors.not_a_project(str(path))
        return cls(path, conn)

    def close(self) -> None:
        self.conn.close()

    def prepare_scoring(self, delay: float = 0.0) -> None:
        """Embed the documents for the edits' confidence in the background (the review UI, on opening a project),
        starting after `delay` seconds."""
        self.scorer.warm(self.beads(), read_view(self, {side: self.texts(side) for side in ("src", "tgt")}),
                         delay=delay)

    # --- reading ---

    def db_version(self) -> int:
        return int(self.conn.execute("SELECT value FROM meta WHERE key='version'").fetchone()[0])

    def stale(self) -> bool:
        """True when another session has changed the project since this one last read it."""
        return self.db_version() != self.version

    def refresh(self) -> None:
        """Take the project as it is now (after a conflict, or to see another session's edits)."""
        self.version = self.db_version()
        self._beads = None

    def meta(self, key: str, default: str = "") -> str:
        row = self.conn.execute("SELECT value FROM meta WHERE key=?", (key,)).fetchone()
        return row[0] if row else default

    def beads(self) -> Beads:
        """The beads as of this session's version (cached: reading 6k rows on every rerun is wasted time)."""
        if self._beads is None or self._beads[0] != self.version:
            rows = self.conn.execute("SELECT src, tgt, confidence, status FROM beads ORDER BY pos").fetchall()
            beads = tuple(Link(tuple(json.loads(s)), tuple(json.loads(t)), c, Status(st)) for s, t, c, st in rows)
            self._beads = (self.version, beads)
        return self._beads[1]

    def texts(self, side: str) -> list[str]:
        """One side's segment texts with their edits, cached per version (the review page reads them every rerun)."""
        if self._texts.get(side, (None,))[0] != self.version:
            over = {i: t for (s, i), t in self.overrides().items() if s == side}
            rows = self.conn.execute("SELECT idx, text FROM segments WHERE side=? ORDER BY idx", (side,))
            self._texts[side] = (self.version, [over.get(i, t) for i, t in rows])
        return self._texts[side][1]

    def segment_kinds(self, side: str) -> list[tuple[int, Kind]]:
        """Each segment's paragraph and kind, cached per version like texts()."""
        if self._segmeta.get(side, (None,))[0] != self.version:
            rows = self.conn.execute("SELECT paragraph, kind FROM segments WHERE side=? ORDER BY idx", (side,))
            kinds = {k.value: k for k in Kind}
            self._segmeta[side] = (self.version, [(p, kinds[k]) for p, k in rows])
        return self._segmeta[side][1]

    def _carry(self, payload: dict[str, Any], before: int) -> None:
        """After an edit that left every text as it was, what was read at `before` holds for the new version."""
        for cache, changed_by in ((self._texts, {"segment", "repairs", "side"}), (self._segmeta, {"segment"})):
            if not changed_by & payload.keys():
                for side, (at, value) in list(cache.items()):
                    if at == before:
                        cache[side] = (self.version, value)

    def overrides(self) -> dict[tuple[str, int], str]:
        return {(s, i): t for s, i, t in self.conn.execute("SELECT side, idx, text FROM overrides")}

    def document(self, side: str, *, edited: bool = True) -> Document:
        """One side's document; with `edited`, segment texts carry the text edits."""
        name, lang = self.conn.execute("SELECT name, lang FROM documents WHERE side=?", (side,)).fetchone()
        paras = [Paragraph(t, Kind(k), lab) for t, k, lab in self.conn.execute(
            "SELECT text, kind, label FROM paragraphs WHERE side=? ORDER BY idx", (side,))]
        over = self.overrides() if edited else {}
        segs = [Segment(i, over.get((side, i), t), p, Kind(k)) for i, t, p, k in self.conn.execute(
            "SELECT idx, text, paragraph, kind FROM segments WHERE side=? ORDER BY idx", (side,))]
        return Document(lang=lang, paragraphs=paras, segments=segs, name=name)

    def alignment(self, *, edited: bool = True) -> Alignment:
        """The project as an Alignment (texts with their edits unless `edited` is False)."""
        return Alignment(src=self.document("src", edited=edited), tgt=self.document("tgt", edited=edited),
                         beads=[b.to_bead() for b in self.beads()], encoder=self.meta("encoder"),
                         stats=json.loads(self.meta("stats", "{}")))

    def repairs(self) -> list[RepairRow]:
        """The OCR repairs recorded for the project (empty when the table is missing, as in a read-only old file)."""
        try:
            rows = self.conn.execute("SELECT id, side, idx, at, before, after, rule, status FROM repairs "
                                     "ORDER BY side DESC, idx, at").fetchall()
        except sqlite3.OperationalError:
            return []
        return [RepairRow(*row) for row in rows]

    def term_candidates(self) -> list[terms.Candidate]:
        return terms.read_candidates(self.conn)

    def term_decisions(self) -> dict[terms.Key, terms.Decision]:
        return terms.read_decisions(self.conn)

    def statuses(self) -> list[Status]:
        return [b.status for b in self.beads()]

    def journal(self) -> list[JournalEntry]:
        rows = self.conn.execute("SELECT id, at, version, op, args, state FROM journal ORDER BY id").fetchall()
        return [JournalEntry(i, at, v, op, json.loads(a), st) for i, at, v, op, a, st in rows]

    def next_undo(self) -> JournalEntry | None:
        """The edit undo() would take back (None when there is none)."""
        return next((e for e in reversed(self.journal()) if e.state == "done"), None)

    def next_redo(self) -> JournalEntry | None:
        """The edit redo() would do again (None when there is none)."""
        return next((e for e in self.journal() if e.state == "undone"), None)

    def can_undo(self) -> bool:
        return self.conn.execute("SELECT 1 FROM journal WHERE state='done' LIMIT 1").fetchone() is not None

    def can_redo(self) -> bool:
        return self.conn.execute("SELECT 1 FROM journal WHERE state='undone' LIMIT 1").fetchone() is not None

    # --- editing: every method is one transaction ---

    def _begin(self) -> None:
        self.conn.execute("BEGIN IMMEDIATE")  # takes the write lock now, so the version check below holds
        current = self.db_version()
        if current != self.version:
            # The cached beads stay as this session read them: the page keeps showing what the refused edit was made
            # on (with the conflict message) until the reviewer reloads, never the other session's beads under an
            # old version that refuses every edit.
            self.conn.execute("ROLLBACK")
            raise errors.project_changed(self.path.name, current, self.version)

    def _commit(self) -> None:
        self.version += 1
        self.conn.execute("UPDATE meta SET value=? WHERE key='version'", (str(self.version),))
        self.conn.execute("COMMIT")

    def _run(self, work: Callable[[], bool | None]) -> None:
        self._begin()
        try:
            if work() is False:  # nothing to do: leave the version alone
                self.conn.execute("ROLLBACK")
                return
            self._commit()
        except BaseException:
            self.conn.execute("ROLLBACK")
            self.version = self.db_version()
            self._beads = None
            raise

    def _record(self, op: str, args: dict[str, Any], payload: dict[str, Any]) -> None:
        # A new edit ends the redo branch; the undone entries stay in the journal, marked discarded.
        self.conn.execute("UPDATE journal SET state='discarded' WHERE state='undone'")
        self.conn.execute("INSERT INTO journal(at, version, op, args, payload, state) VALUES (?, ?, ?, ?, ?, 'done')",
                          (now(), self.version + 1, op, json.dumps(args), json.dumps(payload)))

    def set_beads(self, new: Beads, op: str, args: dict[str, Any] | None = None) -> None:
        """Replace the bead list (as computed by an edit) and journal the change; a no-op records nothing."""
        old = self.beads()
        if edits.flatten(new, "src") != edits.flatten(old, "src") or \
                edits.flatten(new, "tgt") != edits.flatten(old, "tgt"):
            raise errors.edit_loses_sentences()
        start, old_part, new_part = edits.splice_diff(old, new)
        if not old_part and not new_part:
            return
        if made := [start + k for k in made_by(old_part, new_part)]:  # only their confidence changes
            new_part = rescored(self, new, made)[start:start + len(new_part)]
        self._act(op, args or {}, {"start": start, "old": [link_json(b) for b in old_part],
                                   "new": [link_json(b) for b in new_part]})

    def apply(self, op: str, *args: Any) -> None:
        """Run the bead operation `op` (a key of OPERATIONS) with `args` after the bead list, as one action."""
        if op not in OPERATIONS:
            raise errors.unknown_operation(op, OPERATIONS)
        self.set_beads(OPERATIONS[op](self.beads(), *args), op, {"args": list(args)})

    def edit_text(self, side: str, index: int, text: str, *, base: str | None = None) -> None:
        """Replace the text of one segment (the original stays in the project; giving it back removes the edit).

        `base` is the text the user started from: if the segment no longer reads so (cut, repaired), nothing is saved.
        """
        row = self.conn.execute("SELECT text FROM segments WHERE side=? AND idx=?", (side, index)).fetchone()
        if row is None:
            raise errors.no_such_sentence(side, index + 1)
        if base is not None and self.texts(side)[index] != base:
            raise errors.text_changed_meanwhile(side, index)
        before = self.overrides()
        after = edits.set_text(before, side, index, text, original=row[0])  # type: ignore[arg-type]
        old, new = before.get((side, index)), after.get((side, index))
        if old == new:
            return
        texts = {s: list(self.texts(s)) for s in ("src", "tgt")}
        texts[side][index] = text
        self._act("edit_text", {"side": side, "index": index}, {"side": side, "index": index, "old": old, "new": new,
                                                               **text_change(self, [(side, index)], texts)})

    def decide_repairs(self, ids: list[int], status: str) -> None:
        """Accept, reject or reset OCR repairs as one action; rejecting puts the original token back in the text."""
        if status not in REPAIR_STATUSES:
            raise errors.unknown_decision(status, REPAIR_STATUSES)
        rows = {r.id: r for r in self.repairs()}
        missing = [i for i in ids if i not in rows]
        if missing:
            raise errors.no_such_repair(missing[0])
        todo = [rows[i] for i in dict.fromkeys(ids) if rows[i].status != status]
        if not todo:
            return
        texts: list[list[Any]] = []
        after = {s: list(self.texts(s)) for s in ("src", "tgt")}  # the texts once decided, to score the beads on
        flips = [r for r in todo if (r.status == "rejected") != (status == "rejected")]  # these change the text
        for side, index in dict.fromkeys((r.side, r.index) for r in flips):
            same = [r for r in rows.values() if (r.side, r.index) == (side, index)]
            text = redo_repairs(self.texts(side)[index], same, {r.id for r in flips}, status)
            original = self.conn.execute("SELECT text FROM segments WHERE side=? AND idx=?",
                                         (side, index)).fetchone()[0]
            old = self.overrides().get((side, index))
            new = None if text == original else text
            if new != old:
                texts.append([side, index, old, new])
                after[side][index] = text
        payload = {"repairs": [[r.id, r.status, status] for r in todo], "texts": texts,
                   **text_change(self, [(t[0], t[1]) for t in texts], after)}
        self._act("decide_repairs", {"ids": [r.id for r in todo], "status": status}, payload)

    def save_term_candidates(self, candidates: list[terms.Candidate]) -> None:
        """Replace the mined term listing; not an edit (no version, no journal): decisions stay where they are."""
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            terms.write_candidates(self.conn, candidates)
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        self.conn.execute("COMMIT")

    def decide_terms(self, changes: dict[terms.Key, terms.Decision | None]) -> None:
        """Set the decisions on some term candidates (None: undecided) as one journaled, undoable action."""
        for d in changes.values():
            if d is not None and d.status not in terms.STATUSES:
                raise errors.unknown_decision(d.status, terms.STATUSES)
        before = self.term_decisions()
        rows = [[list(k), terms.decision_json(before.get(k)), terms.decision_json(d)]
                for k, d in changes.items() if before.get(k) != d]
        if not rows:
            return

        self._act("decide_terms", {"count": len(rows), "status": rows[0][2][0] if rows[0][2] else "pending"},
                  {"terms": rows})

    def _replay_terms(self, payload: dict[str, Any], forward: bool) -> None:
        for key, old, new in payload["terms"]:
            terms.set_decision(self.conn, tuple(key), terms.decision_from(new if forward else old))

    def _replay_repairs(self, payload: dict[str, Any], forward: bool) -> None:
        for rid, old, new in payload["repairs"]:
            self.conn.execute("UPDATE repairs SET status=? WHERE id=?", (new if forward else old, rid))
        for side, index, old, new in payload["texts"]:
            self._set_override(side, index, new if forward else old)

    def split_sentence(self, side: str, index: int, at: int) -> None:
        """Split a sentence's text at character `at` into two sentences of the same bead, as one action."""
        texts = self.texts(side)
        if not 0 <= index < len(texts):
            raise errors.no_such_sentence(side, index + 1)
        head, tail = texts[index][:at].strip(), texts[index][at:].strip()
        if not head or not tail:
            raise errors.split_point_outside()
        new_index = len(texts)  # appended: segment ids stay contiguous, the beads give the reading order
        original, para, kind = self.conn.execute(
            "SELECT text, paragraph, kind FROM segments WHERE side=? AND idx=?", (side, index)).fetchone()
        beads = edits.insert_after(self.beads(), side, index, new_index)
        after = {s: list(self.texts(s)) for s in ("src", "tgt")}
        after[side][index:index + 1] = [head]
        after[side].append(tail)
        beads = rescored(self, beads, holding(beads, [(side, index)]), after, (side, para, kind))
        start, old_part, new_part = edits.splice_diff(self.beads(), beads)
        seg = {"side": side, "index": index, "new_index": new_index, "text": tail, "paragraph": para, "kind": kind}
        payload = {"start": start, "old": [link_json(b) for b in old_part], "new": [link_json(b) for b in new_part],
                   "segment": seg, "text_old": self.overrides().get((side, index)),
                   "text_new": None if head == original else head}
        self._act("split_sentence", {"side": side, "index": index, "at": at}, payload)

    def _replay_split(self, payload: dict[str, Any], forward: bool) -> None:
        seg = payload["segment"]
        self._splice_json(payload, forward)
        if forward:
            self.conn.execute("INSERT INTO segments VALUES (?, ?, ?, ?, ?)",
                              (seg["side"], seg["new_index"], seg["text"], seg["paragraph"], seg["kind"]))
        else:
            self.conn.execute("DELETE FROM segments WHERE side=? AND idx=?", (seg["side"], seg["new_index"]))
            self._set_override(seg["side"], seg["new_index"], None)
        self._set_override(seg["side"], seg["index"], payload["text_new" if forward else "text_old"])

    def _set_override(self, side: str, index: int, text: str | None) -> None:
        if text is None:
            self.conn.execute("DELETE FROM overrides WHERE side=? AND idx=?", (side, index))
        else:
            self.conn.execute("INSERT OR REPLACE INTO overrides VALUES (?, ?, ?)", (side, index, text))

    def _splice(self, start: int, old_part: Beads, new_part: Beads) -> None:
        beads = self.beads()
        if beads[start:start + len(old_part)] != old_part:
            raise errors.journal_mismatch(self.path.name)
        result = beads[:start] + new_part + beads[start + len(old_part):]
        if len(old_part) == len(new_part):
            rewrite_beads(self.conn, start, new_part)
        else:
            write_beads(self.conn, start, result[start:])
        # The cache is valid for the version _commit is about to set.
        self._beads = (self.version + 1, result)

    def _splice_json(self, piece: dict[str, Any], forward: bool) -> None:
        """Replay a journaled splice {"start", "old", "new"} forward or back."""
        old = tuple(link_from(r) for r in piece["old"])
        new = tuple(link_from(r) for r in piece["new"])
        self._splice(piece["start"], *((old, new) if forward else (new, old)))

    def _act(self, op: str, args: dict[str, Any], payload: dict[str, Any]) -> None:
        """Do `payload` as one journaled action."""

        def work() -> None:
            self._apply(payload, True)
            self._record(op, args, payload)

        before = self.version
        self._run(work)
        self._carry(payload, before)

    def _apply(self, payload: dict[str, Any], forward: bool) -> None:
        # The confidences an edit recomputed ("rescore") apply to the beads after it: last forward, first back.
        if "rescore" in payload and not forward:
            self._splice_json(payload["rescore"], False)
        if "repairs" in payload:
            self._replay_repairs(payload, forward)
        elif "terms" in payload:
            self._replay_terms(payload, forward)
        elif "segment" in payload:
            self._replay_split(payload, forward)
        elif "start" in payload:
            self._splice_json(payload, forward)
        else:
            self._set_override(payload["side"], payload["index"], payload["new" if forward else "old"])
        if "rescore" in payload and forward:
            self._splice_json(payload["rescore"], True)

    def undo(self) -> bool:
        """Undo the latest edit still done; False when there is none."""
        return self._step("SELECT id, payload FROM journal WHERE state='done' ORDER BY id DESC LIMIT 1", False)

    def redo(self) -> bool:
        """Redo the earliest undone edit; False when there is none."""
        return self._step("SELECT id, payload FROM journal WHERE state='undone' ORDER BY id LIMIT 1", True)

    def _step(self, query: str, forward: bool) -> bool:
        payload: dict[str, Any] = {}

        def work() -> bool:
            row = self.conn.execute(query).fetchone()
            if row is not None:
                payload.update(json.loads(row[1]))
                self._apply(payload, forward)
                self.conn.execute("UPDATE journal SET state=? WHERE id=?", ("done" if forward else "undone", row[0]))
            return row is not None

        before = self.version
        self._run(work)
        if payload:
            self._carry(payload, before)
        return bool(payload)


def _load_encoder(name: str) -> TextEncoder:
    from align.embed.encoders import load_encoder

    return load_encoder(name)

"""A new project file: the layout written and filled from an Alignment in one transaction, or nothing left."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from align import errors
from align.models import Alignment, Kind
from tm.project import edits
from tm.project.schema import REPAIRS_TABLE, SCHEMA, SCHEMA_VERSION, connect, now, write_beads
from tm.terms import decisions as terms


def new_project_file(path: Path, alignment: Alignment, *, srclang: str = "", tgtlang: str = "",
                     overwrite: bool = False) -> sqlite3.Connection:
    """The connection to a new project file holding `alignment` (every bead auto); an existing file is refused
    unless `overwrite`."""
    path = Path(path)
    if path.exists():
        if not overwrite:
            raise errors.project_exists(str(path))
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        conn = connect(path)
    except OSError as e:
        raise errors.os_problem(e, path) from None
    except sqlite3.OperationalError as e:  # SQLite says only "unable to open database file"
        raise errors.project_unwritable(str(path), str(e)) from None
    conn.execute("BEGIN IMMEDIATE")
    try:
        # Statement by statement: executescript() would commit, and creation must be one transaction.
        for stmt in filter(str.strip, SCHEMA.split(";")):
            conn.execute(stmt)
        meta = {"schema": SCHEMA_VERSION, "version": "0", "created": now(), "encoder": alignment.encoder,
                "stats": json.dumps(alignment.stats), "srclang": srclang or alignment.src.lang,
                "tgtlang": tgtlang or alignment.tgt.lang}
        conn.executemany("INSERT INTO meta VALUES (?, ?)", meta.items())
        for side, doc in (("src", alignment.src), ("tgt", alignment.tgt)):
            conn.execute("INSERT INTO documents VALUES (?, ?, ?)", (side, doc.name, doc.lang))
            conn.executemany("INSERT INTO paragraphs VALUES (?, ?, ?, ?, ?)",
                             [(side, i, p.text, Kind(p.kind).value, p.label) for i, p in enumerate(doc.paragraphs)])
            conn.executemany("INSERT INTO segments VALUES (?, ?, ?, ?, ?)",
                             [(side, s.index, s.text, s.paragraph, Kind(s.kind).value) for s in doc.segments])
        write_beads(conn, 0, edits.from_beads(alignment.beads))
        conn.execute(REPAIRS_TABLE)
        terms.create_tables(conn)
        conn.executemany("INSERT INTO repairs(side, idx, at, before, after, rule) VALUES (?, ?, ?, ?, ?, ?)",
                         [(side, r.segment, r.at, r.before, r.after, r.rule)
                          for side, doc in (("src", alignment.src), ("tgt", alignment.tgt))
                          for r in doc.repairs])
        conn.execute("COMMIT")
    except BaseException as e:
        conn.execute("ROLLBACK")
        conn.close()
        for suffix in ("", "-wal", "-shm"):  # the file is ours (it did not exist): no half-made project stays
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        if isinstance(e, sqlite3.OperationalError):  # e.g. "database or disk is full"
            raise errors.project_unwritable(str(path), str(e)) from None
        raise
    return conn

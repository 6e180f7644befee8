"""What batch tests share: `tmbuild batch` as a child process, its ledger count, and the merged TMX checked."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from align.readers.tmx import read_tmx
from tests.fixtures.cli import ENV_KEYS
from tests.fixtures.tools import require_tool

ENV = {**os.environ, **ENV_KEYS, "SOURCE_DATE_EPOCH": "1700000000"}


def batch(folder: Path, out: Path, *extra: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "tm.cli", "batch", str(folder), "-o", str(out), "--src", "fr",
                             "--tgt", "en", *extra], env=ENV, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, start_new_session=True)


def finish(proc: subprocess.Popen) -> str:
    stdout, stderr = proc.communicate(timeout=600)
    assert proc.returncode == 0, stderr
    return stdout


def done_pairs(ledger: Path) -> int:
    if not ledger.exists():
        return 0
    with sqlite3.connect(ledger) as conn:
        try:
            return conn.execute("SELECT COUNT(*) FROM pairs WHERE state = 'done'").fetchone()[0]
        except sqlite3.OperationalError:
            return 0


def reference_tmx(archive: Path, tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """The merged TMX of an uninterrupted run: what a killed and resumed run must reproduce."""
    out = tmp_path_factory.mktemp("ref") / "merged.tmx"
    finish(batch(archive, out))
    return out.read_bytes()


def assert_valid_tmx(path: Path, dtd: Path) -> None:
    proc = subprocess.run([require_tool("xmllint"), "--noout", "--dtdvalid", str(dtd), str(path)],
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr[:2000]


def tmx_units(path: Path, src: str = "fr", tgt: str = "en") -> list[tuple[str, str, str, str, str]]:
    """(x-document, x-count, x-score, source, target) of every TU, in file order."""
    return [(u.props.get("x-document", ""), u.props.get("x-count", ""), u.props.get("x-score", ""), u.text(src),
             u.text(tgt)) for u in read_tmx(path)]

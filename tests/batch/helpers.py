"""What batch tests compare: the merged TMX checked by xmllint against the DTD, and its units as tuples."""

from __future__ import annotations

import subprocess
from pathlib import Path

from align.readers.tmx import read_tmx
from tests.fixtures.tools import require_tool


def assert_valid_tmx(path: Path, dtd: Path) -> None:
    proc = subprocess.run([require_tool("xmllint"), "--noout", "--dtdvalid", str(dtd), str(path)],
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr[:2000]


def tmx_units(path: Path, src: str = "fr", tgt: str = "en") -> list[tuple[str, str, str, str, str]]:
    """(x-document, x-count, x-score, source, target) of every TU, in file order."""
    return [(u.props.get("x-document", ""), u.props.get("x-count", ""), u.props.get("x-score", ""), u.text(src),
             u.text(tgt)) for u in read_tmx(path)]

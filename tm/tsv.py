"""The beads of an alignment as a tab-separated table, one bead a row, for spreadsheets and quick review."""

from __future__ import annotations

import os
import re

from align.models import Alignment, Bead
from tm.atomic import atomic_open
from tm.tmx import strip_illegal_xml

HEADER = ("bead", "source", "target", "confidence", "type", "kind")
# Tabs and every character str.splitlines() breaks on, so each bead stays one row for any reader.
_BREAKS = re.compile(r"[\t\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")


def _cell(text: str) -> str:
    # Breaks become spaces first, then characters no text tool wants (NUL, lone surrogates, ...) go, as in the TMX.
    return strip_illegal_xml(_BREAKS.sub(" ", text))


def _kind(alignment: Alignment, bead: Bead) -> str:
    """The kind (body, heading, footnote) of the bead's first source segment, else its first target segment."""
    if bead.src:
        kind = alignment.src.segments[bead.src[0]].kind
    elif bead.tgt:
        kind = alignment.tgt.segments[bead.tgt[0]].kind
    else:
        return ""
    return getattr(kind, "value", str(kind))


def write_tsv(alignment: Alignment, path: str | os.PathLike[str], include_null: bool = True) -> int:
    """Write bead number (1-based, as the TMX tuid), source, target, confidence, bead type and kind; return rows."""
    rows = 0
    with atomic_open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write("\t".join(HEADER) + "\n")
        for number, (src, tgt, bead) in enumerate(alignment.pairs(), start=1):
            if bead.is_null and not include_null:
                continue
            f.write("\t".join((str(number), _cell(src), _cell(tgt), f"{bead.confidence:.4f}", bead.kind,
                               _kind(alignment, bead))) + "\n")
            rows += 1
    return rows

"""An LF Aligner-style review sheet: one row a unit, its score, coloured by confidence (openpyxl)."""

from __future__ import annotations

import io
from collections.abc import Iterable
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill

from tm.atomic import atomic_write
from tm.batch.ledger import MergedUnit
from tm.batch.work import LONG_SEGMENT
from tm.tmx import strip_illegal_xml

HEADERS = ("#", "document", "source", "target", "score", "bead", "count", "over 2,000 characters")
FILLS = {"high": PatternFill("solid", fgColor="C8E6C9"), "mid": PatternFill("solid", fgColor="FFF59D"),
         "low": PatternFill("solid", fgColor="FFCDD2")}


def band(score: float, low: float) -> str:
    """'low' under the threshold, 'high' at 0.9 and over, 'mid' between."""
    return "low" if score < low else "high" if score >= 0.9 else "mid"


def write_xlsx(path: Path, units: Iterable[MergedUnit], *, srclang: str, tgtlang: str, low: float = 0.5) -> int:
    """Write the review sheet (atomically) and return the number of unit rows."""
    wb = Workbook()
    ws = wb.active
    ws.title = f"{srclang}-{tgtlang}"[:31]
    ws.append([*HEADERS[:2], f"source ({srclang})", f"target ({tgtlang})", *HEADERS[4:]])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    wrap = Alignment(wrap_text=True, vertical="top")
    rows = 0
    for rows, m in enumerate(units, 1):
        u = m.unit
        too_long = max(len(u.src), len(u.tgt)) > LONG_SEGMENT
        # openpyxl refuses the control characters XML cannot hold; the TMX drops them the same way.
        ws.append([rows, m.document, strip_illegal_xml(u.src), strip_illegal_xml(u.tgt), u.score, u.bead, m.count,
                   "yes" if too_long else ""])
        fill = FILLS[band(u.score, low)]
        for cell in ws[rows + 1]:
            cell.alignment = wrap
        ws.cell(rows + 1, 5).fill = fill
        ws.cell(rows + 1, 5).number_format = "0.00"
    for column, width in zip("ABCDEFGH", (6, 24, 60, 60, 8, 6, 7, 10), strict=True):
        ws.column_dimensions[column].width = width
    ws.freeze_panes = "C2"
    ws.auto_filter.ref = ws.dimensions
    buf = io.BytesIO()
    wb.save(buf)
    atomic_write(path, buf.getvalue())
    return rows

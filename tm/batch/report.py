"""The batch report: one CSV row per pair, and a one-page HTML summary with a plot."""

from __future__ import annotations

import csv
import html
import io
from collections import Counter
from pathlib import Path

from tm.atomic import atomic_write

BEAD_TYPES = ("1-1", "1-2", "2-1", "1-0", "0-1")
COLUMNS = ("id", "state", "src", "tgt", "src_segments", "tgt_segments", "beads", *BEAD_TYPES, "other_beads",
           "low_share", "units", "long_units", "seconds", "attempts", "error", "warnings")


def report_rows(rows: list[dict[str, object]]) -> list[dict[str, object]]:
    """Ledger rows flattened into the report's columns."""
    out = []
    for r in rows:
        stats: dict = r["stats"]  # type: ignore[assignment]
        types: dict[str, int] = stats.get("bead_types", {})
        row = {"id": r["id"], "state": r["state"], "src": r["src"], "tgt": r["tgt"],
               "src_segments": stats.get("src_segments", ""), "tgt_segments": stats.get("tgt_segments", ""),
               "beads": stats.get("beads", ""), **{t: types.get(t, 0) for t in BEAD_TYPES},
               "other_beads": sum(n for t, n in types.items() if t not in BEAD_TYPES),
               "low_share": stats.get("low_share", ""), "units": r["units"], "long_units": stats.get("long_units", 0),
               "seconds": stats.get("seconds", ""), "attempts": r["attempts"], "error": r["error"],
               "warnings": " | ".join(stats.get("warnings", []))}
        out.append(row)
    return out


def write_csv(path: Path, rows: list[dict[str, object]]) -> None:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    atomic_write(path, buf.getvalue())


def _histogram_svg(values: list[float], bins: int = 10, width: int = 520, height: int = 180) -> str:
    """Pairs per band of low-confidence share, as inline SVG.

    Hand-written rather than matplotlib: one bar chart does not justify a plotting library as a core dependency,
    and inline SVG keeps the report a single self-contained file."""
    counts = Counter(min(int(v * bins), bins - 1) for v in values)
    top = max(counts.values(), default=1)
    bar_w = (width - 40) / bins
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height + 40}" role="img" '
             'aria-label="pairs by share of low-confidence beads">']
    for b in range(bins):
        h = (height - 20) * counts.get(b, 0) / top
        x = 30 + b * bar_w
        colour = "#2e7d32" if b < 2 else "#f9a825" if b < 4 else "#c62828"
        parts.append(f'<rect x="{x:.1f}" y="{height - h:.1f}" width="{bar_w - 4:.1f}" height="{h:.1f}" '
                     f'fill="{colour}"><title>{b * 10}–{b * 10 + 10} %: {counts.get(b, 0)} pairs</title></rect>')
        parts.append(f'<text x="{x + bar_w / 2 - 2:.1f}" y="{height - h - 4:.1f}" font-size="11" '
                     f'text-anchor="middle">{counts.get(b, 0) or ""}</text>')
        parts.append(f'<text x="{x:.1f}" y="{height + 16}" font-size="11">{b * 10}%</text>')
    parts.append(f'<text x="30" y="{height + 34}" font-size="12">share of beads below the confidence threshold, '
                 'per pair</text></svg>')
    return "".join(parts)


def write_html(path: Path, rows: list[dict[str, object]], *, title: str, merged_units: int, seconds: float) -> None:
    done = [r for r in rows if r["state"] == "done"]
    failed = [r for r in rows if r["state"] == "failed"]
    segments = sum(int(r["src_segments"] or 0) + int(r["tgt_segments"] or 0) for r in done)
    types = Counter({t: sum(int(r[t]) for r in done) for t in BEAD_TYPES})
    worst = sorted(done, key=lambda r: -float(r["low_share"] or 0))[:10]
    esc = html.escape
    body = [f"<h1>{esc(title)}</h1>",
            f"<p>{len(done)} pairs aligned, {len(failed)} failed, {len(rows) - len(done) - len(failed)} pending; "
            f"{segments} segments; {merged_units} units in the merged TMX; this run {seconds:.1f} s.</p>",
            "<p>Beads: " + ", ".join(f"{t} {n}" for t, n in types.items()) + "</p>",
            _histogram_svg([float(r["low_share"] or 0) for r in done]),
            "<h2>Pairs most in need of review</h2><table><tr><th>pair</th><th>low share</th><th>beads</th>"
            "<th>seconds</th></tr>"]
    body += [f"<tr><td>{esc(str(r['id']))}</td><td>{float(r['low_share'] or 0):.1%}</td><td>{r['beads']}</td>"
             f"<td>{r['seconds']}</td></tr>" for r in worst]
    body.append("</table>")
    if failed:
        body.append("<h2>Failed pairs</h2><table><tr><th>pair</th><th>error</th></tr>")
        body += [f"<tr><td>{esc(str(r['id']))}</td><td>{esc(str(r['error']))}</td></tr>" for r in failed]
        body.append("</table>")
    page = ("<!doctype html><html lang='en'><head><meta charset='utf-8'><title>" + esc(title) + "</title><style>"
            "body{font-family:sans-serif;max-width:60em;margin:2em auto}table{border-collapse:collapse}"
            "td,th{border:1px solid #ccc;padding:2px 8px;text-align:left}</style></head><body>"
            + "\n".join(body) + "</body></html>\n")
    atomic_write(path, page)

"""What the bitext view shows: a window of beads around the current one, as plain data for the component."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from align.models import Kind
from tm.project import review
from tm.project.edits import Beads, Link, Status

BEFORE, AFTER = 5, 10  # beads shown above and below the current one
# Confidence colour stops (diverging red → yellow → green, ColorBrewer RdYlGn): readable as a scale, not two colours.
STOPS: tuple[tuple[float, tuple[int, int, int]], ...] = (
    (0.0, (165, 0, 38)), (0.25, (244, 109, 67)), (0.5, (254, 224, 139)), (0.75, (166, 217, 106)), (1.0, (26, 152, 80)))
KIND_NAMES = {Kind.HEADING.value: "heading", Kind.LIST_ITEM.value: "list item", Kind.FOOTNOTE.value: "footnote",
              Kind.CODE.value: "code", Kind.TABLE_CELL.value: "table cell"}


@dataclass(frozen=True)
class Texts:
    """One side's sentence texts and segment kinds (index = segment number), and its writing direction."""

    texts: Sequence[str]
    kinds: Sequence[str]
    direction: str = "ltr"


def colour(confidence: float) -> str:
    """The confidence as a CSS colour on the red–yellow–green scale (clamped to 0..1)."""
    c = min(max(float(confidence), 0.0), 1.0)
    for (a, ca), (b, cb) in zip(STOPS, STOPS[1:], strict=False):
        if c <= b:
            t = (c - a) / (b - a)
            r, g, bl = (round(x + (y - x) * t) for x, y in zip(ca, cb, strict=True))
            return f"#{r:02x}{g:02x}{bl:02x}"
    return "#{:02x}{:02x}{:02x}".format(*STOPS[-1][1])


def window(count: int, current: int, before: int = BEFORE, after: int = AFTER) -> range:
    """Bead positions shown around `current` (0-based): `before` above and `after` below, shifted at the ends."""
    if count <= 0:
        return range(0)
    size = min(count, before + after + 1)
    start = min(max(0, current - before), count - size)
    return range(start, start + size)


def default_split(src_lengths: Sequence[int], tgt_lengths: Sequence[int]) -> tuple[int, int]:
    """Split points where both sides are cut at the same share of their length (the likeliest split to want).

    Never the two no-op points (nothing kept, everything kept); ties go to the later source point (so a 1-1
    splits into 1-0 + 0-1, source first, as `detach` orders null beads).
    """
    n, m = len(src_lengths), len(tgt_lengths)
    total_s, total_t = max(sum(src_lengths), 1), max(sum(tgt_lengths), 1)

    def share(lengths: Sequence[int], k: int, total: int) -> float:
        return sum(lengths[:k]) / total if lengths else float(k > 0)

    best: tuple[float, int, int] | None = None
    for a in range(n, -1, -1):
        for b in range(m + 1):
            if (a, b) in ((0, 0), (n, m)):
                continue
            # Cuts keeping sentences on both sides of both parts first: null beads only when nothing else exists.
            inner = 0 if (0 < a < n or n == 0) and (0 < b < m or m == 0) else 1
            score = abs(share(src_lengths, a, total_s) - share(tgt_lengths, b, total_t)) + inner
            if best is None or score < best[0] - 1e-9:
                best = (score, a, b)
    return (best[1], best[2]) if best else (n, m)


def _kinds_badge(src: list[str], tgt: list[str]) -> tuple[list[str], str]:
    """The bead's non-body kinds, and a note when the two sides are different kinds of text."""
    names = sorted({KIND_NAMES[k] for k in src + tgt if k in KIND_NAMES})
    s, t = set(src), set(tgt)
    mismatch = ""
    if s and t and s != t:
        mismatch = f"{'/'.join(sorted(KIND_NAMES.get(k, 'body') for k in s))} ↔ " \
                   f"{'/'.join(sorted(KIND_NAMES.get(k, 'body') for k in t))}"
    return names, mismatch


def _side(ids: Sequence[int], side: Texts, needle: str) -> list[dict[str, Any]]:
    return [{"i": k, "kind": side.kinds[k] if k < len(side.kinds) else Kind.BODY.value,
             "spans": [[piece, hit] for piece, hit in review.match_spans(side.texts[k], needle)]} for k in ids]


def row(n: int, bead: Link, src: Texts, tgt: Texts, needle: str = "") -> dict[str, Any]:
    """One bead as the component draws it: number (1-based), type, confidence and its colour, status, sentences."""
    ks = [src.kinds[k] if k < len(src.kinds) else Kind.BODY.value for k in bead.src]
    kt = [tgt.kinds[k] if k < len(tgt.kinds) else Kind.BODY.value for k in bead.tgt]
    kinds, mismatch = _kinds_badge(ks, kt)
    doubtful = bead.confidence < review.LOW and bead.status is not Status.CONFIRMED
    cut = default_split([len(src.texts[k]) for k in bead.src], [len(tgt.texts[k]) for k in bead.tgt])
    return {"n": n + 1, "type": bead.kind, "conf": round(bead.confidence, 2), "colour": colour(bead.confidence),
            "status": bead.status.value, "doubtful": doubtful, "kinds": kinds, "mismatch": mismatch,
            "src": _side(bead.src, src, needle), "tgt": _side(bead.tgt, tgt, needle), "cut": list(cut)}


def rows(beads: Beads, current: int, src: Texts, tgt: Texts, needle: str = "",
         before: int = BEFORE, after: int = AFTER) -> list[dict[str, Any]]:
    """The window of beads around `current` (0-based), in document order."""
    return [row(k, beads[k], src, tgt, needle) for k in window(len(beads), current, before, after)]

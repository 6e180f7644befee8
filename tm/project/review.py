"""What the review page shows: filtered, ordered and paginated bead rows, and the overview's figures."""

from __future__ import annotations

import unicodedata
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from align.langtags import primary
from tm.project.edits import Beads, Link, Status
from tm.project.schema import JournalEntry, RepairRow

LOW = 0.5  # confidence below which a bead is highlighted as doubtful
RTL = {"ar", "he", "fa", "ur", "yi", "ps", "sd", "ug", "dv"}  # primary subtags written right to left
# Apostrophes and single quotes a user may type for one another; each maps one character to one, keeping offsets.
_QUOTES = str.maketrans({c: "'" for c in "’‘ʼ`´′"})


def direction(tag: str) -> str:
    """The HTML dir of text in language `tag`: rtl for Arabic, Hebrew and the other right-to-left scripts."""
    try:
        return "rtl" if primary(tag) in RTL else "ltr"
    except Exception:  # noqa: BLE001  (an unusable tag in an old project: show the text left to right)
        return "ltr"


@lru_cache(maxsize=1 << 16)  # the search folds every bead's text on each rerun; texts change rarely
def fold(text: str) -> str:
    """Text for matching: case, accents and apostrophe variants ignored."""
    decomposed = unicodedata.normalize("NFD", text.casefold().translate(_QUOTES))
    return unicodedata.normalize("NFC", "".join(c for c in decomposed if not unicodedata.combining(c)))


def find_cut(text: str, words: str) -> int:
    """Where `words` start inside `text` (after its start), apostrophe variants alike; -1 when they are not there."""
    if not words.strip():
        return -1
    at = text.translate(_QUOTES).find(words.strip().translate(_QUOTES))
    return at if at > 0 else -1


def match_spans(text: str, needle: str) -> list[tuple[str, bool]]:
    """`text` cut into (piece, matches) pieces at every accent- and case-insensitive occurrence of `needle`."""
    if not needle.strip():
        return [(text, False)]
    # Fold letter by letter, so offsets in the folded text map back to the original one.
    folded, index = [], []
    for n, ch in enumerate(text):
        f = fold(ch)
        folded.append(f)
        index.extend([n] * len(f))
    hay, want = "".join(folded), fold(needle.strip())
    out, last, k = [], 0, hay.find(want)
    while k >= 0 and want:
        a, b = index[k], index[k + len(want) - 1] + 1
        if a > last:
            out.append((text[last:a], False))
        out.append((text[a:b], True))
        last, k = b, hay.find(want, k + len(want))
    if last < len(text):
        out.append((text[last:], False))
    return out


@dataclass(frozen=True)
class Query:
    """The review filters: order, unconfirmed only, text search."""

    lowest_first: bool = False
    unconfirmed_only: bool = False
    text: str = ""


def side_text(ids: Sequence[int], texts: Sequence[str]) -> str:
    return " ".join(texts[i] for i in ids)


def select(beads: Beads, src_texts: Sequence[str], tgt_texts: Sequence[str], query: Query) -> list[int]:
    """Positions of the beads the filters let through, in display order."""
    positions = range(len(beads))
    if query.unconfirmed_only:
        positions = [i for i in positions if beads[i].status is not Status.CONFIRMED]
    needle = fold(query.text.strip())
    if needle:
        positions = [i for i in positions
                     if needle in fold(side_text(beads[i].src, src_texts))
                     or needle in fold(side_text(beads[i].tgt, tgt_texts))]
    positions = list(positions)
    if query.lowest_first:
        positions.sort(key=lambda i: (beads[i].confidence, i))
    return positions


def page_count(total: int, size: int) -> int:
    return max(1, -(-total // size))


def window(positions: Sequence[int], page: int, size: int) -> list[int]:
    """The positions on 1-based page `page` (clamped to the pages there are)."""
    page = min(max(1, page), page_count(len(positions), size))
    return list(positions[(page - 1) * size:page * size])


def rows(positions: Sequence[int], beads: Beads, src_texts: Sequence[str],
         tgt_texts: Sequence[str]) -> list[dict[str, Any]]:
    """Table rows for the given bead positions: number (1-based), texts, confidence, type, status."""
    return [{"bead": i + 1, "source": side_text(beads[i].src, src_texts),
             "target": side_text(beads[i].tgt, tgt_texts), "confidence": round(beads[i].confidence, 3),
             "type": beads[i].kind, "status": beads[i].status.value} for i in positions]


def path_points(beads: Beads, low: float = LOW) -> list[dict[str, Any]]:
    """The alignment path: one point per bead where it starts in each document (sentences before it in reading
    order: a sentence cut in two is numbered at the end, but read in place), flagged when doubtful."""
    points = []
    si = ti = 0
    for n, b in enumerate(beads, start=1):
        # A null bead sits where the other side currently is, so the path stays a path.
        points.append({"bead": n, "source": si, "target": ti, "confidence": round(b.confidence, 3),
                       "low": b.confidence < low and b.status is not Status.CONFIRMED, "type": b.kind})
        si, ti = si + len(b.src), ti + len(b.tgt)
    return points


def summary(beads: Beads, low: float = LOW) -> dict[str, Any]:
    """Counts for the page header: beads, types, statuses, doubtful unconfirmed beads."""
    return {"beads": len(beads), "types": Counter(b.kind for b in beads),
            "status": Counter(b.status.value for b in beads),
            "low": sum(1 for b in beads if b.confidence < low and b.status is not Status.CONFIRMED)}


def neighbour(positions: Sequence[int], current: int, step: int) -> int:
    """The bead `step` places from `current` in display order (the first one when `current` is filtered out)."""
    if not positions:
        return current
    try:
        k = list(positions).index(current) + step
    except ValueError:
        return positions[0]
    return positions[min(max(k, 0), len(positions) - 1)]


def sentences(bead: Link, src_texts: Sequence[str], tgt_texts: Sequence[str]) -> list[tuple[str, int, str]]:
    """(side, segment index, text) for every sentence of a bead, source first."""
    return [("src", i, src_texts[i]) for i in bead.src] + [("tgt", j, tgt_texts[j]) for j in bead.tgt]


OPERATION_NAMES = {"merge_next": "merge with next", "split": "split", "split_side": "split one side",
                   "move_sentence": "move a sentence", "detach": "split out a null bead", "confirm": "confirmation",
                   "edit_text": "text edit", "split_sentence": "sentence cut", "decide_repairs": "OCR repair decision",
                   "decide_terms": "term decision", "realign_from": "re-alignment"}


def describe(entry: JournalEntry) -> str:
    """A journal entry in words, for the undo/redo messages: the operation and the bead or sentence it acted on."""
    name = OPERATION_NAMES.get(entry.op, entry.op.replace("_", " "))
    args = entry.args
    if entry.op == "confirm" and len(args.get("args", [])) > 1 and not args["args"][1]:
        name = "unconfirmation"
    if "args" in args and args["args"]:
        return f"{name} of bead {int(args['args'][0]) + 1}"
    if entry.op == "realign_from":
        return f"{name} from bead {int(args.get('start', 0)) + 1}"
    if "side" in args:
        return f"{name} of {'source' if args['side'] == 'src' else 'target'} sentence {int(args['index']) + 1}"
    if "count" in args:
        return f"{name} ({args['count']} pair{'s' if args['count'] != 1 else ''}, {args['status']})"
    if "ids" in args:
        return f"{name} ({len(args['ids'])} repair{'s' if len(args['ids']) != 1 else ''}, {args['status']})"
    return name


def next_to_review(beads: Beads, current: int, *, doubtful: bool, low: float = LOW) -> int:
    """The next unconfirmed bead after `current` (only doubtful ones with `doubtful`), wrapping round; else current."""
    n = len(beads)
    for step in range(1, n + 1):
        k = (current + step) % n
        b = beads[k]
        if b.status is not Status.CONFIRMED and (not doubtful or b.confidence < low):
            return k
    return current


def bead_repairs(bead: Link, repairs: Sequence[RepairRow]) -> list[RepairRow]:
    """The pending OCR repairs in the bead's sentences, in reading order."""
    held = {("src", k) for k in bead.src} | {("tgt", k) for k in bead.tgt}
    return [r for r in repairs if r.status == "pending" and (r.side, r.index) in held]

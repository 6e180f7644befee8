"""Edit operations on an alignment's beads: pure functions from a bead tuple to a new bead tuple.

Every operation keeps each source and target segment exactly once and in the same order across beads
(the concatenation of all beads' source indices never changes, nor the target one), and never leaves a
bead empty on both sides.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from enum import Enum
from typing import Literal

from align import errors
from align.models import Bead

Side = Literal["src", "tgt"]
MergeSide = Literal["src", "tgt", "both"]
Direction = Literal["prev", "next"]
Beads = tuple["Link", ...]
# (side, segment index) -> replacement text for that segment.
TextOverrides = Mapping[tuple[str, int], str]


class Status(str, Enum):
    """How far a bead has been reviewed."""

    AUTO = "auto"
    EDITED = "edited"
    CONFIRMED = "confirmed"


@dataclass(frozen=True)
class Link:
    """A bead with its review status: source and target segment indices, confidence, status."""

    src: tuple[int, ...]
    tgt: tuple[int, ...]
    confidence: float = 1.0
    status: Status = Status.AUTO

    @property
    def kind(self) -> str:
        return f"{len(self.src)}-{len(self.tgt)}"

    def side(self, side: Side) -> tuple[int, ...]:
        return self.src if side == "src" else self.tgt

    def with_side(self, side: Side, ids: tuple[int, ...]) -> Link:
        """This bead with one side replaced, marked edited."""
        if side == "src":
            return replace(self, src=ids, status=Status.EDITED)
        return replace(self, tgt=ids, status=Status.EDITED)

    def to_bead(self) -> Bead:
        return Bead(self.src, self.tgt, self.confidence)


def from_beads(beads: Iterable[Bead]) -> Beads:
    """Aligner output as links with status auto."""
    return tuple(Link(tuple(b.src), tuple(b.tgt), float(b.confidence)) for b in beads)


def _check(beads: Beads, i: int) -> None:
    if not 0 <= i < len(beads):
        raise errors.no_such_bead(i + 1, len(beads))


def _check_side(side: str, allowed: Sequence[str] = ("src", "tgt")) -> None:
    if side not in allowed:
        raise errors.unknown_side(side, allowed)


def _drop_empty(links: Iterable[Link]) -> list[Link]:
    return [b for b in links if b.src or b.tgt]


def _splice(beads: Beads, start: int, stop: int, new: Iterable[Link]) -> Beads:
    return beads[:start] + tuple(_drop_empty(new)) + beads[stop:]


def merge_next(beads: Beads, i: int, side: MergeSide = "both") -> Beads:
    """Merge bead i with the next one: both sides, or only its source or target side (the rest stays)."""
    _check(beads, i)
    _check_side(side, ("src", "tgt", "both"))
    if i + 1 >= len(beads):
        raise errors.no_next_bead_to_merge(i + 1)
    a, b = beads[i], beads[i + 1]
    if side == "both":
        merged = Link(a.src + b.src, a.tgt + b.tgt, min(a.confidence, b.confidence), Status.EDITED)
        return _splice(beads, i, i + 2, [merged])
    if not b.side(side):
        raise errors.nothing_to_merge(i + 2, side)
    return _splice(beads, i, i + 2, [a.with_side(side, a.side(side) + b.side(side)), b.with_side(side, ())])


def split(beads: Beads, i: int, src_at: int, tgt_at: int) -> Beads:
    """Split bead i in two: sentences before `src_at`/`tgt_at` stay, the rest form a new bead after it."""
    _check(beads, i)
    b = beads[i]
    if not (0 <= src_at <= len(b.src) and 0 <= tgt_at <= len(b.tgt)):
        raise errors.split_outside(i + 1, b.kind, src_at, tgt_at)
    first = Link(b.src[:src_at], b.tgt[:tgt_at], b.confidence, Status.EDITED)
    second = Link(b.src[src_at:], b.tgt[tgt_at:], b.confidence, Status.EDITED)
    if not (first.src or first.tgt) or not (second.src or second.tgt):
        raise errors.split_leaves_empty(i + 1, src_at, tgt_at)
    return _splice(beads, i, i + 1, [first, second])


def split_side(beads: Beads, i: int, side: Side, at: int) -> Beads:
    """Split one side of bead i at sentence `at`: its tail becomes a new 1-0/0-1 style bead after it."""
    _check(beads, i)
    _check_side(side)
    b = beads[i]
    if side == "src":
        return split(beads, i, at, len(b.tgt))
    return split(beads, i, len(b.src), at)


def move_sentence(beads: Beads, i: int, side: Side, direction: Direction) -> Beads:
    """Move bead i's first sentence on `side` to the previous bead, or its last one to the next bead."""
    _check(beads, i)
    _check_side(side)
    b = beads[i]
    ids = b.side(side)
    if not ids:
        raise errors.nothing_to_move(i + 1, side)
    if direction == "prev":
        if i == 0:
            raise errors.no_previous_bead()
        p = beads[i - 1]
        return _splice(beads, i - 1, i + 1, [p.with_side(side, p.side(side) + ids[:1]), b.with_side(side, ids[1:])])
    if direction == "next":
        if i + 1 >= len(beads):
            raise errors.no_next_bead()
        n = beads[i + 1]
        return _splice(beads, i, i + 2, [b.with_side(side, ids[:-1]), n.with_side(side, ids[-1:] + n.side(side))])
    raise errors.unknown_direction(direction)


def detach(beads: Beads, i: int, side: Side) -> Beads:
    """Make `side` of bead i empty: that side's sentences become their own null bead (1-0 or 0-1)."""
    _check(beads, i)
    _check_side(side)
    b = beads[i]
    if not b.src or not b.tgt:
        raise errors.already_null(i + 1, b.kind)
    kept = b.with_side(side, ())
    alone = Link(b.src if side == "src" else (), b.tgt if side == "tgt" else (), b.confidence, Status.EDITED)
    # The source-only bead goes first, so null beads read in source order.
    return _splice(beads, i, i + 1, [alone, kept] if side == "src" else [kept, alone])


def confirm(beads: Beads, i: int, confirmed: bool = True) -> Beads:
    """Mark bead i confirmed, or take the confirmation back (it becomes edited)."""
    _check(beads, i)
    return _splice(beads, i, i + 1, [replace(beads[i], status=Status.CONFIRMED if confirmed else Status.EDITED)])


def insert_after(beads: Beads, side: Side, index: int, new_index: int) -> Beads:
    """Segment `new_index` placed right after segment `index` on `side`, in the same bead (a sentence split in two)."""
    _check_side(side)
    for k, b in enumerate(beads):
        ids = b.side(side)
        if index in ids:
            p = ids.index(index) + 1
            return _splice(beads, k, k + 1, [b.with_side(side, ids[:p] + (new_index,) + ids[p:])])
    raise errors.sentence_in_no_bead(side, index + 1)


def set_text(overrides: TextOverrides, side: Side, index: int, text: str,
             original: str | None = None) -> dict[tuple[str, int], str]:
    """New overrides with segment (side, index) reading `text`; giving back the original text removes it."""
    _check_side(side)
    if not text.strip():
        raise errors.empty_sentence()
    out = dict(overrides)
    if original is not None and text == original:
        out.pop((side, index), None)
    else:
        out[(side, index)] = text
    return out


def flatten(beads: Iterable[Link], side: Side) -> tuple[int, ...]:
    """All segment indices of one side, bead after bead: what every operation must preserve."""
    return tuple(k for b in beads for k in b.side(side))


def splice_diff(old: Beads, new: Beads) -> tuple[int, Beads, Beads]:
    """The smallest change turning `old` into `new`: start position, old slice, new slice."""
    p = 0
    limit = min(len(old), len(new))
    while p < limit and old[p] == new[p]:
        p += 1
    s = 0
    while s < limit - p and old[len(old) - 1 - s] == new[len(new) - 1 - s]:
        s += 1
    return p, old[p:len(old) - s], new[p:len(new) - s]

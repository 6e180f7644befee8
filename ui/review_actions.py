"""The review page's operations by name, shared by its buttons and the bitext view's keys: no Streamlit here."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from align import errors
from tm.project import review
from tm.project.edits import Status
from tm.project.store import Project


@dataclass(frozen=True)
class Outcome:
    """Where the page goes after an operation (0-based bead) and what it says ('' for nothing)."""

    bead: int
    message: str = ""


def _confirm(project: Project, i: int) -> None:
    if project.beads()[i].status is not Status.CONFIRMED:
        project.apply("confirm", i, True)


def _unconfirm(project: Project, i: int) -> None:
    if project.beads()[i].status is Status.CONFIRMED:
        project.apply("confirm", i, False)


def _pull(project: Project, i: int, side: str) -> None:
    """The next bead's first sentence on `side` moved up into bead i (the boundary below the current bead)."""
    if i + 1 >= len(project.beads()):
        raise errors.no_next_bead()
    project.apply("move_sentence", i + 1, side, "prev")


def _undo_redo(project: Project, undo: bool) -> str:
    """Undo or redo, saying what: the entry is read first, as the message must name what is about to change."""
    entry = project.next_undo() if undo else project.next_redo()
    if entry is not None and (project.undo() if undo else project.redo()):
        return f"{'Undone' if undo else 'Redone'}: {review.describe(entry)}"
    return ""


def _at(fn: Callable[[Project, int], Any]) -> Callable[..., Outcome]:
    """An edit of bead i that leaves bead i current."""

    def run(project: Project, i: int, order: Sequence[int], **_: Any) -> Outcome:
        fn(project, i)
        return Outcome(i)

    return run


def _next(project: Project, i: int, order: Sequence[int], **_: Any) -> Outcome:
    return Outcome(review.neighbour(order, i, 1))


def _prev(project: Project, i: int, order: Sequence[int], **_: Any) -> Outcome:
    return Outcome(review.neighbour(order, i, -1))


def _step(project: Project, i: int, order: Sequence[int], step: int = 1, **_: Any) -> Outcome:
    return Outcome(review.neighbour(order, i, int(step)))


def _confirm_next(project: Project, i: int, order: Sequence[int], **_: Any) -> Outcome:
    # The display order is read before confirming: with "unconfirmed only" the bead leaves it.
    _confirm(project, i)
    return Outcome(review.neighbour(order, i, 1))


def _confirm_next_unconfirmed(project: Project, i: int, order: Sequence[int], **_: Any) -> Outcome:
    _confirm(project, i)
    return Outcome(review.next_to_review(project.beads(), i, doubtful=False))


def _jump(doubtful: bool) -> Callable[..., Outcome]:
    def run(project: Project, i: int, order: Sequence[int], **_: Any) -> Outcome:
        return Outcome(review.next_to_review(project.beads(), i, doubtful=doubtful))

    return run


def _split(project: Project, i: int, order: Sequence[int], src_at: int = 0, tgt_at: int = 0, **_: Any) -> Outcome:
    project.apply("split", i, int(src_at), int(tgt_at))
    return Outcome(i)


def _history(undo: bool) -> Callable[..., Outcome]:
    def run(project: Project, i: int, order: Sequence[int], **_: Any) -> Outcome:
        message = _undo_redo(project, undo)
        return Outcome(min(i, len(project.beads()) - 1), message)

    return run


OPERATIONS: dict[str, Callable[..., Outcome]] = {
    "select": _at(lambda p, i: None), "split_open": _at(lambda p, i: None), "split_cancel": _at(lambda p, i: None),
    "next": _next, "prev": _prev, "step": _step,
    "confirm_next": _confirm_next, "confirm_next_unconfirmed": _confirm_next_unconfirmed,
    "next_doubtful": _jump(True), "next_unconfirmed": _jump(False),
    "confirm": _at(_confirm), "unconfirm": _at(_unconfirm),
    "merge": _at(lambda p, i: p.apply("merge_next", i)),
    "push_src": _at(lambda p, i: p.apply("move_sentence", i, "src", "next")),
    "push_tgt": _at(lambda p, i: p.apply("move_sentence", i, "tgt", "next")),
    "pull_src": _at(lambda p, i: _pull(p, i, "src")), "pull_tgt": _at(lambda p, i: _pull(p, i, "tgt")),
    "split": _split, "undo": _history(True), "redo": _history(False),
}


def run(project: Project, op: str, i: int, order: Sequence[int], **params: Any) -> Outcome:
    """Apply operation `op` at bead i (0-based; `order` is the display order); returns where the page goes next."""
    if op not in OPERATIONS:
        raise errors.unknown_operation(op, OPERATIONS)
    count = len(project.beads())
    if not 0 <= i < count:
        raise errors.no_such_bead(i + 1, count)
    return OPERATIONS[op](project, i, order, **params)

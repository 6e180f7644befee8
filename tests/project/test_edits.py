"""Edit operations: examples, and hypothesis checks that no sequence of edits loses, repeats or reorders a sentence."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from align.errors import EditError
from tm.project import edits
from tm.project.edits import Link, Status


def _beads(*pairs: tuple[tuple[int, ...], tuple[int, ...]]) -> edits.Beads:
    return tuple(Link(s, t, 0.5) for s, t in pairs)


BASE = _beads(((0,), (0,)), ((1, 2), (1,)), ((3,), ()), ((), (2,)), ((4,), (3, 4)))


def test_merge_both() -> None:
    out = edits.merge_next(BASE, 0, "both")
    assert out[0] == Link((0, 1, 2), (0, 1), 0.5, Status.EDITED)
    assert len(out) == len(BASE) - 1


def test_merge_source_side_only_keeps_the_next_target() -> None:
    out = edits.merge_next(BASE, 0, "src")
    assert (out[0].src, out[0].tgt) == ((0, 1, 2), (0,))
    assert (out[1].src, out[1].tgt) == ((), (1,))


def test_merge_side_drops_a_bead_left_empty() -> None:
    out = edits.merge_next(BASE, 1, "src")  # bead 3 is 1-0: it disappears into bead 2
    assert (out[1].src, out[1].tgt) == ((1, 2, 3), (1,))
    assert len(out) == len(BASE) - 1


def test_merge_last_bead_is_refused() -> None:
    with pytest.raises(EditError, match="last"):
        edits.merge_next(BASE, 4)


def test_split_and_split_side() -> None:
    out = edits.split(BASE, 1, 1, 1)
    assert [(b.src, b.tgt) for b in out[1:3]] == [((1,), (1,)), ((2,), ())]
    out = edits.split_side(BASE, 4, "tgt", 1)
    assert [(b.src, b.tgt) for b in out[4:]] == [((4,), (3,)), ((), (4,))]
    with pytest.raises(EditError, match="empty"):
        edits.split(BASE, 0, 0, 0)


def test_move_sentence() -> None:
    out = edits.move_sentence(BASE, 1, "src", "prev")
    assert [(b.src, b.tgt) for b in out[:2]] == [((0, 1), (0,)), ((2,), (1,))]
    out = edits.move_sentence(BASE, 1, "src", "next")
    assert [(b.src, b.tgt) for b in out[1:3]] == [((1,), (1,)), ((2, 3), ())]
    with pytest.raises(EditError):
        edits.move_sentence(BASE, 0, "src", "prev")


def test_detach_makes_null_beads() -> None:
    out = edits.detach(BASE, 1, "src")
    assert [(b.src, b.tgt) for b in out[1:3]] == [((1, 2), ()), ((), (1,))]
    out = edits.detach(BASE, 1, "tgt")
    assert [(b.src, b.tgt) for b in out[1:3]] == [((1, 2), ()), ((), (1,))]
    with pytest.raises(EditError, match="null"):
        edits.detach(BASE, 2, "src")


def test_confirm_and_unconfirm() -> None:
    out = edits.confirm(BASE, 2)
    assert out[2].status is Status.CONFIRMED
    assert edits.confirm(out, 2, False)[2].status is Status.EDITED


def test_insert_after_places_a_split_sentence_in_its_bead() -> None:
    out = edits.insert_after(BASE, "src", 1, 9)
    assert (out[1].src, out[1].status) == ((1, 9, 2), Status.EDITED)
    with pytest.raises(EditError):
        edits.insert_after(BASE, "tgt", 7, 9)


def test_set_text_records_and_reverts() -> None:
    o = edits.set_text({}, "src", 3, "Nouveau texte.", original="Ancien.")
    assert o == {("src", 3): "Nouveau texte."}
    assert edits.set_text(o, "src", 3, "Ancien.", original="Ancien.") == {}
    with pytest.raises(EditError):
        edits.set_text(o, "tgt", 0, "  ")


def test_splice_diff() -> None:
    new = edits.merge_next(BASE, 1, "both")
    start, old_part, new_part = edits.splice_diff(BASE, new)
    assert start == 1 and old_part == BASE[1:3] and new_part == new[1:2]
    assert BASE[:start] + new_part + BASE[start + len(old_part):] == new


# --- property: any sequence of operations preserves both sides' sentence sequences ---

@st.composite
def bead_lists(draw: st.DrawFn) -> edits.Beads:
    """Random valid bead lists over n source and m target sentences, in order."""
    n = draw(st.integers(0, 12))
    m = draw(st.integers(0, 12))
    if n + m == 0:
        n = 1
    out: list[Link] = []
    i = j = 0
    while i < n or j < m:
        a = draw(st.integers(0, min(3, n - i)))
        b = draw(st.integers(0, min(3, m - j)))
        if a + b == 0:
            a, b = (1, 0) if i < n else (0, 1)
        out.append(Link(tuple(range(i, i + a)), tuple(range(j, j + b)), draw(st.floats(0, 1))))
        i, j = i + a, j + b
    return tuple(out)


OPS = st.one_of(
    st.tuples(st.just("merge"), st.integers(0, 30), st.sampled_from(["src", "tgt", "both"])),
    st.tuples(st.just("split"), st.integers(0, 30), st.integers(0, 4), st.integers(0, 4)),
    st.tuples(st.just("split_side"), st.integers(0, 30), st.sampled_from(["src", "tgt"]), st.integers(0, 4)),
    st.tuples(st.just("move"), st.integers(0, 30), st.sampled_from(["src", "tgt"]), st.sampled_from(["prev", "next"])),
    st.tuples(st.just("detach"), st.integers(0, 30), st.sampled_from(["src", "tgt"])),
    st.tuples(st.just("confirm"), st.integers(0, 30), st.booleans()),
)


def _apply(beads: edits.Beads, op: tuple) -> edits.Beads:
    name, i, *args = op
    fn = {"merge": edits.merge_next, "split": edits.split, "split_side": edits.split_side,
          "move": edits.move_sentence, "detach": edits.detach, "confirm": edits.confirm}[name]
    return fn(beads, i, *args)


@settings(max_examples=300, deadline=None)
@given(bead_lists(), st.lists(OPS, max_size=25))
def test_any_edit_sequence_keeps_every_sentence_once_in_order(beads: edits.Beads, ops: list[tuple]) -> None:
    src, tgt = edits.flatten(beads, "src"), edits.flatten(beads, "tgt")
    for op in ops:
        before = beads
        try:
            beads = _apply(beads, op)
        except EditError:
            assert beads is before  # a refused edit changes nothing
            continue
        assert edits.flatten(beads, "src") == src
        assert edits.flatten(beads, "tgt") == tgt
        assert all(b.src or b.tgt for b in beads)
        start, old_part, new_part = edits.splice_diff(before, beads)
        assert before[:start] + new_part + before[start + len(old_part):] == beads

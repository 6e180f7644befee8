"""The bitext view's data (window, colour scale, split preview default, kind badges), the operations its keys send,
and what the review page hands the component (AppTest: the component's arguments)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from align.errors import EditError
from align.models import Alignment, Bead, Kind
from align.text.segment import presegmented_document
from tests.fixtures.ui import app_for
from tm.project.edits import Link, Status
from tm.project.store import Project
from ui import bitext, review_actions


def test_colour_scale_runs_red_yellow_green() -> None:
    assert bitext.colour(0.0) == "#a50026" and bitext.colour(0.5) == "#fee08b" and bitext.colour(1.0) == "#1a9850"
    assert bitext.colour(-3) == bitext.colour(0) and bitext.colour(7) == bitext.colour(1)
    assert len({bitext.colour(k / 10) for k in range(11)}) == 11  # a scale, not two colours


def test_window_keeps_five_before_and_ten_after() -> None:
    assert bitext.window(100, 50) == range(45, 61)
    assert bitext.window(100, 0) == range(0, 16)  # shifted at the ends, same size
    assert bitext.window(100, 99) == range(84, 100)
    assert bitext.window(3, 1) == range(0, 3) and bitext.window(0, 0) == range(0)


@pytest.mark.parametrize(("src", "tgt", "want"), [
    ([40, 40], [42, 38], (1, 1)),  # a 2-2 cut in the middle
    ([10], [12], (1, 0)),  # a 1-1 can only become 1-0 + 0-1, source first
    ([100, 10], [50, 60], (1, 1)),
    ([5, 5, 90], [10, 90], (2, 1)),  # the cut where both sides are at the same share of their length
    ([], [3, 3], (0, 1)),
])
def test_split_preview_starts_where_both_sides_are_cut_alike(src: list[int], tgt: list[int],
                                                              want: tuple[int, int]) -> None:
    a, b = bitext.default_split(src, tgt)
    assert (a, b) == want
    assert (a, b) not in ((0, 0), (len(src), len(tgt)))


def test_rows_carry_sentences_kinds_and_matches() -> None:
    src = bitext.Texts(["Chapter One", "Il était une fois."], [Kind.HEADING.value, Kind.BODY.value])
    tgt = bitext.Texts(["Chapter one", "Once upon a time."], [Kind.BODY.value, Kind.BODY.value], "rtl")
    beads = (Link((0,), (0,), 0.2), Link((1,), (1,), 0.9, Status.CONFIRMED))
    first, second = bitext.rows(beads, 1, src, tgt, needle="etait")
    assert first["n"] == 1 and first["type"] == "1-1" and first["doubtful"] and first["colour"] == bitext.colour(0.2)
    assert first["kinds"] == ["heading"] and first["mismatch"] == "heading ↔ body"
    assert second["kinds"] == [] and second["mismatch"] == "" and second["status"] == "confirmed"
    assert second["src"][0]["spans"] == [["Il ", False], ["était", True], [" une fois.", False]]  # accent-blind match
    assert "".join(p for p, _ in second["tgt"][0]["spans"]) == "Once upon a time."


def test_operations_sent_by_the_keys(un_project: Path) -> None:
    p = Project.open(un_project)
    order = list(range(len(p.beads())))
    assert review_actions.run(p, "confirm_next", 2, order).bead == 3 and p.beads()[2].status is Status.CONFIRMED
    assert review_actions.run(p, "confirm_next", 2, order).bead == 3  # already confirmed: moves on, nothing else
    assert p.beads()[2].status is Status.CONFIRMED
    start = [(b.src, b.tgt) for b in p.beads()[4:6]]
    review_actions.run(p, "push_src", 4, order)  # bead 5's last source sentence down into bead 6
    assert (p.beads()[4].src, p.beads()[5].src) == ((), start[0][0] + start[1][0])
    review_actions.run(p, "pull_src", 4, order)  # and the next bead's first one back up
    assert [(b.src, b.tgt) for b in p.beads()[4:6]] == start
    review_actions.run(p, "merge", 4, order)
    review_actions.run(p, "split", 4, order, src_at=1, tgt_at=1)
    assert [(b.src, b.tgt) for b in p.beads()[4:6]] == start
    assert review_actions.run(p, "undo", 4, order).message == "Undone: split of bead 5"
    assert review_actions.run(p, "step", 4, order, step=-2).bead == 2
    with pytest.raises(EditError) as e:
        review_actions.run(p, "explode", 4, order)
    assert e.value.code == "E516"
    with pytest.raises(EditError):
        review_actions.run(p, "pull_tgt", len(p.beads()) - 1, order)  # the last bead has no next one


def _component(at) -> dict:  # noqa: ANN001
    return json.loads(at.get("component_instance")[0].proto.json_args)


def test_review_page_hands_the_view_a_window_with_kinds(un_project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    at = app_for(un_project, monkeypatch)
    args = _component(at)
    assert args["current"] == 1 and [r["n"] for r in args["rows"]] == list(range(1, 17))
    assert "heading" in args["rows"][0]["kinds"] and args["dir_src"] == args["dir_tgt"] == "ltr"
    assert args["local"] and args["split_request"] == 0
    at.number_input(key="review_bead").set_value(30).run()
    assert [r["n"] for r in _component(at)["rows"]] == list(range(25, 41))
    at.button(key="review_split_open").click().run()  # the page's S: the view opens its preview; nothing is split
    assert _component(at)["split_request"] > 0 and Project.open(un_project).version == 0
    at.text_input(key="review_search").set_value("Charte").run()
    assert not _component(at)["local"]  # filtered: J/K ask Python for the next bead in display order


def test_right_to_left_side_is_marked(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    ar = presegmented_document(["مرحبا بالعالم.", "هذه جملة ثانية."], "ar", "ar.txt")
    en = presegmented_document(["Hello, world.", "This is a second sentence."], "en", "en.txt")
    path = tmp_path / "ar.tmproj"
    Project.create(path, Alignment(ar, en, [Bead((0,), (0,), 0.9), Bead((1,), (1,), 0.4)], encoder="none"),
                   srclang="ar", tgtlang="en").close()
    args = _component(app_for(path, monkeypatch))
    assert (args["dir_src"], args["dir_tgt"]) == ("rtl", "ltr")
    assert args["rows"][0]["src"][0]["spans"] == [["مرحبا بالعالم.", False]]

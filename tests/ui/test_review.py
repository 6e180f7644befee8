"""AppTest: the review page, each edit operation through its button, undo/redo, filters, conflicts."""

from __future__ import annotations

from pathlib import Path

import pytest

from align import errors as errors_module
from tests.fixtures.paths import UN_UNITS
from tests.fixtures.ui import app_for, assert_clean, click, errors, reopen, widget
from tm.project.edits import Status

# The shared fixtures, made visible to pytest in this module.


def _select(at, number: int):  # noqa: ANN001, ANN202
    at.number_input(key="review_bead").set_value(number).run()
    assert_clean(at)
    return at


def test_review_page_shows_the_beads(un_project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    at = app_for(un_project, monkeypatch)
    assert at.sidebar.radio(key="nav").value == "Review"
    table = at.dataframe[0].value
    assert list(table.columns) == ["bead", "source", "target", "confidence", "type", "status"]
    assert len(table) == 50 and table["bead"].iloc[0] == 1
    assert "L’Assemblée générale" in " ".join(table["source"])
    assert any(f"{UN_UNITS} beads" in c.value for c in at.caption)


def test_confirm_and_next_then_unconfirm(un_project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    at = _select(app_for(un_project, monkeypatch), 3)
    assert at.button(key="review_unconfirm").disabled
    click(at, "review_confirm")  # A: confirm and go on to the next bead
    assert reopen(un_project).beads()[2].status is Status.CONFIRMED
    assert at.dataframe[0].value["status"].iloc[2] == "confirmed"
    assert at.number_input(key="review_bead").value == 4
    _select(at, 3)
    click(at, "review_confirm")  # already confirmed: A only moves on, it never takes a confirmation back
    assert reopen(un_project).beads()[2].status is Status.CONFIRMED
    assert at.number_input(key="review_bead").value == 4
    _select(at, 3)
    click(at, "review_unconfirm")
    assert reopen(un_project).beads()[2].status is Status.EDITED
    assert at.number_input(key="review_bead").value == 3


@pytest.mark.parametrize(("key", "check"), [
    ("review_merge_both", lambda b: (b[0].src, b[0].tgt) == ((0, 1), (0, 1)) and len(b) == 60),
    ("review_merge_src", lambda b: (b[0].src, b[0].tgt, b[1].src) == ((0, 1), (0,), ())),
    ("review_merge_tgt", lambda b: (b[0].src, b[0].tgt, b[1].tgt) == ((0,), (0, 1), ())),
    ("review_src_next", lambda b: (b[0].src, b[1].src) == ((), (0, 1))),
    ("review_tgt_next", lambda b: (b[0].tgt, b[1].tgt) == ((), (0, 1))),
    ("review_detach_src", lambda b: [(x.src, x.tgt) for x in b[:2]] == [((0,), ()), ((), (0,))]),
    ("review_detach_tgt", lambda b: [(x.src, x.tgt) for x in b[:2]] == [((0,), ()), ((), (0,))]),
])
def test_bead_operations_on_the_first_bead(un_project: Path, monkeypatch: pytest.MonkeyPatch, key: str,
                                           check) -> None:  # noqa: ANN001
    at = app_for(un_project, monkeypatch)
    click(at, key)
    assert not errors(at)
    beads = reopen(un_project).beads()
    assert check(beads), beads[:3]
    assert beads[0].status is Status.EDITED or beads[1].status is Status.EDITED


@pytest.mark.parametrize(("key", "side"), [("review_src_prev", "src"), ("review_tgt_prev", "tgt")])
def test_move_first_sentence_to_previous(un_project: Path, monkeypatch: pytest.MonkeyPatch, key: str,
                                         side: str) -> None:
    at = _select(app_for(un_project, monkeypatch), 2)
    click(at, key)
    beads = reopen(un_project).beads()
    assert beads[0].side(side) == (0, 1) and beads[1].side(side) == ()


def test_a_refused_operation_shows_a_message(un_project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    at = app_for(un_project, monkeypatch)
    click(at, "review_src_prev")  # the first bead has no previous bead
    refused = errors_module.no_previous_bead()
    assert f"{refused.code}: {refused}" in errors(at)  # the code first, as the CLI shows it
    assert reopen(un_project).version == 0


def test_split_a_merged_bead(un_project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    at = app_for(un_project, monkeypatch)
    click(at, "review_merge_both")
    assert len(reopen(un_project).beads()) == 60
    click(at, "review_split")  # default split points: one sentence of each side stays
    beads = reopen(un_project).beads()
    assert len(beads) == UN_UNITS
    assert (beads[0].src, beads[0].tgt, beads[1].src, beads[1].tgt) == ((0,), (0,), (1,), (1,))


def test_split_side_at_chosen_points(un_project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    at = app_for(un_project, monkeypatch)
    click(at, "review_merge_both")
    at.number_input(key="review_split_tgt_0_2-2").set_value(2).run()
    click(at, "review_split")
    beads = reopen(un_project).beads()
    assert [(b.src, b.tgt) for b in beads[:2]] == [((0,), (0, 1)), ((1,), ())]


def test_edit_text(un_project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    at = app_for(un_project, monkeypatch)
    # Named as the bitext view numbers the lines (S1, T1), with their number in the document.
    assert [o.split(":")[0] for o in widget(at.selectbox, "review_edit_choice").options] == [
        "S1 (source sentence 1)", "T1 (target sentence 1)"]
    widget(at.selectbox, "review_edit_choice").set_value(1).run()  # the target sentence of bead 1
    widget(at.text_area, "review_edit_text_tgt_0_").set_value("Cooperation between the UN and the OIC").run()
    click(at, "review_edit_save")
    project = reopen(un_project)
    assert project.texts("tgt")[0] == "Cooperation between the UN and the OIC"
    assert at.dataframe[0].value["target"].iloc[0] == "Cooperation between the UN and the OIC"


def test_undo_and_redo(un_project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    at = app_for(un_project, monkeypatch)
    assert at.button(key="review_undo").disabled
    original = reopen(un_project).beads()
    click(at, "review_merge_both")
    merged = reopen(un_project).beads()
    click(at, "review_undo")
    assert reopen(un_project).beads() == original
    click(at, "review_redo")
    assert reopen(un_project).beads() == merged
    assert at.button(key="review_redo").disabled


def test_realign_from_here_keeps_confirmed_and_edited_beads(un_project: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    at = app_for(un_project, monkeypatch)
    click(at, "review_merge_both")  # a wrong 2-2 bead...
    click(at, "review_confirm")  # ...confirmed stays as it is
    _select(at, 2)
    click(at, "review_detach_src")  # bead 2 broken into 1-0 + 0-1: edited, so kept too
    before = reopen(un_project)
    edited = [(b.src, b.tgt) for b in before.beads() if b.status is not Status.AUTO]
    _select(at, 1)
    click(at, "review_realign")
    assert any("Re-align from bead 1" in i.value and f"{len(edited)} confirmed or edited" in i.value for i in at.info)
    assert reopen(un_project).version == before.version  # nothing written yet
    click(at, "review_realign_apply")
    beads = reopen(un_project).beads()
    assert [(b.src, b.tgt) for b in beads if b.status is not Status.AUTO] == edited
    assert (beads[0].src, beads[0].tgt, beads[0].status) == ((0, 1), (0, 1), Status.CONFIRMED)
    assert any("Re-aligned" in s.value for s in at.success)


def test_filters_and_pages(un_project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    at = app_for(un_project, monkeypatch)
    at.number_input(key="review_page").set_value(2).run()
    assert at.dataframe[0].value["bead"].tolist() == list(range(51, 62))
    at.selectbox(key="review_order").set_value("Lowest confidence first").run()
    conf = at.dataframe[0].value["confidence"].tolist()
    assert conf == sorted(conf) and len(conf) == 11  # still page 2 of 2
    at.text_input(key="review_search").set_value("Charte").run()
    assert_clean(at)
    table = at.dataframe[0].value
    assert 0 < len(table) < UN_UNITS and all("charte" in s.lower() or "charter" in t.lower()
                                       for s, t in zip(table["source"], table["target"], strict=True))
    at.text_input(key="review_search").set_value("").run()
    at.selectbox(key="review_order").set_value("Document order").run()
    at.number_input(key="review_page").set_value(1).run()
    click(at, "review_confirm")
    at.checkbox(key="review_unconfirmed").check().run()
    assert 1 not in at.dataframe[0].value["bead"].tolist()


def test_next_and_previous_follow_the_display_order(un_project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    at = app_for(un_project, monkeypatch)
    click(at, "review_next")
    assert at.number_input(key="review_bead").value == 2
    click(at, "review_prev")
    click(at, "review_prev")
    assert at.number_input(key="review_bead").value == 1


def test_two_sessions_get_a_conflict_message(un_project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first = app_for(un_project, monkeypatch)
    second = app_for(un_project, monkeypatch)
    click(first, "review_confirm")
    click(second, "review_merge_both")  # made on a stale view: refused, not silently applied
    assert any("changed in another session" in e for e in errors(second))
    project = reopen(un_project)
    assert len(project.beads()) == UN_UNITS and project.beads()[0].status is Status.CONFIRMED
    click(second, "review_reload")
    click(second, "review_merge_both")
    assert not errors(second)
    assert len(reopen(un_project).beads()) == 60


def test_reopening_the_app_restores_the_edits(un_project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    at = app_for(un_project, monkeypatch)
    click(at, "review_merge_both")
    click(at, "review_confirm")
    again = app_for(un_project, monkeypatch)  # a new browser session on the same project
    table = again.dataframe[0].value
    assert (table["type"].iloc[0], table["status"].iloc[0]) == ("2-2", "confirmed")
    assert not again.button(key="review_undo").disabled


def test_cut_a_sentence_at_chosen_words(un_project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    at = app_for(un_project, monkeypatch)
    click(at, "review_cut")  # nothing typed yet
    assert any("not inside the sentence" in e for e in errors(at))
    widget(at.selectbox, "review_edit_choice").set_value(1).run()  # the English title of bead 1
    widget(at.text_input, "review_cut_tgt_0_").set_value("and the Organization").run()
    assert any(c.value.startswith("→ “Cooperation between the United Nations”") for c in at.caption)
    n_tgt = len(reopen(un_project).texts("tgt"))
    click(at, "review_cut")
    project = reopen(un_project)
    # The cut-off half becomes a new segment, numbered after the existing ones.
    assert project.beads()[0].tgt == (0, n_tgt) and project.texts("tgt")[n_tgt].startswith("and the Organization")
    assert at.dataframe[0].value["type"].iloc[0] == "1-2"
    click(at, "review_undo")
    assert len(reopen(un_project).texts("tgt")) == n_tgt


def test_a_bead_number_typed_just_before_a_click_is_the_one_edited(un_project: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    at = app_for(un_project, monkeypatch)
    at.number_input(key="review_bead").set_value(20)
    at.button(key="review_confirm").click()
    at.run()  # both arrive in the same rerun, as in a browser when the click blurs the field
    assert_clean(at)
    beads = reopen(un_project).beads()
    assert beads[19].status is Status.CONFIRMED and beads[0].status is Status.AUTO


def test_text_typed_just_before_save_is_saved(un_project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    at = app_for(un_project, monkeypatch)
    widget(at.text_area, "review_edit_text_src_0_").set_value("Coopération ONU–OCI")
    at.button(key="review_edit_save").click()
    at.run()
    assert_clean(at)
    assert reopen(un_project).texts("src")[0] == "Coopération ONU–OCI"


def test_controls_drawn_for_another_bead_are_refused(un_project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    at = app_for(un_project, monkeypatch)  # split inputs drawn for bead 1
    at.number_input(key="review_bead").set_value(5)
    at.button(key="review_split").click()
    at.run()
    assert any("bead 5 is selected now, not bead 1" in e for e in errors(at))
    assert reopen(un_project).version == 0


def test_undo_and_redo_say_what_they_did(un_project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    at = _select(app_for(un_project, monkeypatch), 3)
    click(at, "review_merge_both")
    assert at.button(key="review_undo").help == "Undo the merge with next of bead 3"
    click(at, "review_undo")
    assert any(s.value == "Undone: merge with next of bead 3" for s in at.success)
    click(at, "review_redo")
    assert any(s.value == "Redone: merge with next of bead 3" for s in at.success)


def test_confirm_and_next_and_jumps(un_project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    at = _select(app_for(un_project, monkeypatch), 3)
    click(at, "review_confirm_next")
    assert reopen(un_project).beads()[2].status is Status.CONFIRMED
    assert at.number_input(key="review_bead").value == 4
    _select(at, 2)
    click(at, "review_next_unconfirmed")  # bead 3 is confirmed: skipped
    assert at.number_input(key="review_bead").value == 4
    beads = reopen(un_project).beads()
    doubtful = [k for k, b in enumerate(beads) if b.confidence < 0.5 and b.status is not Status.CONFIRMED]
    click(at, "review_next_doubtful")
    assert at.number_input(key="review_bead").value == (doubtful[0] + 1 if doubtful else 4)

"""The SQLite project store: round trip, journal, undo/redo, reopening, conflicts, exports, re-align."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from align.errors import ConflictError, EditError, InputError
from align.models import Alignment, Bead, Document, Kind, Paragraph, Segment
from align.readers.tmx import read_tmx
from tm.project import actions as projects
from tm.project import edits
from tm.project.edits import Status
from tm.project.store import Project

FR = ["Le premier point.", "Le deuxième point est long.", "Suite du deuxième.", "Un troisième.", "Note."]
EN = ["The first point.", "The second point is long, continued.", "A third.", "Extra.", "Footnote."]


def _doc(lang: str, texts: list[str]) -> Document:
    segs = [Segment(i, t, i, Kind.FOOTNOTE if i == len(texts) - 1 else Kind.BODY) for i, t in enumerate(texts)]
    paras = [Paragraph(t, s.kind, "1" if i == 0 else "") for i, (t, s) in enumerate(zip(texts, segs, strict=True))]
    return Document(lang, paras, segs, name=f"{lang}.txt")


def _alignment() -> Alignment:
    beads = [Bead((0,), (0,), 0.9), Bead((1, 2), (1,), 0.4), Bead((3,), (2,), 0.8), Bead((), (3,), 0.1),
             Bead((4,), (4,), 0.7)]
    return Alignment(_doc("fr", FR), _doc("en", EN), beads, encoder="test", stats={"embed_s": 1.5})


@pytest.fixture
def project(tmp_path: Path) -> Project:
    return Project.create(tmp_path / "p.tmproj", _alignment(), srclang="fr-FR", tgtlang="en-GB")


def test_round_trip_is_exact(project: Project) -> None:
    again = Project.open(project.path)
    assert again.alignment() == _alignment()
    assert all(s is Status.AUTO for s in again.statuses())
    mode = sqlite3.connect(project.path).execute("PRAGMA journal_mode").fetchone()[0]
    assert mode == "wal"


def test_create_refuses_to_overwrite(project: Project) -> None:
    with pytest.raises(InputError, match="already exists"):
        Project.create(project.path, _alignment())
    Project.create(project.path, _alignment(), overwrite=True)


def test_open_refuses_other_files(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such project"):
        Project.open(tmp_path / "missing.tmproj")
    junk = tmp_path / "junk.tmproj"
    junk.write_bytes(b"not a database at all" * 100)
    with pytest.raises(InputError, match="not a tmbuild project"):
        Project.open(junk)


def test_edits_are_journaled_and_survive_reopening(project: Project) -> None:
    project.apply("merge_next", 0, "both")
    project.apply("confirm", 0)
    project.edit_text("tgt", 2, "A third one.")
    assert project.version == 3
    again = Project.open(project.path)
    assert again.beads() == project.beads()
    assert again.beads()[0].src == (0, 1, 2) and again.beads()[0].status is Status.CONFIRMED
    assert again.alignment().tgt.segments[2].text == "A third one."
    assert again.alignment(edited=False).tgt.segments[2].text == "A third."
    assert [e.op for e in again.journal()] == ["merge_next", "confirm", "edit_text"]


def test_a_text_edit_marks_its_bead_edited_until_undone(project: Project) -> None:
    """The memory's x-status must say which units a reviewer changed: a text edit or an OCR decision is an edit."""
    k = next(k for k, b in enumerate(project.beads()) if 1 in b.tgt)
    assert project.beads()[k].status is Status.AUTO
    project.edit_text("tgt", 1, "Another text.")
    assert project.beads()[k].status is Status.EDITED
    assert [b.status for n, b in enumerate(project.beads()) if n != k] == [Status.AUTO] * (len(project.beads()) - 1)
    assert Project.open(project.path).beads()[k].status is Status.EDITED
    project.undo()
    assert project.beads()[k].status is Status.AUTO
    project.redo()
    assert project.statuses()[k] is Status.EDITED


def test_undo_redo_replay_the_journal(project: Project) -> None:
    original = project.beads()
    project.apply("detach", 1, "tgt")
    detached = project.beads()
    project.edit_text("src", 0, "Premier point.")
    after = project.beads()
    assert project.undo() and project.overrides() == {}
    assert project.undo() and project.beads() == original
    assert not project.undo()
    assert project.redo() and project.beads() == detached
    assert project.redo() and project.overrides() == {("src", 0): "Premier point."} and project.beads() == after
    assert not project.redo()
    project.undo()
    project.apply("confirm", 0)  # a new edit ends the redo branch
    assert not project.can_redo()
    assert [e.state for e in project.journal()] == ["done", "discarded", "done"]
    assert Project.open(project.path).beads() == project.beads()


def test_split_a_sentence_in_two(project: Project) -> None:
    project.split_sentence("tgt", 1, len("The second point is long,"))
    assert project.texts("tgt")[1] == "The second point is long,"
    assert project.texts("tgt")[5] == "continued."
    assert (project.beads()[1].src, project.beads()[1].tgt) == ((1, 2), (1, 5))
    project.apply("split", 1, 1, 1)  # now the halves can go to the two French sentences
    again = Project.open(project.path)
    assert [(b.src, b.tgt) for b in again.beads()[1:3]] == [((1,), (1,)), ((2,), (5,))]
    assert again.alignment().pairs()[2][1] == "continued."
    assert again.undo() and again.undo()
    assert again.alignment() == _alignment()
    assert again.redo() and len(again.texts("tgt")) == 6
    with pytest.raises(EditError, match="inside the sentence"):
        again.split_sentence("src", 0, 0)


def test_a_refused_edit_changes_nothing(project: Project) -> None:
    with pytest.raises(EditError):
        project.apply("merge_next", 4, "both")
    with pytest.raises(EditError):
        project.apply("explode", 0)
    assert project.version == 0 and project.journal() == []


def test_two_sessions_get_a_conflict_not_silent_loss(project: Project) -> None:
    other = Project.open(project.path)
    before = other.beads()  # what the other session's page shows
    project.apply("confirm", 0)
    assert other.stale()
    with pytest.raises(ConflictError, match="another session"):
        other.apply("merge_next", 0, "both")
    # Until it reloads, the refused session reads the beads its edit was made on, not the other session's.
    assert other.beads() == before and other.beads()[0].status is Status.AUTO
    other.refresh()
    assert other.beads()[0].status is Status.CONFIRMED
    other.apply("merge_next", 1, "both")
    with pytest.raises(ConflictError):
        project.undo()
    assert len(Project.open(project.path).beads()) == 4


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["merge_next", "detach", "confirm", "move_sentence", "undo", "redo",
                                           "split_sentence"]),
                          st.integers(0, 6), st.sampled_from(["src", "tgt"])), max_size=12))
def test_any_session_reopens_exactly(tmp_path_factory: pytest.TempPathFactory, ops: list) -> None:
    project = Project.create(tmp_path_factory.mktemp("p") / "p.tmproj", _alignment())
    for op, i, side in ops:
        args = {"merge_next": (i, side), "detach": (i, side), "confirm": (i,),
                "move_sentence": (i, side, "next")}.get(op)
        try:
            if op in ("undo", "redo"):
                getattr(project, op)()
            elif op == "split_sentence":
                project.split_sentence(side, i % 5, 4 + i)
            else:
                project.apply(op, *args)
        except EditError:
            pass
    again = Project.open(project.path)
    assert again.beads() == project.beads()
    assert sorted(edits.flatten(again.beads(), "src")) == list(range(len(again.texts("src"))))
    while again.undo():
        pass
    assert again.alignment() == _alignment()


def test_tmx_export_carries_status_and_edits(project: Project, tmp_path: Path) -> None:
    project.apply("confirm", 0)
    project.apply("merge_next", 2, "tgt")
    project.edit_text("tgt", 0, "The very first point.")
    # Text changed after the confirmation: the bead is edited again and wants confirming again (as in memoQ).
    assert project.beads()[0].status is Status.EDITED
    project.apply("confirm", 0)
    out = tmp_path / "out.tmx"
    count = projects.export_tmx(project, out)
    units = read_tmx(out)
    assert count == len(units) == 4
    assert units[0].props["x-status"] == "confirmed" and units[0].text("en") == "The very first point."
    assert units[2].props["x-status"] == "edited"
    assert etree.parse(str(out)).getroot().find("header").get("srclang") == "fr-FR"
    data, n = projects.tmx_bytes(project, include_null=True)
    assert n == 4 and b"x-status" in data
    tsv = projects.tsv_bytes(project).decode()
    assert "The very first point." in tsv and len(tsv.splitlines()) == 1 + len(project.beads())


def test_tmx_validates_against_the_dtd(project: Project, tmp_path: Path, tmx_dtd: Path) -> None:
    project.apply("confirm", 1)
    out = tmp_path / "out.tmx"
    projects.export_tmx(project, out)
    assert etree.DTD(str(tmx_dtd)).validate(etree.parse(str(out)))


class FakeEncoder:
    """Same-index sentences get the same vector: the aligner must pair them 1-1."""

    name = "fake"

    def encode(self, texts):  # noqa: ANN001, ANN201
        import numpy as np

        out = np.zeros((len(texts), 8), dtype=np.float32)
        for k, t in enumerate(texts):
            out[k, (len(t) // 7) % 8] = 1.0
        return out


def test_realign_keeps_confirmed_anchors(project: Project) -> None:
    project.apply("merge_next", 0, "both")
    project.apply("confirm", 0)
    before = project.beads()
    projects.realign_from(project, 0, FakeEncoder())
    after = project.beads()
    assert after[0] == before[0]  # the confirmed anchor is untouched
    assert edits.flatten(after, "src") == edits.flatten(before, "src")
    assert all(b.status is Status.AUTO for b in after[1:])
    assert project.journal()[-1].op == "realign_from"
    project.undo()
    assert project.beads() == before

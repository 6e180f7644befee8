"""Confidence after an edit, on the UN project with the real USE encoder: the aligner's scorer on the beads made.

Every bead of the UN project is a correct 1-1 (checked against its gold by tests/ui); an edit that breaks one
must score low, an edit that puts it back must score what the aligner gave it.
"""

from __future__ import annotations

import shutil
import threading
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest

from align.embed.encoders import load_encoder
from tm.project.confidence import Rescorer, read_view
from tm.project.review import LOW, summary
from tm.project.store import Project

B = 10  # a bead in the middle of the resolution's preamble (its sentences are long and distinct)


@pytest.fixture
def project(un_template: Path, tmp_path: Path) -> Project:
    path = tmp_path / "un.tmproj"
    shutil.copy(un_template, path)
    return Project.open(path)


def _count_embedding(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The sizes of the lists this thread embeds from now on (not a warm-up thread another test's page started)."""
    from tm.project import confidence

    embedded: list[int] = []
    real, me = confidence.embed_side, threading.current_thread()

    def counted(texts, **kw):  # noqa: ANN001, ANN202
        if threading.current_thread() is me:
            embedded.append(len(texts))
        return real(texts, **kw)

    monkeypatch.setattr(confidence, "embed_side", counted)
    return embedded


def _view(p: Project):  # noqa: ANN202
    return read_view(p, {side: p.texts(side) for side in ("src", "tgt")})


def test_untouched_beads_score_what_the_aligner_gave_them(project: Project) -> None:
    beads = project.beads()
    again = project.scorer.confidences(beads, range(len(beads)), _view(project))
    assert max(abs(again[k] - b.confidence) for k, b in enumerate(beads)) <= 1e-3


def _break_src(p: Project) -> None:
    p.apply("merge_next", B, "src")  # bead B: 2-1, bead B+1: 0-1


def _retype(p: Project, text: Callable[[str], str]) -> None:
    j = p.beads()[B].tgt[0]
    p.edit_text("tgt", j, text(p.texts("tgt")[j]))


# (edit, bead positions to check, expectation): "low" below review.LOW, "as_aligned" within 0.01 of the aligner's
# score for those beads, "high" above 0.9.
EDITS: list[tuple[str, Callable[[Project], None], list[int], str]] = [
    ("wrong merge of the source side", _break_src, [B, B + 1], "low"),
    ("last source sentence moved on", lambda p: p.apply("move_sentence", B, "src", "next"), [B, B + 1], "low"),
    ("first target sentence moved back", lambda p: p.apply("move_sentence", B, "tgt", "prev"), [B - 1, B], "low"),
    ("detach a translated sentence", lambda p: p.apply("detach", B, "src"), [B, B + 1], "low"),
    ("target replaced by an unrelated text",
     lambda p: _retype(p, lambda _t: "The weather in Geneva was cold and wet that week."), [B], "low"),
    ("wrong merge fixed by moving the sentence back",
     lambda p: (_break_src(p), p.apply("move_sentence", B, "src", "next")), [B, B + 1], "as_aligned"),
    ("2-2 merge split back at 1/1", lambda p: (p.apply("merge_next", B), p.apply("split", B, 1, 1)), [B, B + 1],
     "as_aligned"),
    ("target sentence cut in two, both halves kept in the bead",
     lambda p: p.split_sentence("tgt", p.beads()[B].tgt[0], len(p.texts("tgt")[p.beads()[B].tgt[0]]) // 2), [B],
     "high"),
    ("a typo made in the target", lambda p: _retype(p, lambda t: t.replace("the ", "teh ", 1)), [B], "high"),
]


@pytest.mark.parametrize(("name", "edit", "where", "expect"), EDITS, ids=[e[0] for e in EDITS])
def test_confidence_after_edit(project: Project, name: str, edit: Callable[[Project], None], where: list[int],
                               expect: str) -> None:
    aligned = [project.beads()[k].confidence for k in where]
    edit(project)
    got = [project.beads()[k].confidence for k in where]
    if expect == "low":
        assert max(got) < LOW, (name, got)
    elif expect == "high":
        assert min(got) > 0.9, (name, got)
    else:
        assert got == pytest.approx(aligned, abs=0.01), (name, got, aligned)
    # Reopened, the file says the same; undone, every bead is back to what the aligner gave it.
    assert [b.confidence for b in Project.open(project.path).beads()] == [b.confidence for b in project.beads()]
    while project.undo():
        pass
    assert [b.confidence for b in project.beads()][B - 1:B + 2] == pytest.approx(
        [b.confidence for b in Project.open(project.path).beads()][B - 1:B + 2])


def test_a_correct_split_lowers_the_doubtful_count(project: Project) -> None:
    project.apply("merge_next", B, "src")
    broken = summary(project.beads())["low"]
    assert broken >= 2
    project.apply("split", B, 1, 1)  # 2-1 → 1-1 + 1-0, then the 1-0 and the 0-1 merged: back to two 1-1 beads
    project.apply("merge_next", B + 1)
    assert [b.kind for b in project.beads()[B:B + 2]] == ["1-1", "1-1"]
    assert summary(project.beads())["low"] == broken - 2 == 0


def test_a_spliced_text_edit_scores_as_embedding_everything_again(project: Project, tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """The kept embeddings, spliced after a text edit, give what a scorer starting afresh gives."""
    # A cache of its own: no means stored for the edited texts by an earlier run (they would score the edit on a
    # window, without splicing).
    encoder = load_encoder(project.meta("encoder") or "use", cache_dir=tmp_path)
    project.scorer = Rescorer(lambda: encoder)
    embedded = _count_embedding(monkeypatch)
    j = project.beads()[B].tgt[0]
    project.scorer.warm(project.beads(), _view(project)).join(timeout=300)  # every stream embedded whole
    project.edit_text("tgt", j, project.texts("tgt")[j] + " Indeed.")
    assert embedded[-1] <= 7  # the edited sentence and the three on each side its runs reach
    fresh = Rescorer(lambda: load_encoder(project.meta("encoder") or "use"))
    beads = project.beads()
    want = fresh.confidences(beads, range(len(beads)), _view(project))
    kept = project.scorer.confidences(beads, range(len(beads)), _view(project))
    assert kept == pytest.approx(want, abs=1e-3)
    assert beads[B].confidence == pytest.approx(want[B], abs=1e-3)


def test_confirming_keeps_the_confidence(project: Project) -> None:
    before = project.beads()[B].confidence
    project.apply("confirm", B)
    assert project.beads()[B].confidence == before


def test_edits_work_without_an_encoder(project: Project) -> None:
    """A project whose encoder cannot be loaded is still edited; its beads keep the operation's confidence."""
    from align import errors

    def unavailable():  # noqa: ANN202
        raise errors.encoder_unavailable("gone", "not installed")

    project.scorer = Rescorer(unavailable)
    project.apply("merge_next", B)
    assert project.beads()[B].kind == "2-2" and "not installed" in project.scorer.unavailable


def test_warming_up_embeds_before_the_first_edit(project: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    """After warm() (Project.prepare_scoring, in a thread), an edit embeds nothing: it only scores."""

    project.scorer.warm(project.beads(), _view(project)).join(timeout=300)
    embedded = _count_embedding(monkeypatch)
    project.apply("merge_next", B, "src")
    assert embedded == [] and project.beads()[B].confidence < LOW


def test_an_edit_during_the_warm_up_scores_windows_on_stored_means(project: Project, tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """While another thread embeds the whole project (the server's warm-up), an edit does not wait for it when an
    earlier embedding of the same texts left each stream's means: it embeds its windows only, and gets the same
    confidences as the whole embedding gives."""
    encoder = load_encoder(project.meta("encoder") or "use", cache_dir=tmp_path)
    beads, view = project.beads(), _view(project)
    want = Rescorer(lambda: encoder).confidences(beads, range(len(beads)), view)  # also stores the means
    later = Rescorer(lambda: encoder)  # another server, on the same project
    later.encoder()
    embedded = _count_embedding(monkeypatch)
    with later._lock:  # held, as by the warm-up thread
        got = later.confidences(beads, [B, B + 1], view)
    assert got == pytest.approx({B: want[B], B + 1: want[B + 1]}, abs=1e-4)
    assert embedded and max(embedded) < 40  # windows, not the 300-sentence sides
    # Texts no embedding has seen have no stored means: that edit waits for the whole embedding instead.
    edited = {side: list(view.texts[side]) for side in ("src", "tgt")}
    edited["tgt"][0] += " Indeed."
    assert later._scored(beads, {B}, replace(view, texts=edited), whole=False) is None


def test_the_aligner_leaves_the_means_a_first_edit_needs(tmp_path: Path) -> None:
    """A project fresh from the aligner: its first edit is scored on windows (the aligner stored each stream side's
    means), before anything embeds the project whole, and gets what the whole embedding gives."""
    from align.api import align_files
    from tests.fixtures.paths import CORPUS

    encoder = load_encoder("use", cache_dir=tmp_path / "cache")
    alignment = align_files(CORPUS / "fr.txt", CORPUS / "en.txt", encoder=encoder)
    project = Project.create(tmp_path / "un.tmproj", alignment, srclang="fr", tgtlang="en")
    beads, view = project.beads(), _view(project)
    fresh = Rescorer(lambda: encoder)
    fresh.encoder()
    quick = fresh._scored(beads, {B, B + 1}, view, whole=False)
    assert quick is not None and not fresh._embedded  # nothing embedded whole
    whole = Rescorer(lambda: encoder)
    whole.encoder()
    assert quick == pytest.approx(whole._scored(beads, {B, B + 1}, view, whole=True), abs=1e-4)
    assert quick[B] == pytest.approx(beads[B].confidence, abs=1e-3)  # what the aligner gave it

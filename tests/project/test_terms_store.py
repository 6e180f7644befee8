"""Term candidates and decisions in the project file: kept on reopen, journaled, undoable, kept on re-mining."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tm.project.review import describe, find_cut, fold, match_spans
from tm.project.store import Project
from tm.terms.decisions import Decision, accepted, counts, mine_candidates
from tm.terms.sources import segments_from_alignment


@pytest.fixture
def project(un_template: Path, tmp_path: Path) -> Project:
    path = tmp_path / "un.tmproj"
    shutil.copy(un_template, path)
    return Project.open(path)


def test_decisions_are_journaled_and_survive_reopening(project: Project) -> None:
    p = project
    cands = mine_candidates(segments_from_alignment(p.alignment()), src="fr", tgt="en", similarity=None,
                            min_freq=2, top=10)
    p.save_term_candidates(cands)
    assert p.version == 0  # mining is a listing, not an edit
    first, second = cands[0], cands[1]
    p.decide_terms({first.key: Decision("accepted", first.pair.source, first.pair.target)})
    p.decide_terms({second.key: Decision("rejected", second.pair.source, second.pair.target + " x")})
    again = Project.open(p.path)
    assert [c.key for c in again.term_candidates()] == [c.key for c in cands]
    assert counts(again.term_candidates(), again.term_decisions())["accepted"] == 1
    assert [t.source for t in accepted(again.term_candidates(), again.term_decisions())] == [first.pair.source]
    assert describe(again.next_undo()) == "term decision (1 pair, rejected)"
    again.undo()
    assert second.key not in again.term_decisions()
    again.redo()
    assert again.term_decisions()[second.key].target == second.pair.target + " x"
    # Re-mining replaces the listing; the decisions stay with their pairs.
    again.save_term_candidates(cands[:1])
    assert len(again.term_candidates()) == 1 and len(again.term_decisions()) == 2


@pytest.mark.parametrize(("text", "words", "at"), [
    ("L’Assemblée générale, rappelant l’article", "l'article", 32),
    ("L'Assemblée générale", "générale", 12),
    ("L’Assemblée", "L’Assemblée", -1),  # at the very start: nothing to cut off
    ("abc", "xyz", -1),
])
def test_cut_is_apostrophe_insensitive(text: str, words: str, at: int) -> None:
    assert find_cut(text, words) == (text.translate(str.maketrans("’", "'")).find(words.replace("’", "'"))
                                     if at > 0 else -1)


@pytest.mark.parametrize(("text", "needle", "marked"), [
    ("Coopération entre l’ONU", "cooperation", ["Coopération"]),
    ("ÉTATS et états", "etats", ["ÉTATS", "états"]),
    ("Straße", "strasse", ["Straße"]),
    ("rien", "", []),
])
def test_search_marks_accent_and_case_insensitive_matches(text: str, needle: str, marked: list[str]) -> None:
    spans = match_spans(text, needle)
    assert "".join(t for t, _ in spans) == text
    assert [t for t, hit in spans if hit] == marked
    assert all(fold(t) == fold(needle) for t, hit in spans if hit)

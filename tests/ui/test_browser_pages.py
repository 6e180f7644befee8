"""In headless Chromium on the real server: the Overview path opens the clicked bead; two sessions never corrupt
a project, with term decisions and bead edits made from both at once."""

from __future__ import annotations

import re
import shutil
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.fixtures.browser import Session
from tests.fixtures.server import serving
from tm.project.store import Project
from tm.terms.decisions import mine_candidates
from tm.terms.sources import segments_from_alignment

pytestmark = pytest.mark.slow
CONFLICT = "changed in another session"


@pytest.fixture
def served(un_template: Path, tmp_path: Path) -> Iterator[tuple[Path, int]]:
    """A fresh copy of the UN project (with mined term candidates) behind a real `tmbuild ui` server."""
    project = tmp_path / "un.tmproj"
    shutil.copy(un_template, project)
    p = Project.open(project)
    p.save_term_candidates(mine_candidates(segments_from_alignment(p.alignment()), src="fr", tgt="en",
                                           similarity=None, min_freq=2, top=12))
    p.close()
    with serving(project) as port:
        yield project, port


def _bead_number(s: Session) -> int:
    return int(s.key("review_bead", "input").input_value())


def _click_path(s: Session, x: float, y: float) -> int:
    """Click the Overview path at fractions (x, y) of the plot; the bead number the URL then carries."""
    plot = s.page.locator(".st-key-overview_path .vega-embed canvas, .st-key-overview_path .vega-embed svg.marks")
    plot.first.wait_for(timeout=60_000)
    s.page.wait_for_timeout(500)  # Vega draws a moment after the element appears
    box = plot.first.bounding_box()
    s.page.mouse.click(box["x"] + box["width"] * x, box["y"] + box["height"] * y)
    s.idle()
    expect(s.page.locator('[data-testid="stMain"]')).not_to_contain_text("Alignment path", timeout=60_000)
    s.idle()
    return int(re.search(r"[?&]bead=(\d+)", s.page.url).group(1))


def test_overview_click_opens_that_bead(browser, served) -> None:  # noqa: ANN001
    project, port = served
    count = len(Project.open(project).beads())
    s = Session(browser, port, "overview-click")
    s.goto()
    s.nav("Overview")
    middle = _click_path(s, 0.5, 0.5)  # the UN path is the diagonal: the nearest point is a bead in the middle
    assert count // 3 < middle < 2 * count // 3
    expect(s.key("review_bead", "input")).to_have_value(str(middle), timeout=60_000)
    s.shot("review-after-click")
    # Back on the Overview, the page stays there (the old click is not replayed); the top right is the last bead.
    s.nav("Overview")
    s.page.wait_for_timeout(1000)
    expect(s.page.locator('[data-testid="stMain"]')).to_contain_text("Alignment path")
    last = _click_path(s, 0.9, 0.1)  # (the chart's menu sits in the very corner)
    assert last > count - 5 and last != middle
    expect(s.key("review_bead", "input")).to_have_value(str(last), timeout=60_000)
    url = s.page.url
    s.page.reload()  # the place is in the URL
    s.idle()
    expect(s.key("review_bead", "input")).to_have_value(str(last), timeout=60_000)
    assert f"bead={last}" in url, url


def _decide(s: Session, what: str, row: int) -> None:
    s.click(f"terms_row_{what}_{row}")


def _conflicted(s: Session) -> bool:
    return CONFLICT in s.text()


def _when(project: Path, check, timeout: float = 60) -> Project:  # noqa: ANN001
    """The project once `check(project)` holds: a click's rerun may start after the page looked idle (e.g. an edit
    waiting for the rescorer's first embedding), so the file is read until the edit is in, or the time is up."""
    deadline = time.monotonic() + timeout
    while True:
        p = Project.open(project)
        if check(p) or time.monotonic() > deadline:
            return p
        p.close()
        time.sleep(0.3)


def test_two_sessions_deciding_terms_and_editing_beads(browser, served) -> None:  # noqa: ANN001
    """Each edit is made from a page that may be behind the other's: it lands, or it is refused with the conflict
    message and lands after a reload; at the end the file holds every edit that was reported done, once."""
    project, port = served
    start = Project.open(project)
    beads0, candidates = start.beads(), start.term_candidates()
    a, b = Session(browser, port, "two-a"), Session(browser, port, "two-b")
    a.goto()
    a.nav("Terms")
    b.goto()
    # A decides a term: B's page is now one edit behind; its merge is refused, then done after a reload.
    _decide(a, "accept", 0)
    b.click("review_merge_both")
    b.wait_text(CONFLICT)
    p = Project.open(project)
    assert p.beads() == beads0 and len(p.term_decisions()) == 1
    b.click("review_reload")
    b.click("review_merge_both")
    p = _when(project, lambda p: p.beads()[0].kind == "2-2")
    assert not _conflicted(b)
    assert p.beads()[0].kind == "2-2" and len(p.term_decisions()) == 1
    # Now A is behind: its decision is refused with the message, and lands after its own reload.
    _decide(a, "reject", 1)
    a.wait_text(CONFLICT)
    assert len(Project.open(project).term_decisions()) == 1
    a.click("terms_reload")
    _decide(a, "reject", 1)
    _when(project, lambda p: len(p.term_decisions()) == 2)
    assert not _conflicted(a)
    # Both at once, from pages at the same version: one lands, the other is told; nothing half-done either way.
    b.click("review_prev")  # any rerun: B's page now says the project changed and offers the reload
    b.click("review_reload")
    a.key(f"terms_row_accept_{2}").click()
    b.key("review_merge_both").click()
    # Under load a rerun may start well after its click: wait until each page has its answer (done or refused).
    p = _when(project, lambda p: (candidates[2].key in p.term_decisions() or _conflicted(a))
              and (p.beads()[0].kind == "3-3" or _conflicted(b)), timeout=120)
    landed_a, landed_b = candidates[2].key in p.term_decisions(), p.beads()[0].kind == "3-3"
    a.idle()
    b.idle()
    a.shot("both-at-once")
    b.shot("both-at-once")
    assert landed_a != landed_b  # both pages were at one version: the first write wins, the second is refused
    loser = b if landed_a else a
    assert _conflicted(loser)
    # The loser reloads and does it again: now both are in, and nothing else changed.
    if loser is b:
        b.click("review_prev")  # a rerun shows B the reload button (A's Terms page shows it with the error)
    loser.click("review_reload" if loser is b else "terms_reload")
    if loser is b:
        b.click("review_merge_both")
    else:
        _decide(a, "accept", 2)
    p = _when(project, lambda p: candidates[2].key in p.term_decisions() and p.beads()[0].kind == "3-3")
    assert not _conflicted(loser)
    assert candidates[2].key in p.term_decisions() and p.beads()[0].kind == "3-3"
    assert [c.key for c in p.term_candidates()] == [c.key for c in candidates]
    # The journal holds each edit once, and undoing them all gives the project as it started.
    assert sorted(e.op for e in p.journal() if e.state == "done") == ["decide_terms"] * 3 + ["merge_next"] * 2
    while p.undo():
        pass
    assert p.beads() == beads0 and p.term_decisions() == {}

"""End to end in headless Chromium: create a project from the UN pair, edit, reload, kill -9 the server, export.

Needs Debian's chromium (/usr/bin/chromium) and PyPI playwright; screenshots go to test-artifacts/ui-e2e/.
"""

from __future__ import annotations

import os
import re
import signal
from pathlib import Path

import pytest
from lxml import etree

from align.readers.tmx import read_tmx
from tests.fixtures.browser import SHOTS, Session
from tests.fixtures.paths import UN_UNITS
from tests.fixtures.server import free_port, start_server, stop_server, wait_healthy
from tm.project.edits import Status
from tm.project.store import Project

pytestmark = pytest.mark.slow
CONFIRMED_1 = re.compile(r"Bead 1 · 2-2 · confidence [\d.]+ · confirmed")


def _bead_line(s: Session) -> str:
    m = re.search(r"Bead \d+ · \d+-\d+ · confidence [\d.]+ · \w+", s.text())
    return m.group(0) if m else ""


def test_edit_reload_kill_and_export_in_chromium(browser, tmp_path: Path, tmx_dtd: Path) -> None:  # noqa: ANN001
    SHOTS.mkdir(parents=True, exist_ok=True)
    for old in [*SHOTS.glob("main-*.png"), *SHOTS.glob("other-*.png")]:  # this test's own, not the other tests'
        old.unlink()
    project, port = tmp_path / "un.tmproj", free_port()
    server = start_server(project, port)
    try:
        wait_healthy(port, server)
        s = Session(browser, port, "main")
        s.goto()
        s.shot("start")
        s.page.get_by_text("A pair from corpora/").click()
        s.idle()
        s.click("start_align")
        s.wait_text(f"Aligned {UN_UNITS} beads")
        s.shot("aligned")
        s.click("review_merge_both")  # bead 1 + bead 2 -> 2-2
        s.wait_text("Bead 1 · 2-2")
        assert _bead_line(s).startswith("Bead 1 · 2-2")
        s.shot("merged")
        s.fill("review_bead", "10")
        s.page.get_by_text("Split this bead").click()
        s.fill("review_split_tgt_9_1-1", "0")  # source stays, target becomes its own 0-1 bead
        s.wait_text("→ bead 10: 1-0, new bead 11: 0-1")  # the preview of the split, after the field's rerun
        s.click("review_split")
        s.wait_text("Bead 10 · 1-0")
        assert _bead_line(s).startswith("Bead 10 · 1-0")
        s.shot("split")
        s.fill("review_bead", "1")
        s.click("review_confirm")  # confirm and go on to bead 2
        s.wait_text("1 confirmed")
        s.wait_text("Bead 2 ·")
        s.fill("review_bead", "1")
        s.wait_text(CONFIRMED_1)
        assert _bead_line(s).startswith("Bead 1 · 2-2") and _bead_line(s).endswith("confirmed")
        s.shot("confirmed")
        expected = [(b.src, b.tgt, b.status) for b in Project.open(project).beads()]
        assert len(expected) == UN_UNITS  # -1 merge, +1 split

        s.goto()  # reload the page: a new session reads the project again
        s.wait_text(CONFIRMED_1)
        assert _bead_line(s).startswith("Bead 1 · 2-2") and "1 confirmed" in s.text()
        s.shot("reloaded")

        stop_server(server, signal.SIGKILL)  # no clean shutdown: every acknowledged edit must be on disk
        server = start_server(project, port)
        wait_healthy(port, server)
        s.goto()
        s.wait_text(CONFIRMED_1)
        s.shot("after-kill")
        assert _bead_line(s).startswith("Bead 1 · 2-2") and "1 confirmed" in s.text(), s.text()[:1500]
        assert [(b.src, b.tgt, b.status) for b in Project.open(project).beads()] == expected

        s.fill("review_bead", "40")
        s.page.evaluate("document.activeElement.blur()")
        s.page.keyboard.press("a")  # the shortcut: confirm and go on to the next bead
        s.wait_text("Bead 41 ·")
        s.wait_text("2 confirmed")
        assert Project.open(project).beads()[39].status is Status.CONFIRMED
        version = Project.open(project).version
        s.key("review_search", "input").type("ma")  # typing in a field must not fire the M or A shortcuts
        s.page.wait_for_timeout(1500)
        assert Project.open(project).version == version
        s.fill("review_search", "")
        s.shot("shortcut")

        other = Session(browser, port, "other")  # a second browser session on the same project
        other.goto()
        other.wait_text(CONFIRMED_1)
        s.fill("review_bead", "20")
        s.click("review_confirm")
        s.wait_text("3 confirmed")
        other.fill("review_bead", "30")
        other.click("review_merge_both")
        other.wait_text("changed in another session")
        other.shot("conflict")
        assert len(Project.open(project).beads()) == UN_UNITS  # the stale edit was refused, not applied

        s.nav("Overview")
        s.wait_text("Alignment path")
        s.page.wait_for_selector('[data-testid="stVegaLiteChart"]', timeout=60_000)
        s.shot("overview")
        s.nav("Export")
        s.wait_text("translation units")
        s.shot("export")
        with s.page.expect_download() as dl:
            s.key("export_tmx").click()
        tmx = tmp_path / "download.tmx"
        dl.value.save_as(tmx)
    finally:
        stop_server(server)
    assert etree.DTD(str(tmx_dtd)).validate(etree.parse(str(tmx)))
    units = read_tmx(tmx)
    assert units[0].props["x-bead"] == "2-2" and units[0].props["x-status"] == "confirmed"
    assert sum(u.props["x-status"] == "confirmed" for u in units) == 3
    assert os.path.getsize(tmx) > 10_000

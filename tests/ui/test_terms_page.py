"""AppTest: the terms page (mine term pairs of the open project, accept / reject / edit, export the accepted)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage
from streamlit.testing.v1 import AppTest

from tests.fixtures.ui import app_for, assert_clean, click
from tm.project.store import Project
from tm.terms.decisions import Decision, decision_of, table_row

OIC_FR, OIC_EN = "Organisation de la coopération islamique", "Organization of Islamic Cooperation"


@pytest.fixture
def downloads(monkeypatch: pytest.MonkeyPatch) -> dict[str, bytes]:
    """The bytes of every download button drawn, by file name (the last drawing wins)."""
    saved: dict[str, bytes] = {}
    original = MemoryMediaFileStorage.load_and_get_id

    def spy(self, path_or_data, mimetype, kind, filename=None):  # noqa: ANN001, ANN202
        if isinstance(path_or_data, bytes) and filename:
            saved[filename] = path_or_data
        return original(self, path_or_data, mimetype, kind, filename)

    monkeypatch.setattr(MemoryMediaFileStorage, "load_and_get_id", spy)
    return saved


def terms_page(project: Path | None, monkeypatch: pytest.MonkeyPatch) -> AppTest:
    at = app_for(project, monkeypatch)
    at.sidebar.radio(key="nav").set_value("Terms").run()
    assert_clean(at)
    return at


def mined(project: Path, monkeypatch: pytest.MonkeyPatch, encoder: str = "none", top: int = 20) -> AppTest:
    at = terms_page(project, monkeypatch)
    at.number_input(key="terms_top").set_value(top)
    at.selectbox(key="terms_encoder").set_value(encoder)
    return click(at, "terms_mine")


def row_of(at: AppTest, source: str) -> int:
    sources = [at.text_input(key=f"terms_row_source_{i}").value for i in range(len(at.text_input) // 2)]
    return sources.index(source)


def csv_rows(downloads: dict[str, bytes]) -> list[tuple[str, str]]:
    return [(r["source"], r["target"]) for r in csv.DictReader(io.StringIO(downloads["un-terms.csv"].decode()))]


def test_page_renders_before_mining(un_project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    at = terms_page(un_project, monkeypatch)
    assert [h.value for h in at.header] == ["Terms"]
    assert at.button(key="terms_mine").label == "Mine terms"
    assert at.selectbox(key="terms_encoder").options == ["use-m3", "none"]
    assert any("Mine terms" in c.value for c in at.caption)
    assert not at.get("download_button")


@pytest.mark.parametrize("encoder", ["none", "use-m3"])
def test_mining_lists_pairs_with_examples(un_project: Path, monkeypatch: pytest.MonkeyPatch, encoder: str) -> None:
    at = mined(un_project, monkeypatch, encoder)
    p = Project.open(un_project)
    rows = [table_row(c, decision_of(c, p.term_decisions())) for c in p.term_candidates()]  # kept in the project
    assert 5 <= len(rows) <= 20
    oic = next(r for r in rows if r["source"] == OIC_FR)
    assert oic["target"] == OIC_EN and oic["status"] == "pending" and oic["frequency"] >= 10
    assert 0.5 <= oic["score"] <= 1.0
    assert OIC_FR.split()[-1] in oic["example source"] and "Islamic" in oic["example target"]
    i = row_of(at, OIC_FR)
    assert at.text_input(key=f"terms_row_target_{i}").value == OIC_EN
    assert any("<b>Organisation de la coopération islamique</b>" in h.proto.body for h in at.get("html"))


def test_accept_reject_edit_change_the_export(un_project: Path, monkeypatch: pytest.MonkeyPatch,
                                              downloads: dict[str, bytes]) -> None:
    at = mined(un_project, monkeypatch)
    labels = [b.label for b in at.get("download_button")]
    assert labels == ["Download TBX v2", "Download TBX v3", "Download CSV", "Download OmegaT glossary"]
    assert all(b.proto.disabled for b in at.get("download_button"))  # nothing accepted yet
    assert csv_rows(downloads) == []
    oic, un = row_of(at, OIC_FR), row_of(at, "Organisation des Nations Unies")
    click(at, f"terms_row_accept_{oic}")
    click(at, f"terms_row_accept_{un}")
    assert csv_rows(downloads) == [(OIC_FR, OIC_EN), ("Organisation des Nations Unies", "United Nations")]
    assert not any(b.proto.disabled for b in at.get("download_button"))
    click(at, f"terms_row_reject_{un}")
    assert csv_rows(downloads) == [(OIC_FR, OIC_EN)]
    at.text_input(key=f"terms_row_target_{oic}").set_value("Organisation of Islamic Cooperation").run()
    assert_clean(at)
    assert csv_rows(downloads) == [(OIC_FR, "Organisation of Islamic Cooperation")]
    decided = Project.open(un_project).term_decisions()
    assert decided[(OIC_FR, OIC_EN)] == Decision("accepted", OIC_FR, "Organisation of Islamic Cooperation")
    assert decided[("Organisation des Nations Unies", "United Nations")].status == "rejected"
    assert b"Organisation of Islamic Cooperation" in downloads["un-terms.tbx"]
    assert b"<martif" in downloads["un-terms-v2.tbx"] and b"<tbx" in downloads["un-terms.tbx"]
    assert "Organisation of Islamic Cooperation" in downloads["un-terms.txt"].decode()
    # Decisions and edits are kept for the project across a page switch.
    at.sidebar.radio(key="nav").set_value("Export").run()
    at.sidebar.radio(key="nav").set_value("Terms").run()
    assert_clean(at)
    assert at.text_input(key=f"terms_row_target_{oic}").value == "Organisation of Islamic Cooperation"
    assert csv_rows(downloads) == [(OIC_FR, "Organisation of Islamic Cooperation")]


def test_no_project_message(monkeypatch: pytest.MonkeyPatch) -> None:
    at = terms_page(None, monkeypatch)
    assert any("No project is open" in i.value for i in at.info)
    assert "terms_mine" not in [b.key for b in at.button]


def test_project_without_alignment_message(un_project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    at = app_for(un_project, monkeypatch)
    monkeypatch.setattr(Project, "beads", lambda self: ())  # as if every bead were 1-0 or 0-1
    at.sidebar.radio(key="nav").set_value("Terms").run()
    assert_clean(at)
    assert any("no alignment to mine terms from" in i.value for i in at.info)
    assert "terms_mine" not in [b.key for b in at.button]

"""AppTest: the overview (path plot, histogram) and export (TMX/TSV downloads with edits and status) pages."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage

from align.readers.tmx import read_tmx
from tests.fixtures.paths import UN_UNITS
from tests.fixtures.ui import app_for, assert_clean, click, widget


def test_overview_page(un_project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    at = app_for(un_project, monkeypatch)
    click(at, "review_confirm")
    at.sidebar.radio(key="nav").set_value("Overview").run()
    assert_clean(at)
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Beads"] == str(UN_UNITS) and metrics["Confirmed"] == "1"
    assert [s.value for s in at.subheader] == ["Alignment path", "Confidence"]
    charts = at.get("vega_lite_chart")
    assert len(charts) == 2 and all('"source"' in c.proto.spec for c in charts[:1])
    at.slider(key="overview_low").set_value(1.0).run()  # everything unconfirmed is now doubtful
    assert {m.label: m.value for m in at.metric}["Doubtful, unconfirmed"] == "60"


def test_export_page_downloads_carry_edits_and_status(un_project: Path, tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    saved: list[tuple[bytes, str | None]] = []
    original = MemoryMediaFileStorage.load_and_get_id

    def spy(self, path_or_data, mimetype, kind, filename=None):  # noqa: ANN001, ANN202
        if isinstance(path_or_data, bytes):
            saved.append((path_or_data, filename))
        return original(self, path_or_data, mimetype, kind, filename)

    monkeypatch.setattr(MemoryMediaFileStorage, "load_and_get_id", spy)
    at = app_for(un_project, monkeypatch)
    click(at, "review_merge_both")
    click(at, "review_confirm")  # confirms bead 1 and goes on to bead 2: back to bead 1 to edit it
    at.number_input(key="review_bead").set_value(1).run()
    widget(at.selectbox, "review_edit_choice").set_value(2).run()  # the first target sentence of the 2-2 bead
    widget(at.text_area, "review_edit_text_tgt_0_").set_value("Cooperation: the UN and the OIC").run()
    click(at, "review_edit_save")
    click(at, "review_confirm")  # the edit after the confirmation made the bead "edited": confirmed again
    saved.clear()
    at.sidebar.radio(key="nav").set_value("Export").run()
    assert_clean(at)
    assert [b.label for b in at.get("download_button")] == ["Download TMX", "Download TSV"]
    files = {name: data for data, name in saved}
    tmx = tmp_path / "out.tmx"
    tmx.write_bytes(files["un.tmx"])
    units = read_tmx(tmx)
    assert len(units) == 60
    assert units[0].props["x-status"] == "confirmed" and units[0].props["x-bead"] == "2-2"
    assert units[0].text("en").startswith("Cooperation: the UN and the OIC")
    assert {u.props["x-status"] for u in units[1:]} == {"auto"}
    tsv = files["un.tsv"].decode()
    assert len(tsv.splitlines()) == UN_UNITS and "Cooperation: the UN and the OIC" in tsv


def test_export_page_says_which_beads_are_not_units(un_project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    at = app_for(un_project, monkeypatch)
    click(at, "review_detach_src")  # bead 1's source alone: a 1-0 bead, and a 0-1 for its target
    at.sidebar.radio(key="nav").set_value("Export").run()
    assert_clean(at)
    caption = at.caption[0].value
    assert f"TMX 1.4b with {UN_UNITS - 1} translation units" in caption, caption
    assert f"Of the {UN_UNITS + 1} beads: 2 one-sided beads (1-0, 0-1) left out (the box above keeps them)" in caption
    at.checkbox(key="export_null").check().run()
    assert f"with {UN_UNITS + 1} translation units" in at.caption[0].value and "Of the" not in at.caption[0].value

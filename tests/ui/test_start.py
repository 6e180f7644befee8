"""AppTest: the start page — align a corpus pair or two uploads into a project; bad files give a message."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from align.errors import no_such_project, wrong_language
from tests.fixtures.paths import CORPUS, UN_UNITS
from tests.fixtures.ui import app_for, assert_clean, click, errors, reopen, warnings
from ui import state


def _start(monkeypatch: pytest.MonkeyPatch, project: Path | None = None):  # noqa: ANN202
    at = app_for(project, monkeypatch)
    assert at.sidebar.radio(key="nav").value == ("Review" if project and project.is_file() else "Start")
    if at.sidebar.radio(key="nav").value != "Start":
        at.sidebar.radio(key="nav").set_value("Start").run()
    return at


def test_a_new_project_name_from_the_command_line_is_offered(tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    at = _start(monkeypatch, tmp_path / "new.tmproj")
    at.radio(key="start_source").set_value("A pair from corpora/").run()
    assert at.text_input(key="start_project").value == str(tmp_path / "new.tmproj")


def test_start_page_without_a_project(monkeypatch: pytest.MonkeyPatch) -> None:
    at = _start(monkeypatch)
    assert at.header[0].value == "New alignment project"
    assert at.button(key="start_align").disabled  # nothing uploaded yet
    for page in ("Review", "Overview", "Export"):
        at.sidebar.radio(key="nav").set_value(page).run()
        assert_clean(at)
        assert any("No project is open" in i.value for i in at.info)


def test_align_a_corpus_pair_into_a_project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    at = _start(monkeypatch)
    at.radio(key="start_source").set_value("A pair from corpora/").run()
    assert at.selectbox(key="start_pair").value == "un-oic-2017"
    assert (at.selectbox(key="start_pair_src").value, at.selectbox(key="start_pair_tgt").value) == ("fr.txt", "en.txt")
    target = tmp_path / "un.tmproj"
    at.text_input(key="start_project").set_value(str(target)).run()
    encoder = at.selectbox(key="start_encoder").value
    click(at, "start_align")
    assert at.sidebar.radio(key="nav").value == "Review"
    assert any(f"Aligned {UN_UNITS} beads" in s.value for s in at.success)
    assert len(reopen(target).beads()) == UN_UNITS and len(at.dataframe[0].value) == 50
    # The edits' confidences use the encoder the page aligned with: the server's own, not a second copy of it.
    assert at.session_state["project"].scorer.loaded is state.encoder(encoder)


def test_align_two_uploads(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    at = _start(monkeypatch)
    at.file_uploader(key="start_src_file").set_value(("fr.txt", (CORPUS / "fr.txt").read_bytes(), "text/plain"))
    at.file_uploader(key="start_tgt_file").set_value(("en.txt", (CORPUS / "en.txt").read_bytes(), "text/plain"))
    at.run()
    target = tmp_path / "up.tmproj"
    at.text_input(key="start_project").set_value(str(target)).run()
    click(at, "start_align")
    assert not errors(at)
    project = reopen(target)
    assert project.document("src").name == "fr.txt" and len(project.beads()) == UN_UNITS


def _zip() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("data.bin", bytes(range(256)) * 8)
    return buf.getvalue()


@pytest.mark.parametrize(("name", "data", "message"), [
    ("empty.txt", b"", "empty"),
    ("blank.txt", b"\n\n   \n", "empty"),
    ("image.txt", bytes(range(256)) * 40, "binary"),
    ("archive.zip", _zip(), "archive.zip"),
    ("photo.png", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 20, "photo.png"),
])
def test_bad_uploads_show_a_message_not_a_traceback(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str,
                                                    data: bytes, message: str) -> None:
    at = _start(monkeypatch)
    at.file_uploader(key="start_src_file").set_value((name, data, "application/octet-stream"))
    at.file_uploader(key="start_tgt_file").set_value(("en.txt", (CORPUS / "en.txt").read_bytes(), "text/plain"))
    at.run()
    target = tmp_path / "bad.tmproj"
    at.text_input(key="start_project").set_value(str(target)).run()
    click(at, "start_align")
    assert any(message in e for e in errors(at)), errors(at)
    assert not target.exists()
    assert at.sidebar.radio(key="nav").value == "Start"


def test_same_file_twice_and_wrong_language(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    at = _start(monkeypatch)
    en = (CORPUS / "en.txt").read_bytes()
    at.file_uploader(key="start_src_file").set_value(("a.txt", en, "text/plain"))
    at.file_uploader(key="start_tgt_file").set_value(("b.txt", en, "text/plain"))
    at.run()
    at.text_input(key="start_project").set_value(str(tmp_path / "x.tmproj")).run()
    click(at, "start_align")
    assert any("same document" in e for e in errors(at)), errors(at)
    fr = (CORPUS / "fr.txt").read_bytes()
    at.file_uploader(key="start_src_file").set_value(("a.txt", en, "text/plain"))
    at.file_uploader(key="start_tgt_file").set_value(("b.txt", fr, "text/plain"))
    at.run()
    click(at, "start_align")
    # The message names the uploaded file, not the temporary copy the page aligned.
    code = wrong_language("a.txt", "French", "English").code
    assert any(e.startswith(f"{code}: a.txt: expected French") for e in errors(at)), errors(at)


def test_existing_project_is_not_overwritten(un_project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    at = _start(monkeypatch, un_project)
    at.radio(key="start_source").set_value("A pair from corpora/").run()
    assert at.text_input(key="start_project").value.endswith("un-oic-2017.tmproj")  # not the open project
    at.text_input(key="start_project").set_value(str(un_project)).run()
    click(at, "start_align")
    assert any("already exists" in e for e in errors(at))


def test_open_an_existing_project(un_project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    at = _start(monkeypatch)
    at.text_input(key="start_open_path").set_value(str(tmp_path / "nope.tmproj")).run()
    click(at, "start_open")
    missing = no_such_project(str(tmp_path / "nope.tmproj"))
    assert f"{missing.code}: {missing}" in errors(at)
    at.text_input(key="start_open_path").set_value(str(un_project)).run()
    click(at, "start_open")
    assert at.sidebar.radio(key="nav").value == "Review"
    assert len(at.dataframe[0].value) == 50


def test_a_broken_project_file_gives_a_message(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    junk = tmp_path / "junk.tmproj"
    junk.write_bytes(b"\x00garbage" * 500)
    at = app_for(junk, monkeypatch)
    assert at.sidebar.radio(key="nav").value == "Start"
    assert any("not a tmbuild project" in e for e in errors(at))


def test_the_start_page_shows_the_language_warnings_the_cli_prints(tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    # A French side with a long English passage: the CLI warns and goes on; the Start page must say the same.
    fr, en = (CORPUS / "fr.txt").read_text(encoding="utf-8"), (CORPUS / "en.txt").read_text(encoding="utf-8")
    mixed = fr + "\n\n" + en[: len(fr) * 2 // 3]
    at = _start(monkeypatch)
    at.file_uploader(key="start_src_file").set_value(("mixed.txt", mixed.encode(), "text/plain"))
    at.file_uploader(key="start_tgt_file").set_value(("en.txt", en.encode(), "text/plain"))
    at.run()
    at.text_input(key="start_project").set_value(str(tmp_path / "mixed.tmproj")).run()
    click(at, "start_align")
    shown = warnings(at)
    assert any("mixed.txt" in w and "English" in w for w in shown), shown
    assert not any("tmbuild-upload-" in w for w in shown)  # the user's file name, not the temporary copy

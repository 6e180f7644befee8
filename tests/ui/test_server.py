"""`tmbuild align --project` and `tmbuild ui`: the real CLI, and the real Streamlit server on 127.0.0.1."""

from __future__ import annotations

import os
import urllib.request
from pathlib import Path

from typer.testing import CliRunner

from align.readers.tmx import read_tmx
from tests.fixtures.paths import CORPUS, UN_UNITS
from tests.fixtures.server import free_port, start_server, stop_server, wait_healthy
from tm.cli import app
from tm.launch import ui_command
from tm.project.store import Project

os.environ.setdefault("HF_HUB_OFFLINE", "1")


def test_align_writes_a_project_and_a_tmx(tmp_path: Path) -> None:
    project, tmx = tmp_path / "un.tmproj", tmp_path / "un.tmx"
    args = ["align", str(CORPUS / "fr.txt"), str(CORPUS / "en.txt"), "--project", str(project)]
    result = CliRunner().invoke(app, [*args, "-o", str(tmx)])
    assert result.exit_code == 0, result.output
    p = Project.open(project)
    assert len(p.beads()) == UN_UNITS and len(read_tmx(tmx)) == UN_UNITS
    again = CliRunner().invoke(app, args)  # never replaces a project (and its review work)
    assert again.exit_code == 2 and "already exists" in again.output
    only = tmp_path / "only.tmproj"
    assert CliRunner().invoke(app, args[:3] + ["--project", str(only)]).exit_code == 0
    assert only.is_file()
    nothing = CliRunner().invoke(app, args[:3])
    assert nothing.exit_code == 2 and "nothing to write" in nothing.output


def test_ui_command_line() -> None:
    cmd = ui_command(Path("p.tmproj"), 8600)
    assert cmd[1:4] == ["-m", "ui.serve", "run"] and cmd[4].endswith("ui/app.py")
    assert cmd[cmd.index("--server.address") + 1] == "127.0.0.1" and cmd[cmd.index("--server.port") + 1] == "8600"
    assert cmd[-2:] == ["--project", str(Path("p.tmproj").resolve())]
    assert "--" not in ui_command(None, 8501)


def test_tmbuild_ui_serves_on_localhost(tmp_path: Path) -> None:
    port = free_port()
    proc = start_server(tmp_path / "new.tmproj", port)
    try:
        wait_healthy(port, proc)
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as r:
            assert r.status == 200 and b"<html" in r.read().lower()
    finally:
        stop_server(proc)

"""`tmbuild align --project` and `tmbuild ui`: the real CLI, and the real Streamlit server on 127.0.0.1."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.shared import CORPUS
from tm.cli import app
from tm.launch import ui_command
from tm.project.store import Project
from tm.tmx import read_tmx

os.environ.setdefault("HF_HUB_OFFLINE", "1")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_align_writes_a_project_and_a_tmx(tmp_path: Path) -> None:
    project, tmx = tmp_path / "un.tmproj", tmp_path / "un.tmx"
    args = ["align", str(CORPUS / "fr.txt"), str(CORPUS / "en.txt"), "--project", str(project)]
    result = CliRunner().invoke(app, [*args, "-o", str(tmx)])
    assert result.exit_code == 0, result.output
    p = Project.open(project)
    assert len(p.beads()) == 61 and len(read_tmx(tmx)) == 61
    again = CliRunner().invoke(app, args)  # never replaces a project (and its review work)
    assert again.exit_code == 2 and "already exists" in again.output
    only = tmp_path / "only.tmproj"
    assert CliRunner().invoke(app, args[:3] + ["--project", str(only)]).exit_code == 0
    assert only.is_file()
    nothing = CliRunner().invoke(app, args[:3])
    assert nothing.exit_code == 2 and "nothing to write" in nothing.output


def test_ui_command_line() -> None:
    cmd = ui_command(Path("p.tmproj"), 8600)
    assert cmd[1:4] == ["-m", "streamlit", "run"] and cmd[4].endswith("ui/app.py")
    assert cmd[cmd.index("--server.address") + 1] == "127.0.0.1" and cmd[cmd.index("--server.port") + 1] == "8600"
    assert cmd[-2:] == ["--project", str(Path("p.tmproj").resolve())]
    assert "--" not in ui_command(None, 8501)


def wait_healthy(port: int, proc: subprocess.Popen, timeout: float = 60) -> None:
    """Wait until Streamlit answers its health check (or fail with its output)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"the server exited with {proc.returncode}: {proc.stdout.read() if proc.stdout else ''}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2) as r:
                if r.read().strip() == b"ok":
                    return
        except OSError:
            time.sleep(0.3)
    pytest.fail(f"no answer on port {port} after {timeout} s")


def start_server(project: Path, port: int) -> subprocess.Popen:
    """`tmbuild ui PROJECT --port PORT` in its own process group (so the test can kill it and its child)."""
    return subprocess.Popen([sys.executable, "-m", "tm.cli", "ui", str(project), "--port", str(port)],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True)


def stop_server(proc: subprocess.Popen, sig: int = signal.SIGTERM) -> None:
    """Signal the server's process group, then SIGKILL whatever is left after 10 s (Streamlit may hang on exit)."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, sig)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            os.killpg(proc.pid, 0)  # anyone left in the group?
        except ProcessLookupError:
            break
        proc.poll()  # reap the tmbuild process so it does not count as left
        time.sleep(0.2)
    else:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
    proc.wait(timeout=20)


def test_tmbuild_ui_serves_on_localhost(tmp_path: Path) -> None:
    port = free_port()
    proc = start_server(tmp_path / "new.tmproj", port)
    try:
        wait_healthy(port, proc)
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as r:
            assert r.status == 200 and b"<html" in r.read().lower()
    finally:
        stop_server(proc)

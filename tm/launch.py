"""Start the Streamlit review UI (ui/app.py) on 127.0.0.1 as a child process."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

from align import errors

# The UI lives beside tm/ in the checkout; it is run as a script by Streamlit, never imported from tm.
APP = Path(__file__).resolve().parents[1] / "ui" / "app.py"


def ui_command(project: Path | None, port: int, *, app: Path = APP) -> list[str]:
    """The command line that serves the UI for `project` on 127.0.0.1:`port`."""
    # ui.serve imports the pages before handing over to Streamlit's command line: the first page loads faster.
    cmd = [sys.executable, "-m", "ui.serve", "run", str(app),
           "--server.address", "127.0.0.1", "--server.port", str(port),
           "--server.headless", "true", "--browser.gatherUsageStats", "false",
           "--client.toolbarMode", "minimal"]  # no "Deploy" button: this is a local tool
    if project is not None:
        cmd += ["--", "--project", str(Path(project).resolve())]
    return cmd


def run_ui(project: Path | None, port: int) -> int:
    """Serve the UI until interrupted; returns Streamlit's exit code."""
    if not APP.is_file():
        raise errors.ui_not_installed(str(APP))
    if project is not None and Path(project).exists() and not Path(project).is_file():
        raise errors.project_is_a_folder(str(project))
    if project is not None and Path(project).is_file():  # refused here, not on a page after the server started
        from tm.project.store import Project

        Project.open(project).close()
    env = dict(os.environ, HF_HUB_OFFLINE="1", TRANSFORMERS_OFFLINE="1")
    print(f"tmbuild review UI on http://127.0.0.1:{port}/  (Ctrl-C to stop)", flush=True)
    proc = subprocess.Popen(ui_command(project, port), env=env)
    # SIGTERM to tmbuild must reach Streamlit too, or the server outlives the command that started it.
    signal.signal(signal.SIGTERM, lambda *_: proc.terminate())
    try:
        return proc.wait()
    except KeyboardInterrupt:  # Ctrl-C reaches Streamlit as well (same process group): let it finish
        try:
            return proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            return 130

"""Serve the review UI: the pages' modules imported and the project's embedding begun before Streamlit starts.

Streamlit runs the app script in the server's process, so what is imported here is not imported again by the
first page a browser opens (1.1 s of the first load on the 5,260-bead benchmark project), and the rescorer the
pages share (ui.state.warm) is already embedding when the first edit comes."""

from __future__ import annotations

import logging
import sys
from pathlib import Path


class _Expected(logging.Filter):
    """Drops Streamlit's note that a cached function ran outside a page ("missing ScriptRunContext") where that is
    expected: here before the server starts, and in the rescorer's warm-up thread."""

    def filter(self, record: logging.LogRecord) -> bool:
        from streamlit.runtime import Runtime

        return not (record.threadName.startswith("tmbuild-") or not Runtime.exists())


# Seconds after the server starts (as ui.state.WARM_DELAY): a reviewer opening the page at once reads and moves
# without the embedding holding the interpreter; one opening it later finds the embedding done.
WARM_DELAY = 10.0


def preload() -> None:
    """Import what the pages import, and what Streamlit imports on the first table and chart."""
    import altair  # noqa: F401
    import pandas  # noqa: F401
    import pyarrow  # noqa: F401
    import streamlit.dataframe_util  # noqa: F401

    from ui.views import export, overview, repairs, review, start, terms  # noqa: F401


def warm(app_args: list[str]) -> None:
    """Begin embedding the project named on the command line for the edits' confidence (in a thread)."""
    from align.errors import TmbuildError
    from tm.project.store import Project
    from ui import state

    path = state.argv_project(app_args)
    if not path or not Path(path).is_file():
        return
    try:
        project = Project.open(path)
    except TmbuildError:  # the first page says why
        return
    state.warm(project, delay=WARM_DELAY)  # the thread keeps what it read, not the connection
    project.close()


def main(argv: list[str] | None = None) -> None:
    """`python -m ui.serve run ui/app.py [streamlit options] [-- app options]` (what `tmbuild ui` runs)."""
    argv = sys.argv[1:] if argv is None else argv
    logging.getLogger("streamlit.runtime.scriptrunner_utils.script_run_context").addFilter(_Expected())
    preload()
    warm(argv[argv.index("--") + 1:] if "--" in argv else [])
    from streamlit.web import cli

    cli.main(args=argv, prog_name="streamlit")


if __name__ == "__main__":
    main()

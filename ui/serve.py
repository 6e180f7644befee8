"""Serve the review UI: the pages' modules imported before Streamlit starts, then Streamlit's own command line.

Streamlit runs the app script in the server's process, so what is imported here is not imported again by the
first page a browser opens (1.1 s of the first load on the 5,260-bead benchmark project)."""

from __future__ import annotations

import sys


def preload() -> None:
    """Import what the pages import, and what Streamlit imports on the first table and chart."""
    import altair  # noqa: F401
    import pandas  # noqa: F401
    import pyarrow  # noqa: F401
    import streamlit.dataframe_util  # noqa: F401

    import ui.views  # noqa: F401  (the pages themselves)
    from ui.views import export, overview, repairs, review, start, terms  # noqa: F401


def main(argv: list[str] | None = None) -> None:
    """`python -m ui.serve run ui/app.py [streamlit options] [-- app options]` (what `tmbuild ui` runs)."""
    preload()
    from streamlit.web import cli

    cli.main(args=sys.argv[1:] if argv is None else argv, prog_name="streamlit")


if __name__ == "__main__":
    main()

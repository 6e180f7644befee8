"""Export page: the project (with its edits and review status) as TMX or TSV downloads."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from align.errors import TmbuildError
from tm.project import actions as projects
from tm.tmx import written_units
from ui import state


def render() -> None:
    """Draw the export page."""
    st.header("Export")
    project = state.require_project()
    if project is None:
        return
    stem = Path(project.path).stem
    include_null = st.checkbox("Keep 1-0 / 0-1 beads in the TMX", key="export_null")
    try:
        data, count = projects.tmx_bytes(project, include_null=include_null)
        tsv = projects.tsv_bytes(project)
    except TmbuildError as e:
        state.show_error(e)
        return
    chosen = written_units(project.alignment(), include_null)
    why = f" Of the {len(project.beads())} beads: {chosen.left_out()}" if chosen.left_out() else ""
    hint = " (the box above keeps them)" if chosen.one_sided else ""
    st.caption(f"TMX 1.4b with {count} translation units; each carries x-status (auto, edited or confirmed)."
               + (f"{why}{hint}." if why else ""))
    c1, c2 = st.columns(2)
    c1.download_button("Download TMX", data, file_name=f"{stem}.tmx", mime="application/x-tmx+xml",
                       key="export_tmx", type="primary")
    c2.download_button("Download TSV", tsv, file_name=f"{stem}.tsv", mime="text/tab-separated-values",
                       key="export_tsv")

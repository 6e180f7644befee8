"""Entry script of the review UI: `streamlit run ui/app.py -- --project P.tmproj` (what `tmbuild ui` runs)."""

from __future__ import annotations

import sys
from pathlib import Path

# Streamlit puts ui/ on sys.path, not the checkout: the `ui` package and tm/ must be importable by name.
_ROOT = str(Path(__file__).resolve().parents[1])
if _ROOT not in sys.path:
    sys.path.insert(0, _ROOT)

import streamlit as st  # noqa: E402

from ui import state  # noqa: E402
from ui.views import export, overview, repairs, review, start, terms  # noqa: E402

PAGES = {"Start": start.render, "Review": review.render, "Overview": overview.render, "Export": export.render,
         "Terms": terms.render,
         "OCR repairs": repairs.render}

st.set_page_config(page_title="tmbuild review", layout="wide")
state.init(sys.argv[1:])
state.take_pending_nav()
with st.sidebar:
    st.title("tmbuild")
    page = st.radio("Page", list(PAGES), key="nav")
    project = state.project()
    st.caption(f"Project: {project.path.name}" if project else "No project open")
PAGES[page]()

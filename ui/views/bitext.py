"""The bitext view of the review page: the bundled component (ui/components/bitext) and the operations it sends."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import streamlit as st
import streamlit.components.v1 as components

from tm.project import review
from tm.project.store import Project
from ui import bitext, review_actions, state
from ui.views import place

FOLDER = Path(__file__).resolve().parents[1] / "components" / "bitext"
KEY = "review_bitext"  # the component's value: the last event it sent
ACK = "review_bitext_ack"  # id of the last event handled, sent back so the view sends its next one
SPLIT_REQUEST = "review_split_request"  # (bead, nonce): S pressed outside the view opens its split preview
# (keys, short label shown in the view, what they do in full for the page's key map)
KEYMAP = [("J/K ↓↑", "move", "next/previous bead"), ("A", "confirm+next", "confirm and go to the next bead"),
          ("Shift+A", "unconfirm", "take the confirmation back"),
          ("N", "confirm+next unconfirmed", "confirm and go to the next unconfirmed bead"),
          ("D", "doubtful", "next doubtful bead"), ("U", "unconfirmed", "next unconfirmed bead"),
          ("M", "merge", "merge with the next bead"), ("S", "split…", "split preview (Enter applies, Esc cancels)"),
          ("E/W", "source ↓/↑", "source: last sentence down to the next bead / the next bead's first one up here"),
          ("O/I", "target ↓/↑", "target: last sentence down to the next bead / the next bead's first one up here"),
          ("Z/Y", "undo/redo", "undo/redo")]


def segment_kinds(project: Project) -> dict[str, list[str]]:
    """Each side's segment kinds by segment number (heading, body, list-item …; the store caches them per version)."""
    return {side: [kind.value for _, kind in project.segment_kinds(side)] for side in ("src", "tgt")}


def request_split() -> None:
    """The S button outside the view: ask it to open its split preview for the selected bead."""
    old = st.session_state.get(SPLIT_REQUEST)
    st.session_state[SPLIT_REQUEST] = (place.current(), (old[1] if old else 0) + 1)


def _on_event() -> None:
    event = st.session_state.get(KEY)
    if not isinstance(event, dict) or event.get("id") == st.session_state.get(ACK):
        return
    st.session_state[ACK] = event.get("id")  # acknowledged even when refused: the view must not stall
    project = state.project()
    if project is None:
        return
    op, i = str(event.get("op", "")), int(event.get("bead", place.current() + 1)) - 1
    params = {k: event[k] for k in ("step", "src_at", "tgt_at") if k in event}
    if op in ("split", "split_cancel"):
        st.session_state.pop(SPLIT_REQUEST, None)

    def work() -> None:
        place.select(i)  # the bead the user saw the key pressed on
        outcome = review_actions.run(project, op, i, place.order(project), **params)
        place.select(outcome.bead)
        if outcome.message:
            state.flash("success", outcome.message)

    state.act(work)()


def _titles(project: Project) -> tuple[str, str]:
    src, tgt = project.meta("srclang"), project.meta("tgtlang")
    return (f"Source ({src})" if src else "Source"), (f"Target ({tgt})" if tgt else "Target")


def show(project: Project, i: int, needle: str = "", unsaved: int = 0) -> Any:
    """Draw the view around bead i (0-based): both documents in full sentences, bead by bead; with `unsaved` texts
    kept as drafts, a reload or closing the tab asks first (the drafts live in this browser session only)."""
    kinds = segment_kinds(project)
    dirs = review.direction(project.meta("srclang")), review.direction(project.meta("tgtlang"))
    src = bitext.Texts(project.texts("src"), kinds["src"], dirs[0])
    tgt = bitext.Texts(project.texts("tgt"), kinds["tgt"], dirs[1])
    request = st.session_state.get(SPLIT_REQUEST)
    src_title, tgt_title = _titles(project)
    # Declared on each run, not at import: Streamlit registers a component only when it is declared inside a
    # script run, and ui.serve imports this module before the server starts (it costs microseconds).
    view = components.declare_component("bitext", path=str(FOLDER))
    return view(key=KEY, on_change=_on_event, default=None, tab_index=0,
                rows=bitext.rows(project.beads(), i, src, tgt, needle), current=i + 1,
                ack=st.session_state.get(ACK) or 0, version=project.version, local=place.unfiltered(),
                split_request=request[1] if request and request[0] == i else 0,
                dir_src=dirs[0], dir_tgt=dirs[1], src_title=src_title, tgt_title=tgt_title,
                keymap=[[k, short] for k, short, _ in KEYMAP], unsaved=unsaved)

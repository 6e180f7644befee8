"""Where the review page is: the selected bead, the filters and the display order they give (session state)."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from align import errors
from tm.project import review
from tm.project.store import Project
from ui import state

BEAD = "review_bead"  # the selected bead, 1-based as shown
ORDER, UNCONFIRMED, SEARCH = "review_order", "review_unconfirmed", "review_search"  # the filter widgets' keys
LOWEST = "Lowest confidence first"


def current() -> int:
    """The selected bead, 0-based."""
    return int(st.session_state.get(BEAD, 1)) - 1


def select(i: int) -> None:
    """Make bead i (0-based) the selected one (from a callback: before the bead number box is drawn)."""
    st.session_state[BEAD] = i + 1


def query() -> review.Query:
    """The filters as the widgets hold them (read in callbacks too, before the widgets are drawn again)."""
    return review.Query(lowest_first=st.session_state.get(ORDER) == LOWEST,
                        unconfirmed_only=bool(st.session_state.get(UNCONFIRMED)),
                        text=str(st.session_state.get(SEARCH) or ""))


def order(project: Project, q: review.Query | None = None) -> list[int]:
    """Bead positions in display order under the filters."""
    return review.select(project.beads(), project.texts("src"), project.texts("tgt"), q or query())


def unfiltered(q: review.Query | None = None) -> bool:
    """True when the display order is the document order (every bead, in order)."""
    q = q or query()
    return not (q.lowest_first or q.unconfirmed_only or q.text.strip())


def when_shown(i: int, work: Callable[[], None]) -> Callable[[], None]:
    """A callback for controls drawn for bead i (split points, texts): refused if another bead is selected now."""

    def run() -> None:
        if current() != i:
            raise errors.other_bead_selected(current() + 1, i + 1)
        work()

    return state.act(run)

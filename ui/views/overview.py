"""Overview page: the alignment path with doubtful beads highlighted (a click opens that bead), and the histogram."""

from __future__ import annotations

import altair as alt
import streamlit as st

from tm.project import review
from ui import state
from ui.views import review as review_page

PATH = "overview_path"  # the path chart's selection state
PICK = "bead_pick"  # its point selection: the clicked bead


def open_picked() -> None:
    """On a click in the path: select that bead on the Review page (and in the URL, ?bead=N) and go there."""
    picked = (st.session_state.get(PATH) or {}).get("selection", {}).get(PICK) or []
    if picked and "bead" in picked[0]:
        number = int(picked[0]["bead"])
        st.session_state[review_page.BEAD] = number
        st.query_params["bead"] = str(number)
        st.session_state["nav"] = "Review"  # a callback runs before the page radio is drawn: it may be set here


def path_chart(points: list[dict[str, object]]) -> alt.Chart:
    """Source index against target index, one point per bead, doubtful ones red; clicking picks the nearest."""
    pick = alt.selection_point(name=PICK, fields=["bead"], on="click", nearest=True)
    return alt.Chart(alt.Data(values=points)).mark_circle(size=40).encode(
        x=alt.X("source:Q", title="source sentence"), y=alt.Y("target:Q", title="target sentence"),
        color=alt.Color("low:N", title="doubtful", scale=alt.Scale(domain=[False, True], range=["#4c78a8", "#e45756"])),
        tooltip=["bead:Q", "type:N", "confidence:Q"]).add_params(pick)


def render() -> None:
    """Draw the overview page."""
    st.header("Overview")
    project = state.require_project()
    if project is None:
        return
    beads = project.beads()
    low = st.slider("Doubtful below", 0.0, 1.0, review.LOW, 0.05, key="overview_low")
    counts = review.summary(beads, low)
    c = st.columns(4)
    c[0].metric("Beads", counts["beads"])
    c[1].metric("Confirmed", counts["status"].get("confirmed", 0))
    c[2].metric("Edited", counts["status"].get("edited", 0))
    c[3].metric("Doubtful, unconfirmed", counts["low"])
    st.caption("Bead types: " + ", ".join(f"{k} {n}" for k, n in counts["types"].most_common()))
    points = review.path_points(beads, low)
    st.subheader("Alignment path")
    st.caption("Click a point to open that bead on the Review page.")
    st.altair_chart(path_chart(points), width="stretch", key=PATH, on_select=open_picked, selection_mode=PICK)
    hist = alt.Chart(alt.Data(values=points)).mark_bar().encode(
        x=alt.X("confidence:Q", bin=alt.Bin(step=0.05, extent=[0, 1]), scale=alt.Scale(domain=[0, 1]),
                title="confidence"),
        y=alt.Y("count():Q", title="beads"))
    st.subheader("Confidence")
    st.altair_chart(hist, width="stretch")

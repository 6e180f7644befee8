"""Overview page: the alignment path with doubtful beads highlighted, and the histogram of confidences."""

from __future__ import annotations

import altair as alt
import streamlit as st

from tm.project import review
from ui import state


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
    path = alt.Chart(alt.Data(values=points)).mark_circle(size=28).encode(
        x=alt.X("source:Q", title="source sentence"), y=alt.Y("target:Q", title="target sentence"),
        color=alt.Color("low:N", title="doubtful", scale=alt.Scale(domain=[False, True], range=["#4c78a8", "#e45756"])),
        tooltip=["bead:Q", "type:N", "confidence:Q"])
    st.subheader("Alignment path")
    st.altair_chart(path, width="stretch")
    hist = alt.Chart(alt.Data(values=points)).mark_bar().encode(
        x=alt.X("confidence:Q", bin=alt.Bin(step=0.05, extent=[0, 1]), scale=alt.Scale(domain=[0, 1]),
                title="confidence"),
        y=alt.Y("count():Q", title="beads"))
    st.subheader("Confidence")
    st.altair_chart(hist, width="stretch")

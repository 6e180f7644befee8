"""Review page: the bitext view around the selected bead first, its operations, then the filtered bead table."""

from __future__ import annotations

import streamlit as st

from tm.project import review
from tm.project.store import Project
from ui import state
from ui.views import bitext, place, review_edit, review_ops
from ui.views.place import BEAD

PAGE_SIZE = 50
# Less empty space above the page, so the bitext view starts high enough to show beads at 1280×720.
STYLE = """<style>
[data-testid="stMainBlockContainer"] { padding: 3rem 1.5rem 2rem; max-width: none; }
.st-key-review_head p { margin: 0; }
</style>"""


def _on_table_select(shown: list[int]) -> None:
    rows = st.session_state.get("review_table", {}).get("selection", {}).get("rows", [])
    if rows and rows[0] < len(shown):
        place.select(shown[rows[0]])


def _filters() -> review.Query:
    c1, c2, c3 = st.columns([2, 1, 3])
    c1.selectbox("Order", ["Document order", place.LOWEST], key=place.ORDER)
    c2.checkbox("Unconfirmed only", key=place.UNCONFIRMED)
    c3.text_input("Search source and target", key=place.SEARCH)
    return place.query()


def _table(project: Project, positions: list[int]) -> None:
    beads = project.beads()
    pages = review.page_count(len(positions), PAGE_SIZE)
    c1, c2 = st.columns([1, 4])
    # Filters change the page count: clamp first, as a widget's state may not be changed after it is drawn.
    st.session_state["review_page"] = min(max(1, int(st.session_state.get("review_page", 1))), pages)
    page = c1.number_input(f"Page (of {pages})", 1, pages, key="review_page")
    c2.caption(f"{len(positions)} of {len(beads)} beads match · {PAGE_SIZE} a page")
    shown = review.window(positions, int(page), PAGE_SIZE)
    rows = review.rows(shown, beads, project.texts("src"), project.texts("tgt"))
    st.dataframe(
        rows, key="review_table", hide_index=True, width="stretch", on_select=lambda: _on_table_select(shown),
        selection_mode="single-row",
        column_config={
            "bead": st.column_config.NumberColumn("#", width="small"),
            "source": st.column_config.TextColumn("Source", width="medium"),
            "target": st.column_config.TextColumn("Target", width="medium"),
            # "auto": green above 0.5, red below — the same line as review.LOW.
            "confidence": st.column_config.ProgressColumn("Confidence", min_value=0.0, max_value=1.0, format="%.2f",
                                                          color="auto", width="small"),
            "type": st.column_config.TextColumn("Type", width="small"),
            "status": st.column_config.TextColumn("Status", width="small"),
        })


def _step(positions: list[int], step: int) -> None:
    place.select(review.neighbour(positions, place.current(), step))


def _place(project: Project) -> int:
    """The selected bead (0-based), from the session or, after a reload or a page switch, from the URL (?bead=N)."""
    count = len(project.beads())
    if BEAD not in st.session_state:
        raw = st.query_params.get("bead", "1")
        st.session_state[BEAD] = int(raw) if raw.isdigit() else 1
    st.session_state[BEAD] = min(max(1, int(st.session_state.get(BEAD, 1))), count)
    return int(st.session_state[BEAD]) - 1


def _header(project: Project, positions: list[int]) -> int:
    """Title, counts, bead number, previous/next, undo/redo: one compact block above the view."""
    beads = project.beads()
    counts = review.summary(beads)
    i = _place(project)
    with st.container(key="review_head"):
        c = st.columns([2.4, 1.2, 0.8, 0.8, 1.1, 1.1], vertical_alignment="center")
        c[0].markdown(f"**Review · {state.shown(project.path.name)}**")
        number = c[1].number_input("Bead", 1, len(beads), key=BEAD, label_visibility="collapsed",
                                   help="The selected bead (its number is kept in the address, ?bead=N)")
        st.query_params["bead"] = str(number)
        c[2].button("◀ (K)", key="review_prev", help="Previous bead", width="stretch",
                    on_click=_step, args=(positions, -1))
        c[3].button("(J) ▶", key="review_next", help="Next bead", width="stretch",
                    on_click=_step, args=(positions, 1))
        undo, redo = project.next_undo(), project.next_redo()
        c[4].button("↶ Undo (Z)", key="review_undo", disabled=undo is None, width="stretch",
                    help=f"Undo the {review.describe(undo)}" if undo else None,
                    on_click=review_ops.op(project, "undo"))
        c[5].button("↷ Redo (Y)", key="review_redo", disabled=redo is None, width="stretch",
                    help=f"Redo the {review.describe(redo)}" if redo else None,
                    on_click=review_ops.op(project, "redo"))
    i = int(number) - 1
    bead = beads[i]
    st.caption(f"**Bead {i + 1} · {bead.kind} · confidence {bead.confidence:.2f} · {bead.status.value}** · "
               f"{counts['beads']} beads · {counts['status'].get('confirmed', 0)} confirmed · "
               f"{counts['status'].get('edited', 0)} edited · {counts['low']} doubtful (< {review.LOW})")
    return i


def render() -> None:
    """Draw the review page."""
    project = state.project()
    if project is None:
        st.header("Review")
        st.info(state.NO_PROJECT)
        return
    st.html(STYLE)
    state.warn_if_stale(project, "review_reload")
    positions = place.order(project)
    i = _header(project, positions)
    state.show_flash()
    review_edit.drafts_elsewhere(project, i)
    # Both documents around the selected bead, in full, right under the header: in view without scrolling.
    bitext.show(project, i, place.query().text, unsaved=review_edit.unsaved())
    st.caption("Keys (in the view, or anywhere on the page outside a text box): "
               + " · ".join(f"{k} {label}" for k, _, label in bitext.KEYMAP))
    review_edit.pending_repairs(project, i)
    review_ops.operations(project, i)
    review_ops.split_panel(project, i)
    review_edit.edit_text(project, i)
    st.subheader("Beads")
    query = _filters()
    _table(project, place.order(project, query))

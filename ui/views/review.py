"""Review page: the bead table (filtered, paginated) and the edit operations on the selected bead."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from align import errors
from tm.project import review
from tm.project.actions import realign_from
from tm.project.edits import Status
from tm.project.store import Project
from ui import state

PAGE_SIZE = 50
BEAD = "review_bead"  # the selected bead, 1-based as shown in the table


def _filters() -> review.Query:
    c1, c2, c3 = st.columns([2, 1, 3])
    order = c1.selectbox("Order", ["Document order", "Lowest confidence first"], key="review_order")
    unconfirmed = c2.checkbox("Unconfirmed only", key="review_unconfirmed")
    text = c3.text_input("Search source and target", key="review_search")
    return review.Query(lowest_first=order != "Document order", unconfirmed_only=unconfirmed, text=text)


def _on_table_select(shown: list[int]) -> None:
    rows = st.session_state.get("review_table", {}).get("selection", {}).get("rows", [])
    if rows and rows[0] < len(shown):
        st.session_state[BEAD] = shown[rows[0]] + 1


def _step(positions: list[int], step: int) -> None:
    current = st.session_state.get(BEAD, 1) - 1
    st.session_state[BEAD] = review.neighbour(positions, current, step) + 1


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


def _bead_panel(project: Project, positions: list[int]) -> None:
    beads = project.beads()
    st.session_state[BEAD] = min(max(1, int(st.session_state.get(BEAD, 1))), len(beads))
    c1, c2, c3 = st.columns([2, 1, 1])
    number = c1.number_input("Selected bead", 1, len(beads), key=BEAD)
    c2.button("◀ Previous (K)", key="review_prev", shortcut="K", on_click=_step, args=(positions, -1))
    c3.button("Next (J) ▶", key="review_next", shortcut="J", on_click=_step, args=(positions, 1))
    i = int(number) - 1
    bead = beads[i]
    src_texts, tgt_texts = project.texts("src"), project.texts("tgt")
    st.markdown(f"**Bead {i + 1}** · {bead.kind} · confidence {bead.confidence:.2f} · *{bead.status.value}*")
    left, right = st.columns(2)
    with left:
        for n, k in enumerate(bead.src, 1):
            st.markdown(f"`S{n}` {src_texts[k]}")
        if not bead.src:
            st.caption("(no source sentence)")
    with right:
        for n, k in enumerate(bead.tgt, 1):
            st.markdown(f"`T{n}` {tgt_texts[k]}")
        if not bead.tgt:
            st.caption("(no target sentence)")
    _operations(project, i)
    _split(project, i)
    _edit_text(project, i)


def _current() -> int:
    return int(st.session_state.get(BEAD, 1)) - 1


def _on_bead(project: Project, op: str, *args: object) -> Callable[[], None]:
    """A callback applying `op` to the bead selected when the button is pressed.

    Read at press time, not bound when drawn: a bead number typed just before a click arrives in the same rerun.
    """
    return state.act(lambda: project.apply(op, _current(), *args))


def _toggle_confirm(project: Project) -> None:
    i = _current()
    project.apply("confirm", i, project.beads()[i].status is not Status.CONFIRMED)


def _when_shown(i: int, work: Callable[[], None]) -> Callable[[], None]:
    """A callback for controls drawn for bead i (split points, texts): refused if another bead is selected now."""

    def run() -> None:
        if _current() != i:
            raise errors.other_bead_selected(_current() + 1, i + 1)
        work()

    return state.act(run)


def _operations(project: Project, i: int) -> None:
    confirmed = project.beads()[i].status is Status.CONFIRMED
    c = st.columns(4)
    c[0].button("Unconfirm (A)" if confirmed else "Confirm (A)", key="review_confirm", shortcut="A", type="primary",
                on_click=state.act(_toggle_confirm, project))
    c[1].button("Merge with next (M)", key="review_merge_both", shortcut="M",
                on_click=_on_bead(project, "merge_next"))
    c[2].button("Merge source with next", key="review_merge_src", on_click=_on_bead(project, "merge_next", "src"))
    c[3].button("Merge target with next", key="review_merge_tgt", on_click=_on_bead(project, "merge_next", "tgt"))
    c = st.columns(4)
    for col, (label, key, side, direction) in zip(c, [
            ("First source ↑ previous", "review_src_prev", "src", "prev"),
            ("Last source ↓ next", "review_src_next", "src", "next"),
            ("First target ↑ previous", "review_tgt_prev", "tgt", "prev"),
            ("Last target ↓ next", "review_tgt_next", "tgt", "next")], strict=True):
        col.button(label, key=key, on_click=_on_bead(project, "move_sentence", side, direction))
    c = st.columns(4)
    c[0].button("Source alone (1-0)", key="review_detach_src", on_click=_on_bead(project, "detach", "src"))
    c[1].button("Target alone (0-1)", key="review_detach_tgt", on_click=_on_bead(project, "detach", "tgt"))
    c[2].button("Re-align from here", key="review_realign",
                help="Re-run the aligner on the unconfirmed beads from this one on; confirmed beads stay as anchors.",
                on_click=state.act(lambda: _realign(project, _current()), done="Re-aligned from this bead"))


def _realign(project: Project, i: int) -> None:
    realign_from(project, i, state.encoder(project.meta("encoder") or "use"))


def _split(project: Project, i: int) -> None:
    bead = project.beads()[i]
    with st.expander("Split this bead", expanded=False):
        st.caption("Sentences before the split points stay in this bead; the rest become a new bead after it.")
        c1, c2, c3 = st.columns([2, 2, 1])
        # Keys carry the bead: the bounds differ from bead to bead, so each bead gets its own inputs.
        ks, kt = f"review_split_src_{i}_{bead.kind}", f"review_split_tgt_{i}_{bead.kind}"
        c1.number_input("Source sentences kept", 0, len(bead.src), min(1, len(bead.src)), key=ks)
        c2.number_input("Target sentences kept", 0, len(bead.tgt), min(1, len(bead.tgt)), key=kt)
        c3.button("Split (S)", key="review_split", shortcut="S", on_click=_when_shown(
            i, lambda: project.apply("split", i, int(st.session_state[ks]), int(st.session_state[kt]))))


def _cut_at(text: str, words: str) -> int:
    at = text.find(words) if words.strip() else -1
    if at <= 0:
        raise errors.words_not_in_sentence()
    return at


def _edit_text(project: Project, i: int) -> None:
    sentences = review.sentences(project.beads()[i], project.texts("src"), project.texts("tgt"))
    with st.expander("Edit or cut a sentence", expanded=False):
        labels = [f"{'Source' if side == 'src' else 'Target'} {k + 1}: {text[:60]}" for side, k, text in sentences]
        choice = st.selectbox("Sentence", range(len(sentences)), format_func=labels.__getitem__,
                              key="review_edit_choice")
        if choice is None or choice >= len(sentences):
            return
        side, k, text = sentences[choice]
        # Callbacks read the fields' state when pressed: text typed just before the click is in that same rerun.
        kt, kc = f"review_edit_text_{side}_{k}", f"review_cut_{side}_{k}"
        st.text_area("Text", value=text, key=kt)
        st.button("Save text", key="review_edit_save",
                  on_click=_when_shown(i, lambda: project.edit_text(side, k, st.session_state[kt])))
        cut = st.text_input("Cut the sentence before these words", key=kc,
                            help="The sentence becomes two sentences of this bead; split the bead next if needed.")
        if cut.strip():
            at = text.find(cut)
            st.caption(f"→ “{text[:at].strip()}” | “{text[at:].strip()}”" if at > 0 else
                       "Those words are not inside the sentence (after its start).")
        st.button("Cut sentence", key="review_cut", on_click=_when_shown(
            i, lambda: project.split_sentence(side, k, _cut_at(text, st.session_state[kc]))))


def render() -> None:
    """Draw the review page."""
    project = state.project()
    if project is None:
        st.header("Review")
        st.info(state.NO_PROJECT)
        return
    state.warn_if_stale(project, "review_reload")
    beads = project.beads()
    counts = review.summary(beads)
    c = st.columns([3, 1, 1])
    c[0].subheader(f"Review · {project.path.name}")
    c[1].button("↶ Undo (Z)", key="review_undo", shortcut="Z", disabled=not project.can_undo(),
                on_click=state.act(project.undo))
    c[2].button("↷ Redo (Y)", key="review_redo", shortcut="Y", disabled=not project.can_redo(),
                on_click=state.act(project.redo))
    st.caption(f"{counts['beads']} beads · {counts['status'].get('confirmed', 0)} confirmed · "
               f"{counts['status'].get('edited', 0)} edited · {counts['low']} doubtful (< {review.LOW}) · "
               "keys: J/K next/previous, A confirm, M merge, S split, Z undo, Y redo")
    state.show_flash()
    query = _filters()
    positions = review.select(beads, project.texts("src"), project.texts("tgt"), query)
    _table(project, positions)
    _bead_panel(project, positions)

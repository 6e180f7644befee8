"""Review page: the operation buttons (each frequent one on a key), the split panel and re-align from here."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from tm.project.actions import apply_realign, plan_realign
from tm.project.edits import Status
from tm.project.store import Project
from ui import bitext as bitext_rows
from ui import review_actions, state
from ui.views import bitext, place

PLAN = "review_realign_plan"  # a re-alignment computed and shown, waiting for Apply


def op(project: Project, name: str, **params: object) -> Callable[[], None]:
    """A button callback running operation `name` on the bead selected when the button is pressed.

    Read at press time, not bound when drawn: a bead number typed just before a click arrives in the same rerun.
    """

    def work() -> None:
        outcome = review_actions.run(project, name, place.current(), place.order(project), **params)
        place.select(outcome.bead)
        if outcome.message:
            state.flash("success", outcome.message)

    return state.act(work)


def _buttons(project: Project, row: list[tuple[str, str, str, dict]]) -> None:
    for col, (label, key, name, params) in zip(st.columns(len(row)), row, strict=True):
        col.button(label, key=key, on_click=op(project, name, **params), width="stretch",
                   type="primary" if key == "review_confirm" else "secondary")


def operations(project: Project, i: int) -> None:
    """Every bead operation as a button. The keys in their labels work anywhere on the page outside a text box: the
    bitext view takes them (one queue, each acknowledged before the next), not Streamlit's button shortcuts."""
    confirmed = project.beads()[i].status is Status.CONFIRMED
    _buttons(project, [
        ("Confirm + next (A)", "review_confirm", "confirm_next", {}),
        ("Confirm + next unconfirmed (N)", "review_confirm_next", "confirm_next_unconfirmed", {}),
        ("Next doubtful (D)", "review_next_doubtful", "next_doubtful", {}),
        ("Next unconfirmed (U)", "review_next_unconfirmed", "next_unconfirmed", {}),
        ("Merge with next (M)", "review_merge_both", "merge", {})])
    c = st.columns(5)
    c[0].button("Split… (S)", key="review_split_open", on_click=bitext.request_split, width="stretch",
                help="Opens the split preview in the view above: ↑↓ move the source cut, Shift+↑↓ the target cut, "
                     "Enter splits, Esc cancels. Nothing changes before Enter.")
    c[1].button("Unconfirm (Shift+A)", key="review_unconfirm", disabled=not confirmed,
                on_click=op(project, "unconfirm"), width="stretch")
    c[2].button("Merge source with next", key="review_merge_src", width="stretch",
                on_click=state.act(lambda: project.apply("merge_next", place.current(), "src")))
    c[3].button("Merge target with next", key="review_merge_tgt", width="stretch",
                on_click=state.act(lambda: project.apply("merge_next", place.current(), "tgt")))
    c[4].button("Re-align from here", key="review_realign", width="stretch",
                help="Shows what re-running the aligner from this bead would change; confirmed and edited beads "
                     "stay as anchors. Nothing changes until you press Apply.",
                on_click=state.act(lambda: _plan(project, place.current())))
    _buttons(project, [
        ("Source: last ↓ next (E)", "review_src_next", "push_src", {}),
        ("Source: next's first ↑ here (W)", "review_src_pull", "pull_src", {}),
        ("Target: last ↓ next (O)", "review_tgt_next", "push_tgt", {}),
        ("Target: next's first ↑ here (I)", "review_tgt_pull", "pull_tgt", {})])
    c = st.columns(4)
    for col, (label, key, fn) in zip(c, [
            ("First source ↑ previous", "review_src_prev", lambda: project.apply("move_sentence", place.current(),
                                                                                 "src", "prev")),
            ("First target ↑ previous", "review_tgt_prev", lambda: project.apply("move_sentence", place.current(),
                                                                                 "tgt", "prev")),
            ("Source alone (1-0)", "review_detach_src", lambda: project.apply("detach", place.current(), "src")),
            ("Target alone (0-1)", "review_detach_tgt", lambda: project.apply("detach", place.current(), "tgt"))],
            strict=True):
        col.button(label, key=key, on_click=state.act(fn), width="stretch")
    plan = st.session_state.get(PLAN)
    if plan is not None:
        st.info(plan.describe())
        c = st.columns(4)
        c[0].button("Apply the re-alignment", key="review_realign_apply", type="primary",
                    on_click=state.act(lambda: _apply(project), done=f"Re-aligned from bead {plan.start + 1}"))
        c[1].button("Cancel", key="review_realign_cancel", on_click=lambda: st.session_state.pop(PLAN, None))


def _plan(project: Project, i: int) -> None:
    st.session_state[PLAN] = plan_realign(project, i, state.encoder(project.meta("encoder") or "use"))


def _apply(project: Project) -> None:
    plan = st.session_state.pop(PLAN)
    apply_realign(project, plan)


def split_panel(project: Project, i: int) -> None:
    """Split points chosen with the mouse, with the two beads they would give shown before the button."""
    bead = project.beads()[i]
    src, tgt = project.texts("src"), project.texts("tgt")
    with st.expander("Split this bead", expanded=False):
        st.caption("Sentences before the split points stay in this bead; the rest become a new bead after it.")
        c1, c2, c3 = st.columns([2, 2, 1])
        a, b = bitext_rows.default_split([len(src[k]) for k in bead.src], [len(tgt[k]) for k in bead.tgt])
        # Keys carry the bead: the bounds differ from bead to bead, so each bead gets its own inputs.
        ks, kt = f"review_split_src_{i}_{bead.kind}", f"review_split_tgt_{i}_{bead.kind}"
        sa = c1.number_input("Source sentences kept", 0, len(bead.src), a, key=ks)
        ta = c2.number_input("Target sentences kept", 0, len(bead.tgt), b, key=kt)
        c3.button("Split", key="review_split", on_click=place.when_shown(
            i, lambda: project.apply("split", i, int(st.session_state[ks]), int(st.session_state[kt]))))
        st.caption(f"→ bead {i + 1}: {sa}-{ta}, new bead {i + 2}: {len(bead.src) - sa}-{len(bead.tgt) - ta}")

"""Review page: the bead table (filtered, paginated) and the edit operations on the selected bead."""

from __future__ import annotations

import hashlib
import html
from collections.abc import Callable

import streamlit as st

from align import errors
from tm.project import review
from tm.project.actions import apply_realign, plan_realign
from tm.project.edits import Status
from tm.project.store import Project
from ui import state

PAGE_SIZE = 50
BEAD = "review_bead"  # the selected bead, 1-based as shown in the table
DRAFTS = "review_drafts"  # {"side:index": (text the box started from, typed text)}: unsaved text, kept across beads
PLAN = "review_realign_plan"  # a re-alignment computed and shown, waiting for Apply


def _digest(value: object) -> str:
    return hashlib.blake2s(repr(value).encode(), digest_size=4).hexdigest()


def _html_text(text: str, direction: str, needle: str = "") -> str:
    """The exact text (escaped, never Markdown), search matches marked, in the side's writing direction."""
    body = "".join(f"<mark>{html.escape(t)}</mark>" if hit else html.escape(t)
                   for t, hit in review.match_spans(text, needle))
    align = "right" if direction == "rtl" else "left"
    return f'<div dir="{direction}" style="text-align:{align};white-space:pre-wrap">{body}</div>'


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
    if BEAD not in st.session_state:  # a reload or a page switch: the place is kept in the URL (?bead=N)
        raw = st.query_params.get("bead", "1")
        st.session_state[BEAD] = int(raw) if raw.isdigit() else 1
    st.session_state[BEAD] = min(max(1, int(st.session_state.get(BEAD, 1))), len(beads))
    c1, c2, c3 = st.columns([2, 1, 1])
    number = c1.number_input("Selected bead", 1, len(beads), key=BEAD)
    st.query_params["bead"] = str(number)
    c2.button("◀ Previous (K)", key="review_prev", shortcut="K", on_click=_step, args=(positions, -1))
    c3.button("Next (J) ▶", key="review_next", shortcut="J", on_click=_step, args=(positions, 1))
    i = int(number) - 1
    bead = beads[i]
    src_texts, tgt_texts = project.texts("src"), project.texts("tgt")
    st.markdown(f"**Bead {i + 1}** · {bead.kind} · confidence {bead.confidence:.2f} · *{bead.status.value}*")
    needle = st.session_state.get("review_search", "")
    left, right = st.columns(2)
    for col, side, ids, texts, letter in ((left, "src", bead.src, src_texts, "S"),
                                          (right, "tgt", bead.tgt, tgt_texts, "T")):
        with col:
            direction = review.direction(project.meta(f"{side}lang"))
            for n, k in enumerate(ids, 1):
                st.html(f"<b>{letter}{n}</b>" + _html_text(texts[k], direction, needle))
            if not ids:
                st.caption("(no source sentence)" if side == "src" else "(no target sentence)")
    _pending_repairs(project, i)
    _drafts_elsewhere(project, i)
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


def _jump(project: Project, doubtful: bool) -> None:
    st.session_state[BEAD] = review.next_to_review(project.beads(), _current(), doubtful=doubtful) + 1


def _confirm_next(project: Project) -> None:
    i = _current()
    if project.beads()[i].status is not Status.CONFIRMED:
        project.apply("confirm", i, True)
    st.session_state[BEAD] = review.next_to_review(project.beads(), i, doubtful=False) + 1


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
    c[0].button("Confirm + next (N)", key="review_confirm_next", shortcut="N",
                help="Confirm this bead and go to the next unconfirmed one",
                on_click=state.act(_confirm_next, project))
    c[1].button("Next doubtful (D)", key="review_next_doubtful", shortcut="D",
                on_click=_jump, args=(project, True))
    c[2].button("Next unconfirmed (U)", key="review_next_unconfirmed", shortcut="U",
                on_click=_jump, args=(project, False))
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
                help="Shows what re-running the aligner from this bead would change; confirmed and edited beads "
                     "stay as anchors. Nothing changes until you press Apply.",
                on_click=state.act(lambda: _plan(project, _current())))
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
    at = review.find_cut(text, words)
    if at <= 0:
        raise errors.words_not_in_sentence()
    return at


def _pending_repairs(project: Project, i: int) -> None:
    """The OCR repairs still awaiting a decision in this bead's sentences (decided on the OCR repairs page)."""
    rows = review.bead_repairs(project.beads()[i], project.repairs())
    if rows:
        items = " · ".join(f"{html.escape(r.before)} → <b>{html.escape(r.after)}</b> ({html.escape(r.rule)})"
                           for r in rows)
        st.html(f'<div style="font-size:0.85em">{len(rows)} pending OCR repair(s) in this bead: {items}</div>')


def _drafts() -> dict[str, tuple[str, str]]:
    return st.session_state.setdefault(DRAFTS, {})


def _keep_draft(box: str, side: str, k: int, base: str) -> None:
    """on_change of a text box: typed text differing from the sentence is a draft, kept until saved or discarded."""
    value = st.session_state.get(box, base)
    if value != base:
        _drafts()[f"{side}:{k}"] = (base, value)
    else:
        _drafts().pop(f"{side}:{k}", None)


def _save(project: Project, box: str, side: str, k: int, base: str) -> None:
    project.edit_text(side, k, st.session_state.get(box, base), base=base)
    _drafts().pop(f"{side}:{k}", None)


def _discard(box: str, side: str, k: int, base: str) -> None:
    st.session_state[box] = base
    _drafts().pop(f"{side}:{k}", None)


def _drafts_elsewhere(project: Project, i: int) -> None:
    """A warning naming the beads that hold unsaved text, with a way back to the first one."""
    drafts = _drafts()
    if not drafts:
        return
    held = {(side, int(k)) for side, k in (key.split(":") for key in drafts)}
    where = [(n, side) for n, b in enumerate(project.beads()) for side in ("src", "tgt")
             if n != i and any((side, k) in held for k in b.side(side))]
    if where:
        names = ", ".join(f"bead {n + 1} ({'source' if side == 'src' else 'target'})" for n, side in where)
        st.warning(f"{errors.unsaved_text(names)}")
        st.button(f"Back to bead {where[0][0] + 1}", key="review_draft_back",
                  on_click=lambda: st.session_state.__setitem__(BEAD, where[0][0] + 1))


def _edit_text(project: Project, i: int) -> None:
    bead = project.beads()[i]
    sentences = review.sentences(bead, project.texts("src"), project.texts("tgt"))
    drafts = _drafts()
    pending = [n for n, (side, k, _) in enumerate(sentences) if f"{side}:{k}" in drafts]
    with st.expander("Edit or cut a sentence", expanded=bool(pending)):
        labels = [f"{'Source' if side == 'src' else 'Target'} {k + 1}: {text[:60]}" for side, k, text in sentences]
        # Keyed by the bead's sentences: a choice made in another bead must not pick a sentence here.
        choice = st.selectbox("Sentence", range(len(sentences)), format_func=labels.__getitem__,
                              index=pending[0] if pending else 0,
                              key=f"review_edit_choice_{_digest((bead.src, bead.tgt))}")
        if choice is None or choice >= len(sentences):
            return
        side, k, text = sentences[choice]
        # Keyed by the sentence's text as well: after a cut or a repair the box starts from the new text.
        box, kc = f"review_edit_text_{side}_{k}_{_digest(text)}", f"review_cut_{side}_{k}_{_digest(text)}"
        draft = drafts.get(f"{side}:{k}")
        if box not in st.session_state:
            st.session_state[box] = draft[1] if draft and draft[0] == text else text
        if draft and draft[0] != text:
            st.warning("The sentence changed since you typed in it; your unsaved text is shown below the box.")
            st.code(draft[1], language=None, wrap_lines=True)
        st.text_area("Text", key=box, on_change=_keep_draft, args=(box, side, k, text))
        c = st.columns(4)
        c[0].button("Save text", key="review_edit_save",
                    on_click=_when_shown(i, lambda: _save(project, box, side, k, text)))
        c[1].button("Discard changes", key="review_edit_discard", disabled=draft is None,
                    on_click=_discard, args=(box, side, k, text))
        cut = st.text_input("Cut the sentence before these words", key=kc,
                            help="The sentence becomes two sentences of this bead; split the bead next if needed.")
        if cut.strip():
            at = review.find_cut(text, cut)
            st.caption(f"→ “{text[:at].strip()}” | “{text[at:].strip()}”" if at > 0 else
                       "Those words are not inside the sentence (after its start).")
        st.button("Cut sentence", key="review_cut", on_click=_when_shown(
            i, lambda: project.split_sentence(side, k, _cut_at(text, st.session_state[kc]))))


def _undo_redo(project: Project, undo: bool) -> None:
    """Undo or redo, saying what: the entry is read first, as the message must name what is about to change."""
    entry = project.next_undo() if undo else project.next_redo()
    if entry is not None and (project.undo() if undo else project.redo()):
        state.flash("success", f"{'Undone' if undo else 'Redone'}: {review.describe(entry)}")


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
    undo, redo = project.next_undo(), project.next_redo()
    c[1].button("↶ Undo (Z)", key="review_undo", shortcut="Z", disabled=undo is None,
                help=f"Undo the {review.describe(undo)}" if undo else None,
                on_click=state.act(_undo_redo, project, True))
    c[2].button("↷ Redo (Y)", key="review_redo", shortcut="Y", disabled=redo is None,
                help=f"Redo the {review.describe(redo)}" if redo else None,
                on_click=state.act(_undo_redo, project, False))
    st.caption(f"{counts['beads']} beads · {counts['status'].get('confirmed', 0)} confirmed · "
               f"{counts['status'].get('edited', 0)} edited · {counts['low']} doubtful (< {review.LOW}) · "
               "keys: J/K next/previous, A confirm, N confirm + next, D next doubtful, U next unconfirmed, M merge, "
               "S split, Z undo, Y redo")
    state.show_flash()
    query = _filters()
    positions = review.select(beads, project.texts("src"), project.texts("tgt"), query)
    # The selected bead first, so its full text is in view without scrolling; the table of beads below it.
    _bead_panel(project, positions)
    _table(project, positions)

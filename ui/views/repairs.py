"""OCR repairs page: the changes made to the French text on loading (the changed word marked in its sentence), each to
accept or reject (or all of one rule)."""

from __future__ import annotations

import html

import streamlit as st

from tm.project.schema import repair_span
from tm.project.store import REPAIR_STATUSES, Project, RepairRow
from ui import state

PAGE_SIZE = 40


def context(row: RepairRow, text: str, width: int = 35) -> str:
    """The words around the repair in the segment's current text."""
    return " ".join(text[max(0, row.at - width):row.at + len(row.after) + width].split())


def table_rows(project: Project, rows: list[RepairRow]) -> list[dict[str, object]]:
    """One row per repair: where, what, by which rule, decided how."""
    texts = {side: project.texts(side) for side in ("src", "tgt")}
    return [{"id": r.id, "segment": r.index + 1, "before": r.before, "after": r.after, "rule": r.rule,
             "status": r.status, "context": context(r, texts[r.side][r.index])} for r in rows]


def marked(text: str, span: tuple[int, int] | None, width: int = 40) -> str:
    """HTML of the words around a repair in the segment's text, exactly as stored (escaped), the token marked."""
    if span is None:  # a text edit took the token away: the sentence as it reads now, nothing to mark
        return f"<span>{html.escape(text[:2 * width])}{'…' if len(text) > 2 * width else ''}</span>"
    a, b = span
    lo, hi = max(0, a - width), min(len(text), b + width)
    return (("…" if lo else "") + html.escape(text[lo:a]) + f'<mark class="repair">{html.escape(text[a:b])}</mark>'
            + html.escape(text[b:hi]) + ("…" if hi < len(text) else ""))


def _row(project: Project, r: RepairRow, text: str, same: list[RepairRow]) -> None:
    c = st.columns([1, 6, 2, 1, 1], vertical_alignment="center")
    c[0].caption(f"S{r.index + 1}")
    # Plain HTML, escaped: Markdown would read an OCR'd "--" or "_" as typography or emphasis.
    c[1].html(f'<div class="repair-row"><del>{html.escape(r.before)}</del> → <b>{html.escape(r.after)}</b> · '
              f"<code>{html.escape(r.rule)}</code> · <i>{r.status}</i><br>"
              f'<small style="white-space:pre-wrap">{marked(text, repair_span(text, r, same))}</small></div>')
    c[3].button("Accept", key=f"repairs_accept_{r.id}", disabled=r.status == "accepted",
                on_click=state.act(project.decide_repairs, [r.id], "accepted"))
    c[4].button("Reject", key=f"repairs_reject_{r.id}", disabled=r.status == "rejected",
                on_click=state.act(project.decide_repairs, [r.id], "rejected"))


def _by_rule(project: Project, rows: list[RepairRow]) -> None:
    rules = sorted({r.rule for r in rows})
    st.subheader("By rule")
    for rule in rules:
        ids = [r.id for r in rows if r.rule == rule]
        pending = sum(1 for r in rows if r.rule == rule and r.status == "pending")
        c = st.columns([4, 1, 1], vertical_alignment="center")
        c[0].markdown(f"`{rule}` · {len(ids)} repair{'' if len(ids) == 1 else 's'}, {pending} pending")
        c[1].button("Accept all", key=f"repairs_accept_rule_{rule}",
                    on_click=state.act(project.decide_repairs, ids, "accepted", done=f"Accepted every {rule} repair"))
        c[2].button("Reject all", key=f"repairs_reject_rule_{rule}",
                    on_click=state.act(project.decide_repairs, ids, "rejected", done=f"Rejected every {rule} repair"))


def render() -> None:
    """Draw the OCR repairs page."""
    st.header("OCR repairs")
    project = state.require_project()
    if project is None:
        return
    state.warn_if_stale(project, "repairs_reload")
    rows = project.repairs()
    c = st.columns([4, 1, 1])
    c[1].button("↶ Undo", key="repairs_undo", disabled=not project.can_undo(), on_click=state.act(project.undo))
    c[2].button("↷ Redo", key="repairs_redo", disabled=not project.can_redo(), on_click=state.act(project.redo))
    state.show_flash()
    if not rows:
        c[0].caption("No OCR repairs were made when this project's documents were loaded.")
        return
    counts = {s: sum(1 for r in rows if r.status == s) for s in REPAIR_STATUSES}
    c[0].caption(f"{len(rows)} suggestions · " + " · ".join(f"{n} {s}" for s, n in counts.items()) +
                 " · a repair is in the text until it is rejected; rejecting puts the original token back")
    _by_rule(project, rows)
    st.subheader("Each repair")
    f1, f2, f3 = st.columns([2, 2, 1])
    rule = f1.selectbox("Rule", ["all", *sorted({r.rule for r in rows})], key="repairs_rule")
    status = f2.selectbox("Status", ["all", *REPAIR_STATUSES], key="repairs_status")
    shown = [r for r in rows if rule in ("all", r.rule) and status in ("all", r.status)]
    pages = max(1, -(-len(shown) // PAGE_SIZE))
    st.session_state["repairs_page"] = min(max(1, int(st.session_state.get("repairs_page", 1))), pages)
    page = int(f3.number_input(f"Page (of {pages})", 1, pages, key="repairs_page"))
    window = shown[(page - 1) * PAGE_SIZE:page * PAGE_SIZE]
    st.dataframe(table_rows(project, window), key="repairs_table", hide_index=True, width="stretch")
    texts = {side: project.texts(side) for side in ("src", "tgt")}
    segments: dict[tuple[str, int], list[RepairRow]] = {}
    for r in rows:
        segments.setdefault((r.side, r.index), []).append(r)
    for r in window:
        _row(project, r, texts[r.side][r.index], segments[(r.side, r.index)])

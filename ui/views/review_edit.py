"""Review page: editing and cutting a sentence of the selected bead, unsaved text kept as drafts, pending repairs."""

from __future__ import annotations

import hashlib
import html

import streamlit as st

from align import errors
from tm.project import review
from tm.project.store import Project
from ui.views import place

DRAFTS = "review_drafts"  # {"side:index": (text the box started from, typed text)}: unsaved text, kept across beads


def _digest(value: object) -> str:
    return hashlib.blake2s(repr(value).encode(), digest_size=4).hexdigest()


def _cut_at(text: str, words: str) -> int:
    at = review.find_cut(text, words)
    if at <= 0:
        raise errors.words_not_in_sentence()
    return at


def pending_repairs(project: Project, i: int) -> None:
    """The OCR repairs still awaiting a decision in this bead's sentences (decided on the OCR repairs page)."""
    rows = review.bead_repairs(project.beads()[i], project.repairs())
    if rows:
        items = " · ".join(f"{html.escape(r.before)} → <b>{html.escape(r.after)}</b> ({html.escape(r.rule)})"
                           for r in rows)
        st.html(f'<div style="font-size:0.85em">{len(rows)} pending OCR repair(s) in this bead: {items}</div>')


def _drafts() -> dict[str, tuple[str, str]]:
    return st.session_state.setdefault(DRAFTS, {})


def unsaved() -> int:
    """How many sentences hold typed text that is not saved."""
    return len(st.session_state.get(DRAFTS, {}))


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


def drafts_elsewhere(project: Project, i: int) -> None:
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
                  on_click=place.select, args=(where[0][0],))


def edit_text(project: Project, i: int) -> None:
    """The sentence picker, its text box (Save / Discard) and the cut-before-these-words box."""
    bead = project.beads()[i]
    sentences = review.sentences(bead, project.texts("src"), project.texts("tgt"))
    drafts = _drafts()
    pending = [n for n, (side, k, _) in enumerate(sentences) if f"{side}:{k}" in drafts]
    with st.expander("Edit or cut a sentence", expanded=bool(pending)):
        # Named as the view numbers them (S1, T2: place in the bead), with the sentence's number in its document.
        place_in_bead = {side: [k for s, k, _ in sentences if s == side] for side in ("src", "tgt")}
        labels = [f"{'S' if side == 'src' else 'T'}{place_in_bead[side].index(k) + 1} "
                  f"({'source' if side == 'src' else 'target'} sentence {k + 1}): {text[:60]}"
                  for side, k, text in sentences]
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
                    on_click=place.when_shown(i, lambda: _save(project, box, side, k, text)))
        c[1].button("Discard changes", key="review_edit_discard", disabled=draft is None,
                    on_click=_discard, args=(box, side, k, text))
        cut = st.text_input("Cut the sentence before these words", key=kc,
                            help="The sentence becomes two sentences of this bead; split the bead next if needed.")
        if cut.strip():
            at = review.find_cut(text, cut)
            st.caption(f"→ “{text[:at].strip()}” | “{text[at:].strip()}”" if at > 0 else
                       "Those words are not inside the sentence (after its start).")
        st.button("Cut sentence", key="review_cut", on_click=place.when_shown(
            i, lambda: project.split_sentence(side, k, _cut_at(text, st.session_state[kc]))))

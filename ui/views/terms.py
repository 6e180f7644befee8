"""Terms page: mine term pairs of the open project; one list with inline decisions (kept in the project); export."""

from __future__ import annotations

import html
from pathlib import Path

import streamlit as st

from align.errors import TmbuildError
from tm.project.review import match_spans
from tm.project.store import Project
from tm.terms import decisions as terms
from tm.terms.export import render_terms
from tm.terms.pairs import encoder_similarity
from tm.terms.sources import segments_from_alignment
from ui import state

ROW = "terms_row_"  # prefix of the per-row widget keys (cleared when the rows change)
EXPORTS = [("TBX v2", "tbx2", "tbx", "application/x-tbx+xml"), ("TBX v3", "tbx", "tbx", "application/x-tbx+xml"),
           ("CSV", "csv", "csv", "text/csv"), ("OmegaT glossary", "omegat", "txt", "text/plain")]


def _clear_rows() -> None:
    for key in [k for k in st.session_state if str(k).startswith(ROW)]:
        del st.session_state[key]


def _mine(project: Project, encoder: str, min_freq: int, top: int) -> None:
    similarity = None if encoder == "none" else encoder_similarity(state.encoder(encoder))
    candidates = terms.mine_candidates(segments_from_alignment(project.alignment()),
                                       src=project.meta("srclang") or "fr", tgt=project.meta("tgtlang") or "en",
                                       similarity=similarity, min_freq=min_freq, top=top)
    project.save_term_candidates(candidates)
    _clear_rows()


def _mine_form(project: Project) -> None:
    c1, c2, c3, c4 = st.columns([1, 1, 1, 1], vertical_alignment="bottom")
    min_freq = c1.number_input("Min frequency", 1, 100, 2, key="terms_min_freq")
    top = c2.number_input("Top N (0 = all)", 0, 5000, 50, key="terms_top")
    encoder = c3.selectbox("Encoder", [project.meta("encoder") or "use", "none"], key="terms_encoder",
                           help="'none' pairs by co-occurrence and spelling only: faster, a little less precise")
    if c4.button("Mine terms", key="terms_mine", type="primary"):
        try:
            with st.spinner("Mining terms…"):
                _mine(project, encoder, int(min_freq), int(top))
        except TmbuildError as e:
            state.show_error(e)


def _decide(project: Project, c: terms.Candidate, n: int, status: str | None = None) -> None:
    """Journal the row's decision: a new status, or the texts typed in its boxes."""
    current = terms.decision_of(c, project.term_decisions())
    source = st.session_state.get(f"{ROW}source_{n}", current.source)
    target = st.session_state.get(f"{ROW}target_{n}", current.target)
    project.decide_terms({c.key: terms.Decision(status or current.status, source, target)})


def _marked(text: str, term: str) -> str:
    return "".join(f"<b>{html.escape(t)}</b>" if hit else html.escape(t) for t, hit in match_spans(text, term))


def _row(project: Project, n: int, c: terms.Candidate, d: terms.Decision) -> None:
    ks, kt = f"{ROW}source_{n}", f"{ROW}target_{n}"
    st.session_state[ks], st.session_state[kt] = d.source, d.target  # the project's decision is the truth
    cols = st.columns([4, 4, 2, 1, 1], vertical_alignment="center")
    cols[0].text_input(f"Source {n + 1}", key=ks, label_visibility="collapsed",
                       on_change=state.act(_decide, project, c, n))
    cols[1].text_input(f"Target {n + 1}", key=kt, label_visibility="collapsed",
                       on_change=state.act(_decide, project, c, n))
    cols[2].caption(f"{d.status} · score {c.pair.score:.2f} · freq {c.pair.frequency}")
    cols[3].button("Accept", key=f"{ROW}accept_{n}", type="primary" if d.status == "accepted" else "secondary",
                   on_click=state.act(_decide, project, c, n, "accepted"))
    cols[4].button("Reject", key=f"{ROW}reject_{n}", on_click=state.act(_decide, project, c, n, "rejected"))
    if c.pair.examples:
        first = c.pair.examples[0]
        s, t = c.examples.get(first, ("", ""))
        st.html(f'<div style="font-size:0.85em;color:#555;margin:-0.6em 0 0.4em 0">bead {html.escape(first)} · '
                f"{_marked(s, c.pair.source)}<br>{_marked(t, c.pair.target)}</div>")


def _downloads(project: Project, candidates: list[terms.Candidate], decided: dict[terms.Key, terms.Decision]) -> None:
    pairs = terms.accepted(candidates, decided)
    n = terms.counts(candidates, decided)
    st.caption(f"{len(candidates)} candidate pairs · {n['accepted']} accepted · {n['rejected']} rejected · "
               f"{n['pending']} pending · decisions are kept in the project (undo/redo on the Review page)")
    src, tgt, stem = project.meta("srclang") or "fr", project.meta("tgtlang") or "en", Path(project.path).stem
    for col, (label, fmt, ext, mime) in zip(st.columns(len(EXPORTS)), EXPORTS, strict=True):
        col.download_button(f"Download {label}", render_terms(pairs, fmt, src=src, tgt=tgt), disabled=not pairs,
                            file_name=f"{stem}-terms{'-v2' if fmt == 'tbx2' else ''}.{ext}", mime=mime,
                            key=f"terms_dl_{fmt}")


def render() -> None:
    """Draw the terms page."""
    st.header("Terms")
    project = state.require_project()
    if project is None:
        return
    if not any(b.src and b.tgt for b in project.beads()):
        st.info("This project has no alignment to mine terms from: align two documents on the Start page.")
        return
    state.warn_if_stale(project, "terms_reload")  # decisions are edits: another session's come first
    state.show_flash()
    _mine_form(project)
    candidates = project.term_candidates()
    if not candidates:
        st.caption("Press *Mine terms* to list candidate term pairs of the aligned segments.")
        return
    decided = project.term_decisions()
    _downloads(project, candidates, decided)
    for n, c in enumerate(candidates):
        _row(project, n, c, terms.decision_of(c, decided))

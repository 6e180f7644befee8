"""Terms page: mine bilingual term pairs from the open project, accept / reject / edit them, export the accepted."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path
from typing import Any

import streamlit as st

from align.errors import TmbuildError
from tm.project.store import Project
from tm.terms.export import render_terms
from tm.terms.pairs import PairingParams, TermPair, encoder_similarity, pair_terms
from tm.terms.sources import segments_from_alignment
from ui import state
from ui.markdown import escape_markdown

STORE = "terms_store"  # {project path: {"pairs", "examples", "decisions"}}; kept across page switches
ROW = "terms_row_"  # prefix of the per-row widget keys (cleared when the rows change)
EXPORTS = [("TBX v2", "tbx2", "tbx", "application/x-tbx+xml"), ("TBX v3", "tbx", "tbx", "application/x-tbx+xml"),
           ("CSV", "csv", "csv", "text/csv"), ("OmegaT glossary", "omegat", "txt", "text/plain")]


def _store(project: Project) -> dict[str, Any] | None:
    return st.session_state.setdefault(STORE, {}).get(str(project.path))


def _clear_rows() -> None:
    for key in [k for k in st.session_state if str(k).startswith(ROW)]:
        del st.session_state[key]


def mine(project: Project, encoder: str, min_freq: int, top: int) -> dict[str, Any]:
    """Term pairs of the project's aligned segments, with the example segments' texts and undecided rows."""
    segments = segments_from_alignment(project.alignment())
    similarity = None if encoder == "none" else encoder_similarity(state.encoder(encoder))
    src, tgt = project.meta("srclang") or "fr", project.meta("tgtlang") or "en"
    pairs = pair_terms(segments, src=src, tgt=tgt, similarity=similarity, params=PairingParams(min_freq=min_freq))
    pairs = pairs[:top] if top > 0 else pairs
    wanted = {i for p in pairs for i in p.examples}
    examples = {s.id: (s.source, s.target) for s in segments if s.id in wanted}
    decisions = [{"status": "pending", "source": p.source, "target": p.target} for p in pairs]
    return {"pairs": pairs, "examples": examples, "decisions": decisions}


def accepted(store: dict[str, Any]) -> list[TermPair]:
    """The accepted pairs, with their edited source and target."""
    return [replace(p, source=d["source"].strip(), target=d["target"].strip())
            for p, d in zip(store["pairs"], store["decisions"], strict=True)
            if d["status"] == "accepted" and d["source"].strip() and d["target"].strip()]


def _sync(store: dict[str, Any]) -> None:
    """Copy the edit boxes' texts into the decisions (before the table is drawn, so it shows them)."""
    for i, d in enumerate(store["decisions"]):
        for side in ("source", "target"):
            d[side] = st.session_state.get(f"{ROW}{side}_{i}", d[side])


def _decide(store: dict[str, Any], i: int, status: str) -> None:
    store["decisions"][i]["status"] = status


def _highlight(text: str, term: str) -> str:
    """Markdown of `text` with its special characters escaped and the first occurrence of `term` in bold."""
    esc, term_esc = escape_markdown(text), escape_markdown(term)
    return re.sub(re.escape(term_esc), lambda m: f"**{m.group(0)}**", esc, count=1, flags=re.IGNORECASE)


def table_rows(store: dict[str, Any]) -> list[dict[str, Any]]:
    """One row per candidate pair: its decision, texts, evidence and first example segment."""
    rows = []
    for p, d in zip(store["pairs"], store["decisions"], strict=True):
        ex = store["examples"].get(p.examples[0], ("", "")) if p.examples else ("", "")
        rows.append({"status": d["status"], "source": d["source"], "target": d["target"], "score": p.score,
                     "frequency": p.frequency, "segment": p.examples[0] if p.examples else "",
                     "example source": ex[0], "example target": ex[1]})
    return rows


def _mine_form(project: Project) -> None:
    c1, c2, c3, c4 = st.columns([1, 1, 1, 1], vertical_alignment="bottom")
    min_freq = c1.number_input("Min frequency", 1, 100, 2, key="terms_min_freq")
    top = c2.number_input("Top N (0 = all)", 0, 5000, 50, key="terms_top")
    encoder = c3.selectbox("Encoder", [project.meta("encoder") or "use", "none"], key="terms_encoder",
                           help="'none' pairs by co-occurrence and spelling only: faster, a little less precise")
    if c4.button("Mine terms", key="terms_mine", type="primary"):
        try:
            with st.spinner("Mining terms…"):
                result = mine(project, encoder, int(min_freq), int(top))
        except TmbuildError as e:
            state.show_error(e)
            return
        st.session_state[STORE][str(project.path)] = result
        _clear_rows()


def _row(store: dict[str, Any], i: int) -> None:
    p, d = store["pairs"][i], store["decisions"][i]
    for side in ("source", "target"):
        st.session_state.setdefault(f"{ROW}{side}_{i}", d[side])
    c = st.columns([4, 4, 2, 1, 1], vertical_alignment="center")
    c[0].text_input(f"Source {i + 1}", key=f"{ROW}source_{i}", label_visibility="collapsed")
    c[1].text_input(f"Target {i + 1}", key=f"{ROW}target_{i}", label_visibility="collapsed")
    c[2].caption(f"{d['status']} · score {p.score:.2f} · freq {p.frequency}")
    c[3].button("Accept", key=f"{ROW}accept_{i}", on_click=_decide, args=(store, i, "accepted"),
                type="primary" if d["status"] == "accepted" else "secondary")
    c[4].button("Reject", key=f"{ROW}reject_{i}", on_click=_decide, args=(store, i, "rejected"))
    with st.expander(f"Example segments of {p.source}"):
        for sid in p.examples:
            s, t = store["examples"].get(sid, ("", ""))
            st.markdown(f"**{sid}** · {_highlight(s, p.source)}  \n{_highlight(t, p.target)}")


def _downloads(project: Project, store: dict[str, Any]) -> None:
    pairs = accepted(store)
    st.subheader("Export")
    st.caption(f"{len(pairs)} accepted pair(s)." + ("" if pairs else " Accept pairs to export them."))
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
    if st.session_state.get("terms_for") != str(project.path):
        _clear_rows()  # the row widgets of another project's candidates
        st.session_state["terms_for"] = str(project.path)
    _mine_form(project)
    store = _store(project)
    if store is None:
        st.caption("Press *Mine terms* to list candidate term pairs of the aligned segments.")
        return
    if not store["pairs"]:
        st.warning("No term pairs found: lower the minimum frequency.")
        return
    _sync(store)
    st.dataframe(table_rows(store), key="terms_table", hide_index=True, width="stretch")
    st.subheader("Decide")
    for i in range(len(store["pairs"])):
        _row(store, i)
    _downloads(project, store)

"""Start page: two documents (uploaded or from corpora/), languages, encoder, Align into a new project."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import streamlit as st

from align import errors
from align.api import AlignOptions
from align.errors import TmbuildError
from tm.project.actions import create_project
from tm.project.store import Project
from ui import state

UPLOAD, CORPUS = "Upload two files", "A pair from corpora/"


def corpora_dir() -> Path:
    return Path(os.environ.get("TMBUILD_CORPORA", Path(__file__).resolve().parents[2] / "corpora"))


def corpus_pairs() -> dict[str, list[Path]]:
    """Folders of corpora/ holding at least two text files."""
    root = corpora_dir()
    if not root.is_dir():
        return {}
    pairs = {d.name: sorted(d.glob("*.txt")) for d in sorted(root.iterdir()) if d.is_dir()}
    return {k: v for k, v in pairs.items() if len(v) >= 2}


def _default_project(name: str) -> str:
    """The path given to `tmbuild ui` while it is still free, else NAME.tmproj in the working directory."""
    given = st.session_state.get(state.PROJECT_PATH)
    if given and not Path(given).exists():
        return given
    return str(Path.cwd() / f"{name}.tmproj")


def _pick_corpus() -> tuple[Path | None, Path | None, str]:
    pairs = corpus_pairs()
    if not pairs:
        st.info(f"No document pairs in {corpora_dir()}.")
        return None, None, "project"
    name = st.selectbox("Pair", list(pairs), key="start_pair")
    files = pairs[name]
    names = [f.name for f in files]
    src_i = names.index("fr.txt") if "fr.txt" in names else 0
    tgt_i = names.index("en.txt") if "en.txt" in names else 1
    c1, c2 = st.columns(2)
    src = c1.selectbox("Source file", names, index=src_i, key="start_pair_src")
    tgt = c2.selectbox("Target file", names, index=tgt_i, key="start_pair_tgt")
    return files[names.index(src)], files[names.index(tgt)], name


def _upload(tmp: Path) -> tuple[Path | None, Path | None, str]:
    c1, c2 = st.columns(2)
    # No type= filter: a wrong file gets our clear message instead of a silent refusal by the browser.
    up_src = c1.file_uploader("Source document", key="start_src_file")
    up_tgt = c2.file_uploader("Target document", key="start_tgt_file")
    if up_src is None or up_tgt is None:
        return None, None, "project"
    paths = []
    for sub, up in (("src", up_src), ("tgt", up_tgt)):
        (tmp / sub).mkdir(exist_ok=True)
        path = tmp / sub / Path(up.name).name  # the original name goes into the project and the TMX
        path.write_bytes(up.getvalue())
        paths.append(path)
    return paths[0], paths[1], Path(up_src.name).stem or "project"


def _open_existing() -> None:
    with st.expander("Open an existing project"):
        path = st.text_input("Project file", key="start_open_path")
        if st.button("Open", key="start_open") and path:
            try:
                state.set_project(Project.open(path))
            except TmbuildError as e:
                state.show_error(e)
                return
            state.goto("Review")


def render() -> None:
    """Draw the start page."""
    st.header("New alignment project")
    state.show_flash()
    source = st.radio("Documents", [UPLOAD, CORPUS], key="start_source", horizontal=True)
    tmp = Path(tempfile.mkdtemp(prefix="tmbuild-upload-"))
    try:
        src_file, tgt_file, name = _upload(tmp) if source == UPLOAD else _pick_corpus()
        c1, c2, c3 = st.columns(3)
        src_lang = c1.text_input("Source language", value="fr", key="start_src_lang")
        tgt_lang = c2.text_input("Target language", value="en", key="start_tgt_lang")
        enc = c3.selectbox("Encoder", ["use", "e5"], key="start_encoder",
                           help="use: fast multilingual USE (default); e5: multilingual-e5-small, slower")
        # The suggested name follows the chosen documents until the user types a path of their own.
        default, previous = _default_project(name), st.session_state.get("_start_default")
        if default != previous and st.session_state.get("start_project") in (None, previous):
            st.session_state["start_project"] = default
        st.session_state["_start_default"] = default
        project_path = st.text_input("Project file", key="start_project")
        overwrite = st.checkbox("Replace an existing project file", key="start_overwrite")
        if st.button("Align", key="start_align", type="primary", disabled=src_file is None):
            _align(src_file, tgt_file, project_path, src_lang, tgt_lang, enc, overwrite)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    _open_existing()


def _upload_dirs(src_file: Path, tgt_file: Path) -> tuple[str, str]:
    """The temporary upload folders, kept out of messages: the user knows a file by its own name only."""
    return f"{src_file.parent}/", f"{tgt_file.parent}/"


def _align(src_file: Path, tgt_file: Path, project_path: str, src_lang: str, tgt_lang: str, enc: str,
           overwrite: bool) -> None:
    bar = st.progress(0.0, text="starting")
    try:
        project, warnings = create_project(project_path, src_file, tgt_file, src=src_lang, tgt=tgt_lang,
                                           options=AlignOptions(encoder=enc), encoder=state.encoder(enc),
                                           overwrite=overwrite,
                                           progress=lambda f, step: bar.progress(min(1.0, f), text=step))
    except TmbuildError as e:
        bar.empty()
        state.show_error(e, hide=_upload_dirs(src_file, tgt_file))
        return
    except OSError as e:  # e.g. an unwritable project folder: a message naming it, not a traceback
        bar.empty()
        state.show_error(errors.os_problem(e), hide=_upload_dirs(src_file, tgt_file))
        return
    state.set_project(project)
    state.flash("success", f"Aligned {len(project.beads())} beads into {project.path}")
    for warning in warnings:  # the same doubts the CLI prints (e.g. a side that may be in another language)
        state.flash("warning", state.shown(warning, hide=_upload_dirs(src_file, tgt_file)))
    state.goto("Review")

"""Session state of the review UI, guarded: the open project, navigation, messages, actions that may fail."""

from __future__ import annotations

import argparse
import os
import sqlite3
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import streamlit as st

from align import errors
from align.errors import ConflictError, TmbuildError
from tm.project.confidence import Rescorer
from tm.project.store import Project
from ui.markdown import escape_markdown

PROJECT = "project"  # the open Project (one SQLite connection per browser session)
PROJECT_PATH = "project_path"
FLASH = "flash"  # messages from the last action, shown once at the top of the page
CONFLICT = "conflict"
NO_PROJECT = "No project is open: create or open one on the Start page."


def argv_project(argv: list[str]) -> str | None:
    """The project named by `--project` (what `tmbuild ui` passes) or $TMBUILD_PROJECT, if any."""
    parser = argparse.ArgumentParser(add_help=False)
    parser.add_argument("--project")
    # parse_known_args: under AppTest or pytest, argv holds the test runner's own arguments.
    known, _ = parser.parse_known_args(argv)
    return known.project or os.environ.get("TMBUILD_PROJECT") or None


def init(argv: list[str]) -> None:
    """Once per browser session: open the project named on the command line, if it exists."""
    if st.session_state.get("_initialised"):
        return
    st.session_state["_initialised"] = True
    st.session_state.setdefault(FLASH, [])
    path = argv_project(argv)
    st.session_state[PROJECT_PATH] = path or ""
    if path and Path(path).is_file():
        try:
            st.session_state[PROJECT] = Project.open(path)
        except TmbuildError as e:
            flash("error", error_text(e))
        else:
            warm(st.session_state[PROJECT])

    st.session_state.setdefault("nav", "Review" if project() else "Start")


# Seconds after a project opens. Bead edits need no whole embedding when the aligner kept the streams' means (they
# score a window), so the warm-up, which holds the interpreter for seconds on a long project, waits until the first
# reading and keys are over; it serves text edits (spliced into the whole embedding, not embedded whole).
WARM_DELAY = 10.0


@st.cache_resource(show_spinner=False)
def _shared_scorer(path: str, name: str) -> Rescorer:
    """One rescorer per project file and encoder for the whole server: a reload or a second tab reuses its
    embeddings (it checks them against each session's texts, and re-embeds only what differs). Its encoder is
    the server's own (encoder()): the one the Start page just aligned with is not loaded a second time."""
    return Rescorer(lambda: encoder(name))


def warm(p: Project, delay: float = WARM_DELAY) -> None:
    """Embed the project for the edits' confidence in the background, so the first edit does not wait for it
    (ui.serve calls this before the server starts; each session again, which costs nothing once done)."""
    # The pages' own heavy imports first: the warm-up thread importing the same modules at the same moment
    # gave the Overview page a half-initialised pandas.
    import altair  # noqa: F401
    import pandas  # noqa: F401

    shared = _shared_scorer(str(p.path.resolve()), p.meta("encoder") or "use")
    if p.scorer.loaded is not None and shared.loaded is None:  # the encoder the Start page just aligned with
        shared.use_encoder(p.scorer.loaded)
    p.scorer = shared
    # Started a moment later: a thread embedding thousands of sentences holds the GIL much of the time, and
    # slowed the page's first draw (reload 2.6 s against 1.8 s on 5,260 beads when each session embedded anew).
    p.prepare_scoring(delay=delay)


def project() -> Project | None:
    p = st.session_state.get(PROJECT)
    return p if isinstance(p, Project) else None


def require_project() -> Project | None:
    """The open project, or None after telling the user to open one first."""
    p = project()
    if p is None:
        st.info(NO_PROJECT)
    return p


def warn_if_stale(p: Project, key: str) -> None:
    """A warning and a reload button when another session changed the project."""
    if st.session_state.get(CONFLICT) or p.stale():
        st.warning("This project was changed in another session.")
        st.button("Reload the project", key=key, on_click=reload_project)


def set_project(p: Project) -> None:
    old = project()
    if old is not None and old is not p:
        old.close()
    st.session_state[PROJECT] = p
    warm(p)
    st.session_state[PROJECT_PATH] = str(p.path)
    st.session_state[CONFLICT] = False
    for key in [k for k in st.session_state if str(k).startswith("review_")]:
        del st.session_state[key]  # bead numbers and filters of another project mean nothing here


def goto(page: str) -> None:
    """Switch page on the next run (the nav radio may not be changed after it is drawn)."""
    st.session_state["_pending_nav"] = page
    st.rerun()


def take_pending_nav() -> None:
    page = st.session_state.pop("_pending_nav", None)
    if page:
        st.session_state["nav"] = page


def shown(text: str, *, hide: Iterable[str] = ()) -> str:
    """`text` as a message shows it (Streamlit renders Markdown): characters as typed, the parts in `hide` cut."""
    for part in hide:
        text = text.replace(part, "")
    return escape_markdown(text)


def error_text(e: TmbuildError, *, hide: Iterable[str] = ()) -> str:
    """The error as the UI shows it, its code first."""
    return f"{e.code}: {shown(str(e), hide=hide)}"


def show_error(e: TmbuildError, *, hide: Iterable[str] = ()) -> None:
    st.error(error_text(e, hide=hide))


def flash(kind: str, message: str) -> None:
    st.session_state.setdefault(FLASH, []).append((kind, message))


def show_flash() -> None:
    for kind, message in st.session_state.get(FLASH, []):
        {"error": st.error, "warning": st.warning, "success": st.success}.get(kind, st.info)(message)
    st.session_state[FLASH] = []


def act(fn: Callable[..., Any], *args: Any, done: str = "") -> Callable[[], None]:
    """A button callback running `fn(*args)` that turns a refused edit or a conflict into a message."""

    def callback() -> None:
        try:
            fn(*args)
        except ConflictError as e:
            st.session_state[CONFLICT] = True
            flash("error", error_text(e))
        except TmbuildError as e:
            flash("error", error_text(e))
        except sqlite3.OperationalError as e:  # e.g. another session held the write lock past the 10 s timeout
            flash("error", error_text(errors.project_busy(str(e))))
        else:
            if done:
                flash("success", done)

    return callback


def reload_project() -> None:
    p = project()
    if p is not None:
        p.refresh()
    st.session_state[CONFLICT] = False


@st.cache_resource(show_spinner="Loading the encoder…")
def encoder(name: str) -> Any:
    """The sentence encoder, loaded once per server process."""
    from align.embed.encoders import load_encoder

    return load_encoder(name)

"""Shared fixtures for the Streamlit AppTest tests: a real UN project (real USE encoder) and an app driver."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.shared import CORPUS, REPO
from tm.project.actions import create_project
from tm.project.store import Project

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
APP = str(REPO / "ui" / "app.py")


_TEMPLATE: list[Path] = []  # each test module re-exports the fixture: align once per session, not per module


@pytest.fixture(scope="session")
def un_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The UN pair aligned once per session with the bundled USE encoder, into a project file."""
    if not _TEMPLATE:
        path = tmp_path_factory.mktemp("template") / "un.tmproj"
        create_project(path, CORPUS / "fr.txt", CORPUS / "en.txt")[0].close()
        _TEMPLATE.append(path)
    return _TEMPLATE[0]


@pytest.fixture
def un_project(un_template: Path, tmp_path: Path) -> Path:
    """A fresh copy of the UN project for one test."""
    path = tmp_path / "un.tmproj"
    shutil.copy(un_template, path)
    return path


def app_for(project: Path | None, monkeypatch: pytest.MonkeyPatch) -> AppTest:
    """The app, run once, with `project` open (as `tmbuild ui PROJECT` does)."""
    if project is None:
        monkeypatch.delenv("TMBUILD_PROJECT", raising=False)
    else:
        monkeypatch.setenv("TMBUILD_PROJECT", str(project))
    at = AppTest.from_file(APP, default_timeout=120)
    at.run()
    assert_clean(at)
    return at


def assert_clean(at: AppTest) -> None:
    """No traceback on the page."""
    assert not at.exception, [e.value for e in at.exception]


def errors(at: AppTest) -> list[str]:
    return [str(e.value) for e in at.error]


def click(at: AppTest, key: str) -> AppTest:
    at.button(key=key).click().run()
    assert_clean(at)
    return at


def reopen(path: Path) -> Project:
    return Project.open(path)

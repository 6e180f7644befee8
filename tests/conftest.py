"""Shared test helpers: external tools (xmllint, OmegaT) and the TMX 1.4 DTD taken from OmegaT's jar."""

from __future__ import annotations

import os
import shutil
import zipfile
from pathlib import Path
from typing import NoReturn

import pytest

OMEGAT_JAR = Path("/usr/share/omegat/OmegaT.jar")


def missing(reason: str) -> NoReturn:
    """Skip the test, or fail it in CI, where every tool must be installed (`make sysdeps`)."""
    if os.environ.get("CI"):
        pytest.fail(reason)
    pytest.skip(reason)


def require_tool(name: str) -> str:
    """The full path of command `name`, skipping the test (failing it in CI) when it is not installed."""
    path = shutil.which(name)
    if path is None:
        missing(f"{name} is not installed (make sysdeps installs it)")
    return path


def dtd_path(dest: Path, jar: Path = OMEGAT_JAR) -> Path:
    """Extract tmx14.dtd from OmegaT's jar into `dest` and return its path (the DTD is never committed)."""
    if not jar.is_file():
        missing(f"{jar} is absent, so there is no tmx14.dtd to validate against (make sysdeps installs omegat)")
    with zipfile.ZipFile(jar) as z:
        names = [n for n in z.namelist() if n.endswith("tmx14.dtd")]
        if not names:
            missing(f"{jar} holds no tmx14.dtd")
        out = dest / "tmx14.dtd"
        out.write_bytes(z.read(names[0]))
    return out


@pytest.fixture(scope="session")
def tmx_dtd(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real TMX 1.4 DTD, extracted once per test session."""
    return dtd_path(tmp_path_factory.mktemp("dtd"))

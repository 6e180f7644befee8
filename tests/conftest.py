"""Fixtures every area uses: the TMX 1.4 DTD taken from OmegaT's jar."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.fixtures.tools import dtd_path


@pytest.fixture(scope="session")
def tmx_dtd(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real TMX 1.4 DTD, extracted once per test session."""
    return dtd_path(tmp_path_factory.mktemp("dtd"))

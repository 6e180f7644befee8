"""Where the read-only benchmark data lives; tests that need it skip (or, in CI, fail) without it."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from benchmarks.gold_docs import shared_dir

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO / "corpora" / "un-oic-2017"


def require_shared(*parts: str) -> Path:
    """The path under shared/, skipping the test with a reason when it is absent (never in CI)."""
    path = shared_dir().joinpath(*parts)
    if not path.exists():
        reason = f"{path} is absent: the benchmark data sits beside the checkout only in CI and dev sessions"
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    return path

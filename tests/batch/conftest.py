"""Batch fixtures: folders of real document pairs cut from the UN resolution (running text, not presegmented)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.fixtures.paths import CORPUS


def un_pieces(n: int) -> list[tuple[str, str]]:
    """The UN resolution's body paragraphs dealt into `n` documents, each as (French text, English text)."""
    units = [json.loads(line) for line in (CORPUS / "gold.jsonl").read_text(encoding="utf-8").splitlines()]
    body = [u for u in units if u["kind"] != "footnote"]
    size = -(-len(body) // n)
    return [tuple("\n\n".join(u[lang] for u in body[k:k + size]) + "\n" for lang in ("fr", "en"))
            for k in range(0, len(body), size)]


def write_suffix_folder(root: Path, n: int) -> Path:
    """`root` holding doc01.fr.txt / doc01.en.txt … as a user's archive would."""
    root.mkdir(parents=True, exist_ok=True)
    for k, (fr, en) in enumerate(un_pieces(n), 1):
        (root / f"doc{k:02d}.fr.txt").write_text(fr, encoding="utf-8")
        (root / f"doc{k:02d}.en.txt").write_text(en, encoding="utf-8")
    return root


@pytest.fixture
def un_folder(tmp_path: Path) -> Path:
    return write_suffix_folder(tmp_path / "archive", 4)

"""`tmbuild clean FILE`: every OCR repair printed and a summary line (its errors: test_errors.py)."""

from __future__ import annotations

import json
from pathlib import Path

from tests.fixtures.cli import tmbuild
from tests.fixtures.paths import CORPUS


def test_clean_prints_the_changes_and_writes_the_text(tmp_path: Path) -> None:
    out = tmp_path / "clean.txt"
    proc = tmbuild("clean", str(CORPUS / "fr.txt"), "-o", str(out))
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    assert any("rdle → rôle" in ln and "ocr-confusion" in ln for ln in lines)
    assert any("réglement → règlement" in ln for ln in lines)
    assert lines[-1].startswith("changed ") and " of " in lines[-1] and "tokens" in lines[-1]
    text = out.read_text(encoding="utf-8")
    assert "son rôle dans la prévention" in text and "I’Organisation" not in text


def test_clean_json(tmp_path: Path) -> None:
    src = tmp_path / "ocr.txt"
    src.write_text("Il est venu apres le réglement, a cet égard.\n", encoding="utf-8")
    proc = tmbuild("clean", str(src), "--json")
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert [(c["before"], c["after"], c["rule"]) for c in data["changes"]] == [
        ("apres", "après", "accent"), ("réglement", "règlement", "misread-accent"), ("a", "à", "a-grave")]
    assert data["changed"] == 3 and data["tokens"] == 9

"""The tmbuild command as a user runs it: real files, real encoder, real TMX on disk."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.shared import CORPUS

ENV_KEYS = {"HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1"}


def tmbuild(*args: str, cwd: Path | None = None, cache: Path | None = None) -> subprocess.CompletedProcess:
    import os

    env = {**os.environ, **ENV_KEYS}
    if cache is not None:
        env["XDG_CACHE_HOME"] = str(cache)
    return subprocess.run([sys.executable, "-m", "tm.cli", *args], capture_output=True, text=True,
                          env=env, cwd=cwd, timeout=600)


def _one_line_error(proc: subprocess.CompletedProcess) -> str:
    assert proc.returncode != 0
    assert "Traceback" not in proc.stderr
    lines = [ln for ln in proc.stderr.strip().splitlines() if ln.strip()]
    assert len(lines) == 1, proc.stderr
    return lines[0]


@pytest.fixture
def fr_en(tmp_path: Path) -> tuple[Path, Path]:
    return CORPUS / "fr.txt", CORPUS / "en.txt"


def test_missing_file(tmp_path, fr_en):
    out = tmp_path / "out.tmx"
    line = _one_line_error(tmbuild("align", str(tmp_path / "nope.txt"), str(fr_en[1]), "-o", str(out)))
    assert "no such file" in line
    assert not out.exists()


def test_empty_file(tmp_path, fr_en):
    empty = tmp_path / "empty.txt"
    empty.write_text("  \n\n")
    out = tmp_path / "out.tmx"
    line = _one_line_error(tmbuild("align", str(empty), str(fr_en[1]), "-o", str(out)))
    assert "empty" in line
    assert not out.exists()


def test_binary_file(tmp_path, fr_en):
    binary = tmp_path / "image.png"
    binary.write_bytes(bytes(range(256)) * 64)
    out = tmp_path / "out.tmx"
    line = _one_line_error(tmbuild("align", str(fr_en[0]), str(binary), "-o", str(out)))
    assert "binary" in line
    assert not out.exists()


def test_same_file_twice(tmp_path, fr_en):
    out = tmp_path / "out.tmx"
    line = _one_line_error(tmbuild("align", str(fr_en[0]), str(fr_en[0]), "-o", str(out)))
    assert "same document" in line
    assert not out.exists()


def test_side_in_the_wrong_language(tmp_path, fr_en):
    out = tmp_path / "out.tmx"
    line = _one_line_error(tmbuild("align", str(fr_en[1]), str(fr_en[0]), "-o", str(out)))
    assert "expected French but the text reads as English" in line
    assert not out.exists()


def test_unwritable_output_is_one_line_and_leaves_nothing(tmp_path, fr_en):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    line = _one_line_error(tmbuild("align", str(fr_en[0]), str(fr_en[1]), "-o", str(blocker / "out.tmx"),
                                   cache=tmp_path / "cache"))
    assert "error" in line
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cache", "file"]


def test_unknown_encoder_offline(tmp_path, fr_en):
    out = tmp_path / "out.tmx"
    line = _one_line_error(tmbuild("align", str(fr_en[0]), str(fr_en[1]), "-o", str(out),
                                   "--encoder", "no-such-org/no-such-model"))
    assert "no-such-org/no-such-model" in line
    assert not out.exists()


@pytest.mark.slow
def test_un_pair_end_to_end(tmp_path, fr_en):
    out = tmp_path / "un.tmx"
    tsv = tmp_path / "un.tsv"
    proc = tmbuild("align", str(fr_en[0]), str(fr_en[1]), "-o", str(out), "--tsv", str(tsv), cache=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "segments:" in proc.stdout and "beads:" in proc.stdout and "low confidence" in proc.stdout
    score = tmbuild("eval", str(out), "--gold", str(CORPUS / "gold.jsonl"))
    assert score.returncode == 0, score.stderr
    f1 = float(score.stdout.split("F1")[1].split()[0])
    assert f1 >= 0.98, score.stdout
    tmx = out.read_text(encoding="utf-8")
    for furniture in ("A/72/L.10", "2/9", "3/9", "organizations2", "Goals5", "20116", "®"):
        assert furniture not in tmx, furniture
    assert tsv.read_text(encoding="utf-8").count("\n") > 60

"""The tmbuild command as a user runs it: real files, real encoder, real TMX on disk."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.fixtures.cli import one_line_error, tmbuild
from tests.fixtures.paths import CORPUS


@pytest.fixture
def fr_en(tmp_path: Path) -> tuple[Path, Path]:
    return CORPUS / "fr.txt", CORPUS / "en.txt"


def test_missing_file(tmp_path, fr_en):
    out = tmp_path / "out.tmx"
    line = one_line_error(tmbuild("align", str(tmp_path / "nope.txt"), str(fr_en[1]), "-o", str(out)))
    assert "no such file" in line
    assert not out.exists()


def test_empty_file(tmp_path, fr_en):
    empty = tmp_path / "empty.txt"
    empty.write_text("  \n\n")
    out = tmp_path / "out.tmx"
    line = one_line_error(tmbuild("align", str(empty), str(fr_en[1]), "-o", str(out)))
    assert "empty" in line
    assert not out.exists()


def test_binary_file(tmp_path, fr_en):
    binary = tmp_path / "image.png"
    binary.write_bytes(bytes(range(256)) * 64)
    out = tmp_path / "out.tmx"
    line = one_line_error(tmbuild("align", str(fr_en[0]), str(binary), "-o", str(out)))
    assert "binary" in line
    assert not out.exists()


def test_same_file_twice(tmp_path, fr_en):
    out = tmp_path / "out.tmx"
    line = one_line_error(tmbuild("align", str(fr_en[0]), str(fr_en[0]), "-o", str(out)))
    assert "same document" in line
    assert not out.exists()


def test_side_in_the_wrong_language(tmp_path, fr_en):
    out = tmp_path / "out.tmx"
    line = one_line_error(tmbuild("align", str(fr_en[1]), str(fr_en[0]), "-o", str(out)))
    assert "expected French but the text reads as English" in line
    assert not out.exists()


def test_unwritable_output_is_one_line_and_leaves_nothing(tmp_path, fr_en):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    line = one_line_error(tmbuild("align", str(fr_en[0]), str(fr_en[1]), "-o", str(blocker / "out.tmx"),
                                   cache=tmp_path / "cache"))
    assert "is a file, not a directory" in line
    # Refused before any work: not even the embedding cache was created.
    assert sorted(p.name for p in tmp_path.iterdir()) == ["file"]


def test_unknown_encoder_offline(tmp_path, fr_en):
    out = tmp_path / "out.tmx"
    line = one_line_error(tmbuild("align", str(fr_en[0]), str(fr_en[1]), "-o", str(out),
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

"""The tmbuild command as a user runs it: real files, real encoder, real TMX on disk (errors: test_errors.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.fixtures.cli import tmbuild
from tests.fixtures.paths import CORPUS


@pytest.fixture
def fr_en(tmp_path: Path) -> tuple[Path, Path]:
    return CORPUS / "fr.txt", CORPUS / "en.txt"


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


def test_source_date_epoch_makes_the_tmx_reproducible(tmp_path: Path) -> None:
    """Two runs with SOURCE_DATE_EPOCH give the same bytes, dated then (without it, the header says now)."""
    fr, en = tmp_path / "fr.txt", tmp_path / "en.txt"
    fr.write_text("Le Conseil se réunit chaque année.\n\nIl adopte son rapport.\n", encoding="utf-8")
    en.write_text("The Council meets every year.\n\nIt adopts its report.\n", encoding="utf-8")
    outs = [tmp_path / "a.tmx", tmp_path / "b.tmx"]
    for out in outs:
        proc = tmbuild("align", str(fr), str(en), "-o", str(out), cache=tmp_path,
                       env_extra={"SOURCE_DATE_EPOCH": "1700000000"})
        assert proc.returncode == 0, proc.stderr
    assert outs[0].read_bytes() == outs[1].read_bytes()
    assert 'creationdate="20231114T221320Z"' in outs[0].read_text(encoding="utf-8")


def test_the_summary_says_why_the_tmx_has_fewer_units_than_beads(tmp_path: Path) -> None:
    fr, en = tmp_path / "fr.txt", tmp_path / "en.txt"
    fr.write_text("Le Conseil se réunit.\n\nIl adopte son rapport.\n\nLe Conseil se réunit.\n", encoding="utf-8")
    en.write_text("The Council meets.\n\nIt adopts its report.\n\nThe Council meets.\n", encoding="utf-8")
    proc = tmbuild("align", str(fr), str(en), "-o", str(tmp_path / "out.tmx"), cache=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "wrote 2 units" in proc.stdout and "of 3 beads: 1 repeated pair written once" in proc.stdout

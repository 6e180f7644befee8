"""`tmbuild batch` through the user's door: a folder of name.fr.txt / name.en.txt pairs, no further option."""

from __future__ import annotations

import csv
import hashlib
from pathlib import Path

import pytest

from align.api import AlignOptions, align_files
from align.embed.encoders import load_encoder
from tests.batch.helpers import assert_valid_tmx, tmx_units
from tests.fixtures.cli import one_line_error, tmbuild
from tm.batch.ledger import normalise
from tm.batch.work import units_of


def _digest(root: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(root.iterdir())}


@pytest.fixture
def archive(un_folder: Path) -> Path:
    (un_folder / "annex.fr.txt").write_text("Une annexe sans version anglaise.\n", encoding="utf-8")
    # A "French" file that is English: the language check refuses the pair, the batch goes on.
    (un_folder / "wrong.fr.txt").write_text((un_folder / "doc01.en.txt").read_text(), encoding="utf-8")
    (un_folder / "wrong.en.txt").write_text((un_folder / "doc01.en.txt").read_text(), encoding="utf-8")
    return un_folder


def test_folder_of_suffix_pairs(archive: Path, tmp_path: Path, tmx_dtd: Path) -> None:
    before = _digest(archive)
    merged = tmp_path / "out" / "merged.tmx"
    proc = tmbuild("batch", str(archive), "-o", str(merged), "--src", "fr", "--tgt", "en")
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr
    assert "unpaired:" in proc.stderr and "annex.fr.txt" in proc.stderr
    assert "failed:" in proc.stderr and "wrong" in proc.stderr
    assert "pairs: 5 (4 aligned, 1 failed, 1 files unpaired)" in proc.stdout
    assert _digest(archive) == before  # inputs untouched, nothing written beside them
    assert_valid_tmx(merged, tmx_dtd)

    # The merged TMX is each pair aligned alone, concatenated in name order, identical pairs kept once.
    encoder = load_encoder("use")
    expected: dict[tuple[str, str], list] = {}
    for k in range(1, 5):
        alone = align_files(archive / f"doc{k:02d}.fr.txt", archive / f"doc{k:02d}.en.txt", src_lang="fr",
                            tgt_lang="en", options=AlignOptions(), encoder=encoder)
        for unit in units_of(alone, include_null=False):
            key = (normalise(unit.src), normalise(unit.tgt))
            expected.setdefault(key, [f"doc{k:02d}", 0, f"{unit.score:.4f}", unit.src, unit.tgt])[1] += 1
    assert tmx_units(merged) == [(d, str(n), s, a, b) for d, n, s, a, b in expected.values()]

    with merged.with_suffix(".report.csv").open(encoding="utf-8") as f:
        rows = {r["id"]: r for r in csv.DictReader(f)}
    assert set(rows) == {"doc01", "doc02", "doc03", "doc04", "wrong"}
    assert rows["wrong"]["state"] == "failed" and rows["wrong"]["error"]
    assert all(int(rows[f"doc0{k}"]["beads"]) > 0 for k in range(1, 5))
    html = merged.with_suffix(".report.html").read_text(encoding="utf-8")
    assert "<svg" in html and "wrong" in html

    # Re-running the same command resumes: nothing is left, so nothing is aligned again, same bytes out.
    first = merged.read_bytes()
    again = tmbuild("batch", str(archive), "-o", str(merged), "--src", "fr", "--tgt", "en")
    assert again.returncode == 0, again.stderr
    assert "aligned in this run: 0" in again.stdout
    assert merged.read_bytes() == first


def test_changed_options_refuse_to_resume(un_folder: Path, tmp_path: Path) -> None:
    merged = tmp_path / "m.tmx"
    ledger = tmp_path / "m.tmx.batch.sqlite"
    ledger_proc = tmbuild("batch", str(un_folder), "-o", str(merged), "--src", "fr", "--tgt", "en", "--max-bead", "4")
    assert ledger_proc.returncode == 0, ledger_proc.stderr
    first = merged.read_bytes()
    proc = tmbuild("batch", str(un_folder), "-o", str(merged), "--src", "fr", "--tgt", "en")
    assert "this batch was started with options" in one_line_error(proc)
    assert proc.returncode == 2
    assert merged.read_bytes() == first and ledger.is_file()


@pytest.mark.parametrize(("args", "message"), [
    (["nowhere"], "no such file"),
    (["EMPTY"], "no document pairs found"),
    (["ARCHIVE", "--pairing", "zip"], "not a pairing rule"),
    (["ARCHIVE", "--engine", "spark"], "not an engine"),
])
def test_bad_input_is_one_line_and_exit_2(un_folder: Path, tmp_path: Path, args: list[str], message: str) -> None:
    (tmp_path / "empty").mkdir()
    args = [{"EMPTY": str(tmp_path / "empty"), "ARCHIVE": str(un_folder)}.get(a, a) for a in args]
    args = [str(tmp_path / a) if a == "nowhere" else a for a in args]
    proc = tmbuild("batch", *args, "-o", str(tmp_path / "m.tmx"))
    assert message in one_line_error(proc)
    assert proc.returncode == 2
    assert not (tmp_path / "m.tmx").exists()

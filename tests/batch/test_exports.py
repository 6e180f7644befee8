"""Batch exports: per-pair TMX and projects, the XLSX review sheet and XLIFF 1.2, read back by their own readers."""

from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook

from tests.batch.helpers import assert_valid_tmx, tmx_units
from tests.fixtures.cli import tmbuild
from tm.exports.xlsx import band

COLOURS = {"high": "C8E6C9", "mid": "FFF59D", "low": "FFCDD2"}


def test_batch_writes_every_export(un_folder: Path, tmp_path: Path, tmx_dtd: Path) -> None:
    out = tmp_path / "m.tmx"
    proc = tmbuild("batch", str(un_folder), "-o", str(out), "--xlsx", str(tmp_path / "r.xlsx"),
                   "--xliff", str(tmp_path / "m.xlf"), "--pair-tmx", str(tmp_path / "pairs"),
                   "--projects", str(tmp_path / "projects"))
    assert proc.returncode == 0, proc.stderr
    merged = tmx_units(out)
    per_pair = {p.stem: tmx_units(p) for p in (tmp_path / "pairs").iterdir()}
    assert sorted(per_pair) == ["doc01", "doc02", "doc03", "doc04"]
    for p in (tmp_path / "pairs").iterdir():
        assert_valid_tmx(p, tmx_dtd)
    for doc, _count, _score, src, tgt in merged:  # every merged unit is in its own document's TMX
        assert (src, tgt) in {(s, t) for *_, s, t in per_pair[doc]}
    assert sorted(p.name for p in (tmp_path / "projects").iterdir()) == [f"doc0{k}.tmproj" for k in range(1, 5)]

    sheet = load_workbook(tmp_path / "r.xlsx").active
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert [(r[1], str(r[6]), f"{r[4]:.4f}", r[2], r[3]) for r in rows] == merged
    for k, r in enumerate(rows):
        assert sheet.cell(k + 2, 5).fill.fgColor.rgb.endswith(COLOURS[band(r[4], 0.5)])

    from translate.storage.xliff import xlifffile

    with (tmp_path / "m.xlf").open("rb") as f:
        store = xlifffile(f)
    assert [(u.source, u.target) for u in store.units if u.source] == [(s, t) for *_, s, t in merged]


def test_a_unit_over_2000_characters_is_flagged(tmp_path: Path) -> None:
    long_fr = " ".join(["Considérant que la reconnaissance de la dignité inhérente à tous les membres de la famille "
                        "humaine constitue le fondement de la liberté,"] * 16) + " et de la paix."
    long_en = " ".join(["Whereas recognition of the inherent dignity of all members of the human family is the "
                        "foundation of freedom,"] * 16) + " and of peace."
    folder = tmp_path / "a"
    folder.mkdir()
    (folder / "x.fr.txt").write_text(f"Article premier.\n\n{long_fr}\n", encoding="utf-8")
    (folder / "x.en.txt").write_text(f"Article 1.\n\n{long_en}\n", encoding="utf-8")
    out = tmp_path / "m.tmx"
    proc = tmbuild("batch", str(folder), "-o", str(out), "--xlsx", str(tmp_path / "r.xlsx"))
    assert proc.returncode == 0, proc.stderr
    long_units = sum(1 for *_, s, t in tmx_units(out) if max(len(s), len(t)) > 2000)
    assert long_units >= 1
    assert out.read_text(encoding="utf-8").count('<prop type="x-long-segment">true</prop>') == long_units
    rows = list(load_workbook(tmp_path / "r.xlsx").active.iter_rows(min_row=2, values_only=True))
    assert [r[7] == "yes" for r in rows] == [max(len(r[2]), len(r[3])) > 2000 for r in rows]

"""The script-built corpus (benchmarks.corpus): batch output valid against the DTD, per-pair F1 = each pair alone."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from align.api import AlignOptions, align_files
from align.embed.encoders import load_encoder
from align.eval.scores import read_beads, score_beads
from tests.batch.helpers import assert_valid_tmx, tmx_units
from tests.fixtures.cli import tmbuild
from tests.fixtures.paths import REPO, require_shared

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    shared = require_shared("benchmarks")
    out = tmp_path_factory.mktemp("corpus") / "c"
    proc = subprocess.run([sys.executable, "-m", "benchmarks.corpus", str(out), "--shared", str(shared.parent)],
                          capture_output=True, text=True, cwd=REPO, timeout=300)
    assert proc.returncode == 0, proc.stderr
    return out


@pytest.mark.parametrize(("layout", "src", "tgt", "presegmented"), [("trees", "de", "fr", True),
                                                                     ("un", "fr", "en", False)])
def test_batch_equals_each_pair_alone(corpus: Path, tmp_path: Path, tmx_dtd: Path, layout: str, src: str,
                                      tgt: str, presegmented: bool) -> None:
    out = tmp_path / "m.tmx"
    folder = corpus / layout
    proc = tmbuild("batch", str(folder), "-o", str(out), "--src", src, "--tgt", tgt, "--jobs", "2",
                   *(["--presegmented"] if presegmented else []))
    assert proc.returncode == 0, proc.stderr
    assert_valid_tmx(out, tmx_dtd)
    units = tmx_units(out, src, tgt)
    assert units and all(doc and score for doc, _count, score, *_ in units)
    encoder = load_encoder("use")
    with sqlite3.connect(out.with_name("m.tmx.batch.sqlite")) as conn:
        rows = conn.execute("SELECT id, src, tgt, state, beads FROM pairs ORDER BY id").fetchall()
    expected_pairs = len(list((folder / src).rglob("*.txt"))) if layout == "trees" else 2
    assert len(rows) == expected_pairs and all(state == "done" for _, _, _, state, _ in rows)
    with_gold = 0
    for pair_id, src_path, tgt_path, _state, beads in rows:
        batch = [(tuple(s), tuple(t)) for s, t, _ in json.loads(beads)]
        alone = align_files(src_path, tgt_path, src_lang=src, tgt_lang=tgt,
                            options=AlignOptions(presegmented=presegmented), encoder=encoder)
        assert batch == [(b.src, b.tgt) for b in alone.beads], pair_id
        gold = corpus / "gold" / layout / f"{pair_id}.gold"
        if gold.is_file():
            with_gold += 1
            g = read_beads(gold)
            assert score_beads([batch], [g])["strict"]["f1"] == score_beads([[(b.src, b.tgt) for b in alone.beads]],
                                                                            [g])["strict"]["f1"]
    assert with_gold == (len(rows) if layout == "trees" else 0)

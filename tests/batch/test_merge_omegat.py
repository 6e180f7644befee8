"""`tmbuild merge` round trip with OmegaT: its console-mode TMX export plus ours → a file OmegaT translates from."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
from lxml import etree

from align.readers.tmx import read_tmx
from tests.fixtures.cli import tmbuild
from tests.fixtures.tools import require_tool
from tests.tm.test_tmx import OMEGAT_PROJECT
from tm.merge import merge_files

pytestmark = pytest.mark.slow


def _omegat_project(root: Path, sources: list[str], memory: Path) -> Path:
    for sub in ("source", "target", "tm/auto", "glossary", "omegat", "dictionary"):
        (root / sub).mkdir(parents=True)
    (root / "omegat.project").write_text(OMEGAT_PROJECT.format(src="fr", tgt="en"), encoding="utf-8")
    (root / "tm" / "auto" / memory.name).write_bytes(memory.read_bytes())
    (root / "source" / "doc.txt").write_text("\n\n".join(sources) + "\n", encoding="utf-8")
    home = root.parent / f"{root.name}-home"
    home.mkdir()
    proc = subprocess.run([require_tool("omegat"), str(root), "--mode=console-translate",
                           f"--config-dir={home / 'config'}", "--disable-project-locking", "--no-team", "--quiet"],
                          capture_output=True, text=True, timeout=300, env={**os.environ, "HOME": str(home)})
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return root


def test_omegat_export_and_ours_merge_into_a_memory_omegat_uses(un_folder: Path, tmp_path: Path) -> None:
    ours = tmp_path / "ours.tmx"
    proc = tmbuild("batch", str(un_folder), "-o", str(ours))
    assert proc.returncode == 0, proc.stderr
    units = [u for u in read_tmx(ours) if u.text("fr") and u.text("en")]
    first, rest = units[:6], units[6:]
    # OmegaT translates a document of the first six sources from our memory and exports its own TMX (1.1).
    project = _omegat_project(tmp_path / "p1", [u.text("fr") for u in first], ours)
    exported = project / "p1-omegat.tmx"
    assert exported.is_file()
    # A reviser changes one translation in OmegaT's memory: the merge must report it as a conflict.
    tree = etree.parse(str(exported))
    revised = tree.xpath("//tu[tuv[@lang='fr']/seg = $s]/tuv[@lang='en']/seg", s=first[0].text("fr"))[0]
    revised.text = first[0].text("en") + " (revised)"
    tree.write(str(exported), encoding="UTF-8", xml_declaration=True)

    merged = tmp_path / "merged.tmx"
    result = merge_files([exported, ours], merged, srclang="fr", tgtlang="en")
    assert [c.source for c in result.conflicts] == [first[0].text("fr")]
    distinct = {(u.text("fr"), u.text("en")) for u in read_tmx(exported) + units if u.text("fr") and u.text("en")}
    assert result.units == len(distinct)

    from translate.storage.tmx import tmxfile

    with merged.open("rb") as f:
        assert len([u for u in tmxfile(f, "fr", "en").units if u.source]) == result.units

    # OmegaT loads the merged file and fills a document of the other sources from it.
    project2 = _omegat_project(tmp_path / "p2", [u.text("fr") for u in rest[:6]], merged)
    translated = (project2 / "target" / "doc.txt").read_text(encoding="utf-8").strip().split("\n\n")
    assert [t.strip() for t in translated] == [u.text("en") for u in rest[:6]]

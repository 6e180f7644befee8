"""`tmbuild merge`: CAT-tool memories (inline tags kept) and ours into one, newest kept, conflicts listed."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from align.readers.tmx import read_tmx
from tests.batch.helpers import assert_valid_tmx
from tests.fixtures.cli import one_line_error, tmbuild
from tm.merge import merge_files

# A Trados/memoQ-style export: dates on the <tu>, inline codes for bold and a placeholder.
TRADOS = """<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4"><header creationtool="SDL Language Platform" creationtoolversion="8.0" o-tmf="SDL TM8 Format"
 datatype="xml" segtype="sentence" adminlang="en-US" srclang="fr-FR"/>
<body>
<tu creationdate="20200101T100000Z" changedate="20230105T120000Z" creationid="ANNA" changeid="ANNA">
 <prop type="x-Client">UN</prop>
 <tuv xml:lang="fr-FR"><seg>L’Assemblée <bpt i="1" x="1">&lt;b&gt;</bpt>générale<ept i="1">&lt;/b&gt;</ept>,</seg></tuv>
 <tuv xml:lang="en-GB"><seg>The <bpt i="1" x="1">&lt;b&gt;</bpt>General<ept i="1">&lt;/b&gt;</ept> Assembly,</seg></tuv>
</tu>
<tu creationdate="20190101T100000Z" changedate="20190101T100000Z">
 <tuv xml:lang="fr-FR"><seg>Prend note du rapport<ph x="2">&lt;fn/&gt;</ph>.</seg></tuv>
 <tuv xml:lang="en-GB"><seg>Takes note of the report<ph x="2">&lt;fn/&gt;</ph>.</seg></tuv>
</tu>
<tu changedate="20240301T080000Z">
 <tuv xml:lang="fr-FR"><seg>Décide  de rester saisie de la question.</seg></tuv>
 <tuv xml:lang="en-GB"><seg>Decides to remain seized of the matter.</seg></tuv>
</tu>
<tu changedate="20240301T080000Z"><tuv xml:lang="fr-FR"><seg>Sans traduction.</seg></tuv></tu>
</body></tmx>
"""

# Ours (tmbuild batch): the same decision, older, with whitespace differences, and a conflicting target.
OURS = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE tmx SYSTEM "tmx14.dtd">
<tmx version="1.4"><header creationtool="tmbuild" creationtoolversion="0.1.0" segtype="sentence" o-tmf="tmbuild"
 adminlang="en" srclang="fr" datatype="plaintext" creationdate="20210101T000000Z"/>
<body>
<tu tuid="doc1#1" creationdate="20210101T000000Z" changedate="20210101T000000Z">
 <prop type="x-document">doc1</prop><prop type="x-count">3</prop>
 <tuv xml:lang="fr"><seg>Décide de rester saisie de la question.</seg></tuv>
 <tuv xml:lang="en"><seg>Decides to remain seized of the matter.</seg></tuv>
</tu>
<tu tuid="doc1#2" creationdate="20210101T000000Z" changedate="20210101T000000Z">
 <prop type="x-document">doc1</prop><prop type="x-count">1</prop>
 <tuv xml:lang="fr"><seg>Prend note du rapport.</seg></tuv>
 <tuv xml:lang="en"><seg>Notes the report.</seg></tuv>
</tu>
</body></tmx>
"""


@pytest.fixture
def memories(tmp_path: Path) -> list[Path]:
    (tmp_path / "trados.tmx").write_text(TRADOS, encoding="utf-8")
    (tmp_path / "ours.tmx").write_text(OURS, encoding="utf-8")
    return [tmp_path / "trados.tmx", tmp_path / "ours.tmx"]


def test_merge_dedups_keeps_newest_and_inline_tags(memories: list[Path], tmp_path: Path, tmx_dtd: Path) -> None:
    out = tmp_path / "merged.tmx"
    result = merge_files(memories, out, srclang="fr", tgtlang="en", conflicts_csv=tmp_path / "c.csv")
    assert_valid_tmx(out, tmx_dtd)
    read = sum(len(read_tmx(p)) for p in memories)
    assert (result.read, result.skipped) == (read, 1)
    assert (result.units, result.duplicates) == (4, 1)  # the decision is in both, once with a double space
    units = read_tmx(out)
    decision = next(u for u in units if u.text("fr").startswith("Décide"))
    assert decision.attrs["changedate"] == "20240301T080000Z"  # Trados's is newer than ours
    assert decision.props["x-count"] == "4"  # ours counted it three times, Trados once
    tree = etree.parse(str(out))
    bold = tree.xpath("//tuv[starts-with(@xml:lang, 'fr')]/seg[bpt]")
    assert [etree.tostring(s, encoding="unicode", with_tail=False) for s in bold] == [
        '<seg>L’Assemblée <bpt i="1" x="1">&lt;b&gt;</bpt>générale<ept i="1">&lt;/b&gt;</ept>,</seg>']
    assert tree.xpath("count(//ph)") == 2
    # "Prend note du rapport." has two translations: a conflict, listed with both.
    assert [(c.source, c.targets) for c in result.conflicts] == [
        ("Prend note du rapport.", ["Takes note of the report.", "Notes the report."])]
    assert "Notes the report." in (tmp_path / "c.csv").read_text(encoding="utf-8")


def test_translate_toolkit_reads_the_merged_file(memories: list[Path], tmp_path: Path) -> None:
    from translate.storage.tmx import tmxfile

    out = tmp_path / "merged.tmx"
    result = merge_files(memories, out, srclang="fr", tgtlang="en")
    with out.open("rb") as f:
        store = tmxfile(f, "fr", "en")
    assert len([u for u in store.units if u.source]) == result.units


def test_cli_merge_lists_conflicts(memories: list[Path], tmp_path: Path) -> None:
    out = tmp_path / "m.tmx"
    proc = tmbuild("merge", *map(str, memories), "-o", str(out), "--src", "fr", "--tgt", "en")
    assert proc.returncode == 0, proc.stderr
    assert "conflict: Prend note du rapport." in proc.stdout
    assert "wrote 4 units" in proc.stdout and "1 conflicts" in proc.stdout


@pytest.mark.parametrize(("make", "message"), [
    (lambda d: d / "absent.tmx", "no such file"),
    (lambda d: (d / "x.tmx").write_text("<tmx><body>") and d / "x.tmx", "cannot read this TMX"),
])
def test_cli_merge_bad_input_writes_nothing(memories: list[Path], tmp_path: Path, make, message: str) -> None:
    out = tmp_path / "m.tmx"
    out.write_bytes(b"previous")
    proc = tmbuild("merge", str(memories[0]), str(make(tmp_path)), "-o", str(out))
    assert message in one_line_error(proc)
    assert out.read_bytes() == b"previous"


def test_wrong_language_pair_is_refused(memories: list[Path], tmp_path: Path) -> None:
    proc = tmbuild("merge", *map(str, memories), "-o", str(tmp_path / "m.tmx"), "--src", "de", "--tgt", "en")
    assert "holds no de→en units" in one_line_error(proc)


def test_batch_into_grows_an_existing_memory(un_folder: Path, tmp_path: Path, memories: list[Path],
                                             tmx_dtd: Path) -> None:
    existing = memories[1]
    before = existing.read_bytes()
    out = tmp_path / "grown.tmx"
    proc = tmbuild("batch", str(un_folder), "-o", str(out), "--into", str(existing))
    assert proc.returncode == 0, proc.stderr
    assert existing.read_bytes() == before  # the memory given is read, never overwritten
    assert_valid_tmx(out, tmx_dtd)
    grown = {(u.text("fr"), u.text("en")) for u in read_tmx(out)}
    assert {(u.text("fr"), u.text("en")) for u in read_tmx(existing)} <= grown
    alone = tmp_path / "alone.tmx"
    assert tmbuild("batch", str(un_folder), "-o", str(alone)).returncode == 0
    assert {(u.text("fr"), u.text("en")) for u in read_tmx(alone)} <= grown

"""TMX and TSV output checked with real consumers: the TMX 1.4 DTD, xmllint, translate-toolkit and OmegaT."""

from __future__ import annotations

import os
import re
import subprocess
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from lxml import etree

import align
from align.errors import FileSystemError, InputError
from align.models import Alignment, Bead, Document, Kind, Paragraph, Segment
from align.readers.tmx import read_tmx
from align.readers.xmlsafe import XML_LANG
from tests.fixtures.tools import require_tool
from tm.atomic import atomic_open, atomic_write
from tm.tmx import write_tmx, written_units
from tm.tsv import write_tsv

WHEN = datetime(2024, 3, 5, 7, 8, 9, tzinfo=timezone.utc)
DIRTY = "Si a < b\x00, alors\x07 b > a\ufffe\uffff\ud800."  # NUL, BEL, two non-characters and a lone surrogate

# (text, paragraph, kind) per segment.
FR = [
    ("Chapitre premier : l'été à Paris", 0, Kind.HEADING),
    ("Les élèves & leurs professeurs arrivent à 8 h.", 1, Kind.BODY),
    ("Il a dit : « Où est l’hôpital ? »", 2, Kind.BODY),
    (DIRTY, 3, Kind.BODY),
    ("Merci.", 4, Kind.BODY),
    ("Merci.", 5, Kind.BODY),
    ("Une phrase sans traduction.", 6, Kind.BODY),
    ("Première moitié ;", 7, Kind.BODY),
    ("seconde moitié.", 7, Kind.BODY),
    ("Voir la note 1.", 8, Kind.FOOTNOTE),
]
EN = [
    ("Chapter One: Summer in Paris", 0, Kind.HEADING),
    ("The pupils & their teachers arrive at 8 a.m.", 1, Kind.BODY),
    ('He said: "Where is the hospital?"', 2, Kind.BODY),
    ("If a < b, then b > a.", 3, Kind.BODY),
    ("Thank you.", 4, Kind.BODY),
    ("Thank you.", 5, Kind.BODY),
    ("First half; second half.", 6, Kind.BODY),
    ("See note 1.", 7, Kind.FOOTNOTE),
    ("A sentence only the translator added.", 8, Kind.BODY),
]
BEADS = [
    Bead((0,), (0,), 0.98),
    Bead((1,), (1,), 0.95),
    Bead((2,), (2,), 0.9),
    Bead((3,), (3,), 0.87654321),
    Bead((4,), (4,), 0.99),
    Bead((5,), (5,), 0.97),  # the same pair as the bead before: deduplicated
    Bead((6,), (), 0.0),  # 1-0
    Bead((7, 8), (6,), 0.7),  # 2-1
    Bead((9,), (7,), 0.93),
    Bead((), (8,), 0.0),  # 0-1
]
CLEAN = "Si a < b, alors b > a."
# (tuid, source, target) of the TUs written by default: no null beads, no repeated pair.
EXPECTED = [
    ("1", "Chapitre premier : l'été à Paris", "Chapter One: Summer in Paris"),
    ("2", "Les élèves & leurs professeurs arrivent à 8 h.", "The pupils & their teachers arrive at 8 a.m."),
    ("3", "Il a dit : « Où est l’hôpital ? »", 'He said: "Where is the hospital?"'),
    ("4", CLEAN, "If a < b, then b > a."),
    ("5", "Merci.", "Thank you."),
    ("8", "Première moitié ; seconde moitié.", "First half; second half."),
    ("9", "Voir la note 1.", "See note 1."),
]


def _document(lang: str, rows: list[tuple[str, int, Kind]], name: str) -> Document:
    segments = [Segment(i, text, para, kind) for i, (text, para, kind) in enumerate(rows)]
    paragraphs = []
    for para in sorted({p for _, p, _ in rows}):
        texts = [t for t, p, _ in rows if p == para]
        paragraphs.append(Paragraph(" ".join(texts), next(k for _, p, k in rows if p == para)))
    return Document(lang, paragraphs, segments, name)


@pytest.fixture
def alignment() -> Alignment:
    return Alignment(_document("fr", FR, "rapport.fr.txt"), _document("en", EN, "report.en.txt"), list(BEADS))


@pytest.fixture
def tmx(tmp_path: Path, alignment: Alignment) -> Path:
    path = tmp_path / "out" / "memory.tmx"  # the writer creates out/
    assert write_tmx(alignment, path, document="rapport.fr.txt", creationdate=WHEN) == len(EXPECTED)
    return path


def _safe_parse(path: Path) -> etree._ElementTree:
    return etree.parse(str(path), etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False))


def _dtd_errors(path: Path, dtd: Path) -> list[str]:
    validator = etree.DTD(str(dtd))
    ok = validator.validate(_safe_parse(path))
    return [] if ok else [str(e) for e in validator.error_log]


# --- the file is valid TMX for real consumers -------------------------------------------------------------


def test_valid_against_the_tmx14_dtd(tmx: Path, tmx_dtd: Path) -> None:
    assert _dtd_errors(tmx, tmx_dtd) == []


def test_xmllint_validates_against_the_dtd(tmx: Path, tmx_dtd: Path) -> None:
    xmllint = require_tool("xmllint")
    proc = subprocess.run([xmllint, "--noout", "--dtdvalid", str(tmx_dtd), str(tmx)],
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr


def test_translate_toolkit_reads_the_units(tmx: Path) -> None:
    from translate.storage.tmx import tmxfile

    with tmx.open("rb") as f:
        store = tmxfile(f, "fr", "en")
    assert [(u.source, u.target) for u in store.units] == [(s, t) for _, s, t in EXPECTED]


def test_null_beads_and_extra_props_stay_valid(tmp_path: Path, alignment: Alignment, tmx_dtd: Path) -> None:
    path = tmp_path / "all.tmx"
    write_tmx(alignment, path, include_null=True, extra_props=lambda i, b: {"x-status": "confirmed"})
    assert _dtd_errors(path, tmx_dtd) == []


# --- the file's own structure -----------------------------------------------------------------------------


def test_declaration_doctype_and_no_bom(tmx: Path) -> None:
    data = tmx.read_bytes()
    assert data.startswith(b'<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE tmx SYSTEM "tmx14.dtd">\n<tmx ')
    assert not data.startswith(b"\xef\xbb\xbf")
    data.decode("utf-8")  # UTF-8 through and through
    assert "é".encode() in data  # written as characters, not character references


def test_header(tmx: Path) -> None:
    root = _safe_parse(tmx).getroot()
    assert root.get("version") == "1.4"
    assert dict(root.find("header").attrib) == {
        "creationtool": "tmbuild", "creationtoolversion": align.__version__, "segtype": "sentence",
        "o-tmf": "tmbuild", "adminlang": "en", "srclang": "fr", "datatype": "plaintext",
        "creationdate": "20240305T070809Z",
    }


def test_creationdate_defaults_to_now_in_utc(tmp_path: Path, alignment: Alignment,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    write_tmx(alignment, tmp_path / "now.tmx")
    stamp = _safe_parse(tmp_path / "now.tmx").getroot().find("header").get("creationdate")
    assert re.fullmatch(r"\d{8}T\d{6}Z", stamp)
    written = datetime.strptime(stamp, "%Y%m%dT%H%M%SZ").replace(tzinfo=timezone.utc)
    assert abs(datetime.now(timezone.utc) - written) < timedelta(minutes=1)


def test_creationdate_is_converted_to_utc(tmp_path: Path, alignment: Alignment) -> None:
    paris = timezone(timedelta(hours=2))
    write_tmx(alignment, tmp_path / "tz.tmx", creationdate=datetime(2024, 7, 1, 12, 0, 0, tzinfo=paris))
    assert _safe_parse(tmp_path / "tz.tmx").getroot().find("header").get("creationdate") == "20240701T100000Z"


def test_props_come_first_with_bead_details(tmx: Path) -> None:
    tus = _safe_parse(tmx).getroot().find("body").findall("tu")
    for tu in tus:
        tags = [child.tag for child in tu]
        assert tags == ["prop"] * 5 + ["tuv", "tuv"]
    props = {tu.get("tuid"): {p.get("type"): p.text for p in tu.findall("prop")} for tu in tus}
    assert props["1"] == {"x-score": "0.9800", "x-document": "rapport.fr.txt", "x-paragraph": "0",
                          "x-bead": "1-1", "x-kind": "heading"}
    assert props["4"]["x-score"] == "0.8765"
    assert props["8"]["x-bead"] == "2-1" and props["8"]["x-paragraph"] == "7"
    assert props["9"]["x-kind"] == "footnote"


def test_round_trip(tmx: Path) -> None:
    units = read_tmx(tmx)
    assert [(u.tuid, u.text("fr"), u.text("en")) for u in units] == EXPECTED
    assert units[0].props["x-kind"] == "heading"


def test_escaping_round_trips_through_xml(tmx: Path) -> None:
    text = tmx.read_text(encoding="utf-8")
    assert "Les élèves &amp; leurs" in text and "If a &lt; b, then b &gt; a." in text
    assert [u.text("en") for u in read_tmx(tmx)][2] == 'He said: "Where is the hospital?"'


def test_repeated_pairs_are_written_once(tmx: Path) -> None:
    pairs = [(u.text("fr"), u.text("en")) for u in read_tmx(tmx)]
    assert pairs.count(("Merci.", "Thank you.")) == 1
    assert len(pairs) == len(set(pairs))


def test_characters_illegal_in_xml_are_removed(tmx: Path) -> None:
    text = tmx.read_text(encoding="utf-8", errors="strict")
    assert not re.search("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]", text)
    assert read_tmx(tmx)[3].text("fr") == CLEAN


def test_written_units_say_what_is_left_out(alignment: Alignment) -> None:
    """What the CLI reports under "wrote N units": every bead is written, repeated, or one-sided and left out."""
    chosen = written_units(alignment)
    assert [(str(p + 1), s, t) for p, s, t, _ in chosen.units] == EXPECTED
    assert (chosen.repeated, chosen.one_sided) == (1, 2)
    assert len(chosen.units) + chosen.repeated + chosen.one_sided == len(alignment.beads)
    kept = written_units(alignment, include_null=True)
    assert (len(kept.units), kept.repeated, kept.one_sided) == (len(EXPECTED) + 2, 1, 0)


def test_null_beads_left_out_by_default(tmx: Path) -> None:
    assert all(u.props["x-bead"] not in ("1-0", "0-1") for u in read_tmx(tmx))


def test_null_beads_included_when_asked(tmp_path: Path, alignment: Alignment) -> None:
    path = tmp_path / "null.tmx"
    assert write_tmx(alignment, path, include_null=True) == len(EXPECTED) + 2
    units = {u.tuid: u for u in read_tmx(path)}
    assert units["7"].texts == {"fr": "Une phrase sans traduction."}  # one <tuv>: no empty "translation"
    assert units["7"].props["x-bead"] == "1-0"
    assert units["10"].texts == {"en": "A sentence only the translator added."}
    assert units["10"].props["x-paragraph"] == "8"  # from the target side, as there is no source


def test_regional_language_codes(tmp_path: Path, alignment: Alignment) -> None:
    path = tmp_path / "regional.tmx"
    write_tmx(alignment, path, srclang="fr-FR", tgtlang="en-GB")
    root = _safe_parse(path).getroot()
    assert root.find("header").get("srclang") == "fr-FR"
    assert {tuv.get(XML_LANG) for tuv in root.iter("tuv")} == {"fr-FR", "en-GB"}
    first = read_tmx(path)[0]
    assert first.text("fr") == first.text("FR-fr") == first.text("fr_FR") == EXPECTED[0][1]
    assert first.text("en-US") == EXPECTED[0][2]  # same primary subtag
    assert first.text("de") == ""


def test_bad_language_codes_are_refused(tmp_path: Path, alignment: Alignment) -> None:
    for src, tgt in (("fr", "fr"), ("fr", ""), ("français", "en")):
        with pytest.raises(InputError):
            write_tmx(alignment, tmp_path / "bad.tmx", srclang=src, tgtlang=tgt)
    assert not (tmp_path / "bad.tmx").exists()


def test_extra_props_hook(tmp_path: Path, alignment: Alignment) -> None:
    seen = []

    def status(position: int, bead: Bead) -> dict[str, str] | None:
        seen.append(position)
        return {"x-status": "edited"} if bead.kind == "2-1" else None

    write_tmx(alignment, tmp_path / "review.tmx", extra_props=status)
    units = {u.tuid: u for u in read_tmx(tmp_path / "review.tmx")}
    assert units["8"].props["x-status"] == "edited"
    assert "x-status" not in units["1"].props
    assert seen == [0, 1, 2, 3, 4, 7, 8]  # positions in alignment.beads of the TUs written


# --- reading -----------------------------------------------------------------------------------------------


def test_read_keeps_hi_text_and_drops_inline_codes(tmp_path: Path) -> None:
    path = tmp_path / "codes.tmx"
    path.write_text(
        '<?xml version="1.0"?><tmx version="1.4"><header creationtool="x" creationtoolversion="1" segtype="sentence"'
        ' o-tmf="x" adminlang="en" srclang="fr" datatype="html"/><body><tu>'
        '<tuv lang="FR-ca"><seg>Un <bpt i="1">&lt;b&gt;</bpt>mot<ept i="1">&lt;/b&gt;</ept> <hi>clé</hi>.</seg></tuv>'
        '<tuv xml:lang="en"><seg>A <ph>&lt;br/&gt;</ph>key word.</seg></tuv></tu></body></tmx>', encoding="utf-8")
    (unit,) = read_tmx(path)
    assert unit.tuid == ""
    assert unit.text("fr") == "Un mot clé."
    assert unit.text("en") == "A key word."


@pytest.mark.parametrize("content, message", [
    ("<tmx version='1.4'><header", "cannot read this TMX: malformed XML"),
    ("<html><body/></html>", "not <tmx>"),
    ("<tmx version='1.4'><header/></tmx>", "no <body>"),
    ("<tmx><body><tu><tuv><seg>x</seg></tuv></tu></body></tmx>", "no xml:lang"),
    ("\x00\x01binary", "cannot read this TMX"),
    ("", "cannot read this TMX"),
])
def test_malformed_files_raise_input_error(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "bad.tmx"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError, match=re.escape(message)):
        read_tmx(path)


def test_missing_file_raises_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        read_tmx(tmp_path / "nope.tmx")


def test_external_entities_are_refused_unread(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP SECRET", encoding="utf-8")
    path = tmp_path / "xxe.tmx"
    path.write_text(f'<?xml version="1.0"?><!DOCTYPE tmx [<!ENTITY x SYSTEM "{secret.as_uri()}">]>'
                    '<tmx version="1.4"><header/><body><tu><tuv xml:lang="fr"><seg>a&x;b</seg></tuv></tu></body>'
                    '</tmx>', encoding="utf-8")
    with pytest.raises(InputError, match="refused for safety") as refused:
        read_tmx(path)
    assert "SECRET" not in str(refused.value)


# --- atomic writes -----------------------------------------------------------------------------------------


def test_failed_write_leaves_no_file_and_no_temp(tmp_path: Path, alignment: Alignment,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    def broken_fsync(fd: int) -> None:  # the bytes are in the temp file; now the disk "fails"
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("tm.atomic.os.fsync", broken_fsync)
    with pytest.raises(FileSystemError, match="memory.tmx: the disk is full"):
        write_tmx(alignment, tmp_path / "memory.tmx")
    assert list(tmp_path.iterdir()) == []


def test_failed_write_keeps_the_previous_file(tmp_path: Path, alignment: Alignment,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "memory.tmx"
    write_tmx(alignment, path)
    before = path.read_bytes()

    def broken_replace(src: str, dst: str) -> None:
        raise PermissionError("replace refused")

    monkeypatch.setattr("tm.atomic.os.replace", broken_replace)
    with pytest.raises(FileSystemError, match="memory.tmx: permission denied"):
        write_tmx(alignment, path, include_null=True)
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["memory.tmx"]


def test_atomic_open_discards_a_half_written_file(tmp_path: Path) -> None:
    path = tmp_path / "deep" / "er" / "out.txt"
    with pytest.raises(RuntimeError), atomic_open(path, "w") as f:
        f.write("half of it")
        raise RuntimeError("crash mid-way")
    assert not path.exists()
    assert list(path.parent.iterdir()) == []  # the parent was created, and the temp file removed


def test_a_file_in_place_of_the_directory_is_named(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("x")
    with pytest.raises(FileSystemError, match="file: a file is in the way"):
        atomic_write(tmp_path / "file" / "out.tmx", "data")
    assert [p.name for p in tmp_path.iterdir()] == ["file"]


def test_atomic_write_text_bytes_and_permissions(tmp_path: Path) -> None:
    atomic_write(tmp_path / "a.txt", "été\r\n")
    atomic_write(tmp_path / "b.bin", b"\x00\x01")
    assert (tmp_path / "a.txt").read_bytes() == "été\r\n".encode()
    assert (tmp_path / "b.bin").read_bytes() == b"\x00\x01"
    umask = os.umask(0)
    os.umask(umask)
    assert (tmp_path / "a.txt").stat().st_mode & 0o777 == 0o666 & ~umask
    os.chmod(tmp_path / "a.txt", 0o640)
    atomic_write(tmp_path / "a.txt", "again")
    assert (tmp_path / "a.txt").stat().st_mode & 0o777 == 0o640


# --- TSV ---------------------------------------------------------------------------------------------------


def test_tsv(tmp_path: Path, alignment: Alignment) -> None:
    alignment.tgt.segments[1] = Segment(1, "The pupils\tand\ntheir teachers", 1)
    path = tmp_path / "beads.tsv"
    assert write_tsv(alignment, path) == len(BEADS)
    lines = path.read_text(encoding="utf-8").split("\n")
    assert lines[0] == "bead\tsource\ttarget\tconfidence\ttype\tkind"
    assert lines[-1] == "" and len(lines) == len(BEADS) + 2
    rows = [line.split("\t") for line in lines[1:-1]]
    assert all(len(r) == 6 for r in rows)
    assert rows[1] == ["2", "Les élèves & leurs professeurs arrivent à 8 h.", "The pupils and their teachers",
                       "0.9500", "1-1", "body"]
    assert rows[3][1] == CLEAN
    assert rows[7][3:] == ["0.7000", "2-1", "body"] and rows[7][1] == "Première moitié ; seconde moitié."
    assert rows[6][2] == "" and rows[6][4] == "1-0"
    assert rows[9][0] == "10" and rows[9][1] == "" and rows[9][4] == "0-1"
    assert write_tsv(alignment, path, include_null=False) == len(BEADS) - 2


# --- OmegaT ------------------------------------------------------------------------------------------------

OMEGAT_PROJECT = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<omegat>
    <project version="1.0">
        <source_dir>__DEFAULT__</source_dir>
        <target_dir>__DEFAULT__</target_dir>
        <tm_dir>__DEFAULT__</tm_dir>
        <glossary_dir>__DEFAULT__</glossary_dir>
        <glossary_file>__DEFAULT__</glossary_file>
        <dictionary_dir>__DEFAULT__</dictionary_dir>
        <source_lang>{src}</source_lang>
        <target_lang>{tgt}</target_lang>
        <source_tok>org.omegat.tokenizer.LuceneFrenchTokenizer</source_tok>
        <target_tok>org.omegat.tokenizer.LuceneEnglishTokenizer</target_tok>
        <sentence_seg>false</sentence_seg>
        <support_default_translations>true</support_default_translations>
        <remove_tags>false</remove_tags>
    </project>
</omegat>
"""


@pytest.mark.slow
@pytest.mark.parametrize("src, tgt", [("fr", "en"), ("fr-FR", "en-GB")])
def test_omegat_fills_the_translation_from_tm_auto(tmp_path: Path, alignment: Alignment, src: str, tgt: str) -> None:
    omegat = require_tool("omegat")
    project = tmp_path / "project"
    for sub in ("source", "target", "tm/auto", "glossary", "omegat", "dictionary"):
        (project / sub).mkdir(parents=True)
    # Paragraph segmentation: OmegaT's own sentence rules would split the 2-1 bead's source in two.
    (project / "omegat.project").write_text(OMEGAT_PROJECT.format(src=src, tgt=tgt), encoding="utf-8")
    write_tmx(alignment, project / "tm" / "auto" / "aligned.tmx", srclang=src, tgtlang=tgt, include_null=True)
    # One paragraph per TU source; the text OmegaT must look up is the cleaned one, as in the TMX.
    (project / "source" / "doc.txt").write_text("\n\n".join(s for _, s, _ in EXPECTED) + "\n", encoding="utf-8")
    home = tmp_path / "home"
    home.mkdir()
    proc = subprocess.run(
        [omegat, str(project), "--mode=console-translate", f"--config-dir={home / 'config'}",
         "--disable-project-locking", "--no-team", "--quiet"],
        capture_output=True, text=True, timeout=300, env={**os.environ, "HOME": str(home)}, cwd=tmp_path)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    translated = (project / "target" / "doc.txt").read_text(encoding="utf-8")
    assert [p.strip() for p in translated.strip().split("\n\n")] == [t for _, _, t in EXPECTED]

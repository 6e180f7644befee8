"""Term extraction, pairing and glossary exports on small hand-made aligned fixtures with known answers."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import numpy as np
import pytest
from lxml import etree
from typer.testing import CliRunner

from align.errors import InputError
from tm.cli import app
from tm.terms.export import TBX3_NS, render_terms, write_terms
from tm.terms.extract import extract_candidates
from tm.terms.lexicon import is_acronym, looks_like_verb, tokenize
from tm.terms.pairs import AlignedSegment, TermPair, pair_terms, string_similarity
from tm.terms.sources import load_segments, mine_terms, segments_from_tmx

SEGMENTS = [
    AlignedSegment("Rappelant la coopération entre l’Organisation des Nations Unies et l’Organisation de la "
                   "coopération islamique (OCI),",
                   "Recalling the cooperation between the United Nations and the Organization of Islamic "
                   "Cooperation (OIC),", "1"),
    AlignedSegment("Invite l’Organisation de la coopération islamique à renforcer les organes subsidiaires ;",
                   "Invites the Organization of Islamic Cooperation to strengthen the subsidiary organs;", "2"),
    AlignedSegment("Prie le Secrétaire général de soutenir les organes subsidiaires de l’Organisation des "
                   "Nations Unies ;",
                   "Requests the Secretary-General to support the subsidiary organs of the United Nations;", "3"),
    AlignedSegment("Rappelant que l’Organisation de la coopération islamique et les organisations régionales "
                   "coopèrent ;",
                   "Recalling that the Organization of Islamic Cooperation and regional organizations cooperate;",
                   "4"),
    AlignedSegment("Note que le Secrétaire général et l’Organisation des Nations Unies appuient une organisation "
                   "régionale.",
                   "Notes that the Secretary-General and the United Nations support a regional organization.", "5"),
    AlignedSegment("Le Secrétaire général fait rapport sur la coopération avec l’OCI.",
                   "The Secretary-General reports on cooperation with the OIC.", "6"),
]
# What a good encoder would say: translations close, anything else far apart.
KNOWN = {
    ("Organisation de la coopération islamique", "Organization of Islamic Cooperation"),
    ("Organisation des Nations Unies", "United Nations"),
    ("Secrétaire général", "Secretary-General"),
    ("organes subsidiaires", "subsidiary organs"),
    ("OCI", "OIC"),
    ("coopération", "cooperation"),
    ("organisations régionales", "regional organizations"),
}


def fake_similarity(a: list[str], b: list[str]) -> np.ndarray:
    return np.array([[0.95 if (x, y) in KNOWN else 0.2 for y in b] for x in a], dtype=np.float32)


def by_text(lang: str, side: int) -> dict[str, object]:
    cands = extract_candidates([(s.id, s[side]) for s in SEGMENTS], lang)
    return {c.text: c for c in cands.values() if c.free > 0}


# --- candidates ------------------------------------------------------------------------------------------


def test_tokenize_splits_elisions_and_keeps_codes_and_hyphens() -> None:
    words = [t.text for t in tokenize("l’Organisation (ONU-Femmes) A/71/160 d'action", "fr")]
    assert words == ["l’", "Organisation", "(", "ONU-Femmes", ")", "A/71/160", "d'", "action"]


def test_verbs_and_acronyms_are_recognised_offline() -> None:
    assert looks_like_verb("Rappelant", "fr") and looks_like_verb("encouragent", "fr")
    assert not looks_like_verb("subsidiaires", "fr") and not looks_like_verb("spécialisées", "fr")
    assert looks_like_verb("recalling", "en") and not looks_like_verb("peacekeeping", "en")
    assert is_acronym("OCI") and is_acronym("ONU-Femmes") and is_acronym("UN-Women")
    assert not is_acronym("XXX") and not is_acronym("Sud-Sud")


def test_whole_multiword_terms_are_candidates_and_their_pieces_are_not() -> None:
    fr = by_text("fr", 0)
    assert fr["Organisation de la coopération islamique"].freq == 3
    assert fr["Organisation des Nations Unies"].freq == 3
    assert "Secrétaire général" in fr and "organes subsidiaires" in fr
    # Nested inside the whole term every time: C-value nesting leaves no free occurrence.
    assert "coopération islamique" not in fr and "Organisation de la coopération" not in fr
    assert not any("Rappelant" in t or "Prie" in t for t in fr)  # sentence-opening verbs
    en = by_text("en", 1)
    assert "Organization of Islamic Cooperation" in en and "United Nations" in en
    assert "Islamic Cooperation" not in en and not any(t.lower().startswith("recalling") for t in en)


def test_acronym_gets_its_expansion_and_inflections_are_grouped() -> None:
    fr = by_text("fr", 0)
    assert fr["OCI"].acronym and fr["OCI"].expansion == "Organisation de la coopération islamique"
    regional = next(c for t, c in fr.items() if t.startswith("organisation") and "régional" in t)
    assert set(regional.forms) == {"organisations régionales", "organisation régionale"}
    assert regional.freq == 2


def test_hyphenated_acronym_expansion() -> None:
    segs = [("1", "Se félicite de la coopération avec l’Entité des Nations Unies pour l’égalité des sexes et "
                  "l’autonomisation des femmes (ONU-Femmes).")]
    cands = {c.text: c for c in extract_candidates(segs, "fr").values()}
    assert cands["ONU-Femmes"].expansion == ("Entité des Nations Unies pour l’égalité des sexes et "
                                             "l’autonomisation des femmes")


def test_termhood_prefers_specific_terms_over_everyday_words() -> None:
    fr = by_text("fr", 0)
    assert fr["Organisation de la coopération islamique"].termhood > fr["Secrétaire général"].termhood > 0


# --- pairing ---------------------------------------------------------------------------------------------


def test_pairing_finds_the_known_pairs_with_evidence() -> None:
    pairs = pair_terms(SEGMENTS, similarity=fake_similarity)
    found = {(p.source, p.target) for p in pairs}
    assert {("Organisation de la coopération islamique", "Organization of Islamic Cooperation"),
            ("Organisation des Nations Unies", "United Nations"), ("Secrétaire général", "Secretary-General"),
            ("organes subsidiaires", "subsidiary organs"), ("OCI", "OIC")} <= found
    assert found <= KNOWN  # mutual best with thresholds: nothing else gets through
    oic = next(p for p in pairs if p.source == "OCI")
    assert oic.source_expansion == "Organisation de la coopération islamique"
    sg = next(p for p in pairs if p.target == "Secretary-General")
    assert sg.frequency == 3 and sg.examples == ["3", "5", "6"] and sg.dice == 1.0 and sg.llr > 0
    assert all(0 < p.score <= 1 for p in pairs)


def test_pairing_is_one_to_one_and_ranked() -> None:
    pairs = pair_terms(SEGMENTS, similarity=fake_similarity)
    assert len({p.source for p in pairs}) == len(pairs) == len({p.target for p in pairs})
    # Equally strong pairs: the ones seen in more segments first.
    assert [p.frequency for p in pairs] == sorted((p.frequency for p in pairs), reverse=True)
    assert pairs[0].frequency == 3


def test_pairing_without_an_encoder_uses_cooccurrence_and_strings() -> None:
    pairs = pair_terms(SEGMENTS)
    found = {(p.source, p.target) for p in pairs}
    assert ("Organisation de la coopération islamique", "Organization of Islamic Cooperation") in found
    assert all(p.similarity == 0 for p in pairs)


def test_string_similarity_handles_cognates_and_word_order() -> None:
    assert string_similarity("diplomatie préventive", "preventive diplomacy") > 0.8
    assert string_similarity("Istanbul", "Istanbul") == 1.0
    assert string_similarity("santé", "health") < 0.5


def test_min_freq_filters_pairs_seen_once() -> None:
    pairs = mine_terms(SEGMENTS, encoder=None, min_freq=3)
    assert pairs and all(p.frequency >= 3 for p in pairs)
    assert len(mine_terms(SEGMENTS, encoder=None, top=1)) == 1


# --- input -----------------------------------------------------------------------------------------------

TMX = """<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4"><header srclang="fr" datatype="plaintext" segtype="sentence" adminlang="en"
 creationtool="t" creationtoolversion="1" o-tmf="t"/><body>{units}</body></tmx>"""


def _tmx(tmp_path: Path, pairs: list[tuple[str, str]]) -> Path:
    units = "".join(f'<tu tuid="{n}"><tuv xml:lang="fr"><seg>{s}</seg></tuv><tuv xml:lang="en"><seg>{t}</seg>'
                    "</tuv></tu>" for n, (s, t) in enumerate(pairs, 1) if s or t)
    path = tmp_path / "in.tmx"
    path.write_text(TMX.format(units=units), encoding="utf-8")
    return path


def test_segments_from_tmx_keep_tuids(tmp_path: Path) -> None:
    path = _tmx(tmp_path, [(s.source, s.target) for s in SEGMENTS])
    assert segments_from_tmx(path) == SEGMENTS


def test_a_tmx_without_usable_segments_is_a_clear_error(tmp_path: Path) -> None:
    path = _tmx(tmp_path, [])
    with pytest.raises(InputError, match="no aligned segments with both fr and en text"):
        load_segments(path)
    out = tmp_path / "g.tbx"
    result = CliRunner().invoke(app, ["terms", str(path), "-o", str(out), "--encoder", "none"])
    assert result.exit_code == 2 and "no aligned segments" in result.output
    assert not out.exists()
    text = tmp_path / "notes.txt"
    text.write_text("just text\n", encoding="utf-8")
    with pytest.raises(InputError, match="neither a TMX file nor a tmbuild project"):
        load_segments(text)


def test_cli_writes_every_format(tmp_path: Path) -> None:
    path = _tmx(tmp_path, [(s.source, s.target) for s in SEGMENTS])
    for fmt in ("tbx", "tbx2", "csv", "omegat"):
        out = tmp_path / f"g.{fmt}"
        result = CliRunner().invoke(app, ["terms", str(path), "-o", str(out), "--format", fmt, "--encoder", "none"])
        assert result.exit_code == 0, result.output
        assert "Organisation de la coopération islamique" in out.read_text(encoding="utf-8")


# --- exports ---------------------------------------------------------------------------------------------

PAIRS = [
    TermPair("Organisation de la coopération islamique", "Organization of Islamic Cooperation", 0.91, 44, 57, 57,
             0.99, 62.6, 0.87, 0.83, ["1", "5"]),
    TermPair("organisation régionale", "regional organization", 0.8, 2, 2, 2, 1.0, 17.6, 0.9, 0.7, ["4"],
             ["organisations régionales"], ["regional organizations"]),
    TermPair("OCI", "OIC", 0.7, 2, 2, 2, 1.0, 17.6, 0.6, 0.5, ["1", "6"],
             source_expansion="Organisation de la coopération islamique",
             target_expansion="Organization of Islamic Cooperation"),
]


def test_tbx3_follows_tbx_basic_structure() -> None:
    root = etree.fromstring(render_terms(PAIRS, "tbx"))
    ns = {"t": TBX3_NS}
    assert root.tag == f"{{{TBX3_NS}}}tbx" and root.get("type") == "TBX-Basic" and root.get("style") == "dca"
    entries = root.findall("t:text/t:body/t:conceptEntry", ns)
    assert len(entries) == 3
    secs = entries[0].findall("t:langSec", ns)
    assert [s.get("{http://www.w3.org/XML/1998/namespace}lang") for s in secs] == ["fr", "en"]
    assert secs[0].findtext("t:termSec/t:term", namespaces=ns) == "Organisation de la coopération islamique"
    variants = entries[1].findall("t:langSec/t:termSec", ns)
    assert [v.findtext("t:term", namespaces=ns) for v in variants] == [
        "organisation régionale", "organisations régionales", "regional organization", "regional organizations"]
    full = entries[2].findall("t:langSec/t:termSec/t:termNote[@type='termType']", ns)
    assert [f.text for f in full] == ["fullForm", "fullForm"]


def test_tbx2_is_read_by_translate_toolkit() -> None:
    tbx = pytest.importorskip("translate.storage.tbx")
    store = tbx.tbxfile.parsestring(render_terms(PAIRS, "tbx2"))
    units = [u for u in store.units if u.source]
    assert units[0].source == "Organisation de la coopération islamique"
    assert units[0].target == "Organization of Islamic Cooperation"
    root = etree.fromstring(render_terms(PAIRS, "tbx2"))
    assert root.tag == "martif" and len(root.findall("text/body/termEntry")) == 3


def test_csv_has_a_header_and_utf8_rows(tmp_path: Path) -> None:
    out = tmp_path / "g.csv"
    write_terms(PAIRS, out, "csv")
    rows = list(csv.DictReader(io.StringIO(out.read_bytes().decode("utf-8"))))
    assert rows[0]["source"] == "Organisation de la coopération islamique" and rows[0]["frequency"] == "44"
    assert rows[1]["source_variants"] == "organisations régionales" and rows[0]["examples"] == "1 5"


def test_omegat_glossary_is_tab_separated_source_target_comment(tmp_path: Path) -> None:
    out = tmp_path / "glossary.txt"
    write_terms(PAIRS, out, "omegat")
    lines = [line for line in out.read_text(encoding="utf-8").splitlines() if not line.startswith("#")]
    assert [line.split("\t")[:2] for line in lines][1] == ["organisation régionale", "regional organization"]
    assert all(len(line.split("\t")) == 3 for line in lines)


@pytest.mark.parametrize("fmt", ["tbx", "tbx2", "csv", "omegat"])
def test_writes_are_atomic(tmp_path: Path, fmt: str, monkeypatch: pytest.MonkeyPatch) -> None:
    # The write itself fails, at the last step (the rename into place): the old file stays, no temp is left.
    out = tmp_path / "g.out"
    out.write_text("old", encoding="utf-8")
    reached = []

    def refuse(src: object, dst: object) -> None:
        reached.append(str(dst))
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("tm.atomic.os.replace", refuse)
    with pytest.raises(OSError):
        write_terms(PAIRS, out, fmt)
    assert reached == [str(out)]
    assert out.read_text(encoding="utf-8") == "old" and list(tmp_path.iterdir()) == [out]


def test_a_project_feeds_the_same_segments(tmp_path: Path) -> None:
    store = pytest.importorskip("tm.project.store")
    from align.models import Alignment, Bead, Document, Segment

    def doc(lang: str, side: int) -> Document:
        return Document(lang, [], [Segment(n, s[side], n) for n, s in enumerate(SEGMENTS)])

    alignment = Alignment(doc("fr", 0), doc("en", 1), [Bead((n,), (n,)) for n in range(len(SEGMENTS))])
    store.Project.create(tmp_path / "p.tmbuild", alignment).close()
    assert load_segments(tmp_path / "p.tmbuild") == SEGMENTS


def test_repeated_segment_ids_do_not_merge_segments() -> None:
    same = [s._replace(id="x") for s in SEGMENTS]
    assert [(p.source, p.target, p.frequency) for p in pair_terms(same, similarity=fake_similarity)] == [
        (p.source, p.target, p.frequency) for p in pair_terms(SEGMENTS, similarity=fake_similarity)]

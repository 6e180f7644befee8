"""End-to-end term checks: the UN pair with the bundled encoder, and OmegaT 3.6 loading the glossaries."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from tests.fixtures.tools import OMEGAT_JAR, missing, require_tool
from tm.terms.export import write_terms
from tm.terms.pairs import TermPair
from tm.terms.sources import mine_terms, segments_from_alignment

UN = Path(__file__).resolve().parents[2] / "corpora" / "un-oic-2017"

# Pairs a terminologist would put in a glossary of this resolution; all must be in the top 40, whole.
EXPECTED_TOP40 = {
    ("Organisation de la coopération islamique", "Organization of Islamic Cooperation"),
    ("Organisation des Nations Unies", "United Nations"),
    ("organes subsidiaires", "subsidiary organs"),
    ("Secrétariat général de l’Organisation de la coopération islamique",
     "General Secretariat of the Organization of Islamic Cooperation"),
    ("Alliance des civilisations de l’Organisation des Nations Unies", "United Nations Alliance of Civilizations"),
    ("Secrétaire général", "Secretary-General"),
    ("Charte des Nations Unies", "Charter of the United Nations"),
    ("objectifs de développement durable", "Sustainable Development Goals"),
    ("terrorisme international", "international terrorism"),
    ("diplomatie préventive", "preventive diplomacy"),
    ("comités permanents", "standing committees"),
    ("Organisation de la Conférence islamique", "Organization of the Islamic Conference"),
    ("Conseil de sécurité", "Security Council"),
    ("Assemblée générale", "General Assembly"),
}


@pytest.fixture(scope="module")
def un_pairs() -> list[TermPair]:
    from align.api import align_documents
    from align.embed.encoders import load_encoder
    from align.prepare import load_document

    src = load_document(UN / "fr.txt", "fr")
    tgt = load_document(UN / "en.txt", "en")
    alignment = align_documents(src, tgt, encoder=load_encoder("use"))
    return mine_terms(segments_from_alignment(alignment), encoder="use")


@pytest.mark.slow
def test_un_pair_top_40_holds_the_glossary_terms_whole(un_pairs: list[TermPair]) -> None:
    top = [(p.source, p.target) for p in un_pairs[:40]]
    assert top[0] == ("Organisation de la coopération islamique", "Organization of Islamic Cooperation")
    assert set(top) >= EXPECTED_TOP40, EXPECTED_TOP40 - set(top)
    # No fragment of the organisation's name stands in for it.
    assert not any(t in ("Islamic Cooperation", "Organization of Islamic") for _s, t in top)


GLOSSARY_CHECK = """
import java.io.File;
import org.omegat.core.Core;
import org.omegat.core.data.ProjectProperties;
import org.omegat.core.data.RealProject;
import org.omegat.gui.glossary.GlossaryEntry;
import org.omegat.gui.glossary.GlossaryReaderTBX;
import org.omegat.gui.glossary.GlossaryReaderTSV;

public class GlossaryCheck {
    public static void main(String[] args) throws Exception {
        ProjectProperties props = new ProjectProperties(new File(args[2]));
        props.setSourceLanguage("fr");
        props.setTargetLanguage("en");
        Core.setProject(new RealProject(props));  // the TBX reader takes the languages from the open project
        File f = new File(args[1]);
        for (GlossaryEntry e : args[0].equals("tbx") ? GlossaryReaderTBX.read(f, false)
                                                     : GlossaryReaderTSV.read(f, false)) {
            System.out.println(e.getSrcText() + "\\t" + e.getLocText());
        }
    }
}
"""

PAIRS = [
    TermPair("Organisation de la coopération islamique", "Organization of Islamic Cooperation", 0.9, 44, 57, 57,
             1.0, 60.0, 0.87, 0.83, ["1", "5"]),
    TermPair("organisation régionale", "regional organization", 0.8, 2, 2, 2, 1.0, 17.6, 0.9, 0.7, ["4"],
             ["organisations régionales"], ["regional organizations"]),
]


@pytest.mark.slow
@pytest.mark.parametrize("fmt, reader, name", [("omegat", "tsv", "glossary.txt"), ("tbx2", "tbx", "glossary.tbx")])
def test_omegat_loads_the_glossary_with_its_own_readers(tmp_path: Path, fmt: str, reader: str, name: str) -> None:
    java = require_tool("java")
    javac = shutil.which("javac")
    if javac is None:  # a JDK is not among `make sysdeps`' packages yet: skip rather than fail CI
        pytest.skip("javac is needed to call OmegaT's glossary readers (apt-get install default-jdk-headless)")
    if not OMEGAT_JAR.is_file():
        missing(f"{OMEGAT_JAR} is absent (make sysdeps installs omegat)")
    (tmp_path / "GlossaryCheck.java").write_text(GLOSSARY_CHECK, encoding="utf-8")
    subprocess.run([javac, "-cp", str(OMEGAT_JAR), "GlossaryCheck.java"], cwd=tmp_path, check=True, timeout=120)
    glossary = tmp_path / name
    write_terms(PAIRS, glossary, fmt)
    (tmp_path / "project").mkdir()
    proc = subprocess.run([java, "-cp", f"{OMEGAT_JAR}:.", "GlossaryCheck", reader, str(glossary),
                           str(tmp_path / "project")], cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    entries = [line.split("\t") for line in proc.stdout.splitlines() if "\t" in line]
    assert entries[0] == ["Organisation de la coopération islamique", "Organization of Islamic Cooperation"]
    assert ["organisation régionale", "regional organization"] in entries

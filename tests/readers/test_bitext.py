"""XLIFF 1.2/2.0 and TMX as documents: one language side, inline codes left out, paragraphs restored."""

from __future__ import annotations

import pytest

from align.errors import InputError
from align.prepare import check_distinct
from align.readers import read_document

XLIFF12 = """<?xml version="1.0" encoding="UTF-8"?>
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">
 <file source-language="fr-FR" target-language="en-GB" datatype="plaintext" original="a.txt"><body>
  <group id="g"><trans-unit id="1"><source>L’Assemblée <g id="1">générale</g>,</source>
   <target>The <bpt id="1">&lt;b&gt;</bpt>General<ept id="1">&lt;/b&gt;</ept> Assembly,</target></trans-unit></group>
  <trans-unit id="2"><source>Rappelant sa résolution.<ph id="2">{0}</ph></source>
   <target>Recalling its resolution.</target></trans-unit>
 </body></file></xliff>"""

XLIFF20 = """<?xml version="1.0" encoding="UTF-8"?>
<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="fr" trgLang="en">
 <file id="f1"><unit id="u1">
   <segment><source>Prend note du rapport.</source><target>Takes note of the report.</target></segment>
   <ignorable><source> </source></ignorable>
   <segment><source>Prie le <pc id="1">Secrétaire</pc> général<ph id="2"/>.</source>
     <target>Requests the <pc id="1">Secretary</pc>-General.</target></segment>
 </unit><unit id="u2"><segment><source>Décide.</source><target>Decides<cp hex="2026"/></target></segment></unit>
 </file></xliff>"""


@pytest.mark.parametrize(("lang", "want"), [
    ("fr", ["L’Assemblée générale,", "Rappelant sa résolution."]),
    ("en-US", ["The General Assembly,", "Recalling its resolution."]),
])
def test_xliff12_side_by_language(tmp_path, lang, want):
    path = tmp_path / "a.xlf"
    path.write_text(XLIFF12, encoding="utf-8")
    assert [p.text for p in read_document(path, lang).paragraphs] == want


def test_xliff20_units_join_their_segments(tmp_path):
    path = tmp_path / "a.xliff"
    path.write_text(XLIFF20, encoding="utf-8")
    assert [p.text for p in read_document(path, "fr").paragraphs] == [
        "Prend note du rapport. Prie le Secrétaire général.", "Décide."]
    assert [p.text for p in read_document(path, "en").paragraphs] == [
        "Takes note of the report. Requests the Secretary-General.", "Decides…"]
    assert [p.text for p in read_document(path, "en", side="source").paragraphs][1] == "Décide."
    with pytest.raises(InputError, match="holds fr and en, not de"):
        read_document(path, "de")


def test_tmx_side_and_tmbuild_paragraphs(tmp_path):
    path = tmp_path / "m.tmx"
    path.write_text("""<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE tmx SYSTEM "tmx14.dtd">
<tmx version="1.4"><header srclang="fr" segtype="sentence" o-tmf="x" adminlang="en" datatype="plaintext"
 creationtool="t" creationtoolversion="1"/><body>
<tu><prop type="x-paragraph">3</prop><prop type="x-kind">body</prop>
 <tuv xml:lang="fr"><seg>Première phrase.</seg></tuv><tuv xml:lang="en-GB"><seg>First sentence.</seg></tuv></tu>
<tu><prop type="x-paragraph">3</prop><prop type="x-kind">body</prop>
 <tuv xml:lang="fr"><seg>Deuxième <ph>&lt;br/&gt;</ph>phrase.</seg></tuv>
 <tuv xml:lang="en-GB"><seg>Second <hi>sentence</hi>.</seg></tuv></tu>
<tu><prop type="x-paragraph">9</prop><prop type="x-kind">footnote</prop>
 <tuv xml:lang="fr"><seg>Voir A/71/160.</seg></tuv><tuv xml:lang="en-GB"><seg>See A/71/160.</seg></tuv></tu>
</body></tmx>""", encoding="utf-8")
    en = read_document(path, "en").paragraphs
    assert [(p.kind.value, p.text) for p in en] == [("body", "First sentence. Second sentence."),
                                                    ("footnote", "See A/71/160.")]
    assert read_document(path, "fr").paragraphs[0].text == "Première phrase. Deuxième phrase."
    with pytest.raises(InputError, match="no de side"):
        read_document(path, "de")
    # Both sides of one bilingual file are a valid pair for re-alignment.
    check_distinct(path, path)

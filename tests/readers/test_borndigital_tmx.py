"""Through the user's door: a born-digital pair aligned by `tmbuild align` keeps every word as it came,
its segment kinds reach the TMX, footnotes and code align among themselves, and nothing is OCR-repaired."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from align.models import Kind
from align.readers.tmx import read_tmx
from tests.fixtures.cli import tmbuild
from tests.fixtures.odtmaker import export_all, gold_units
from tests.readers.test_borndigital import BLOCKS

pytestmark = pytest.mark.slow


def _words(texts: list[str]) -> Counter[str]:
    return Counter(w for t in texts for w in re.findall(r"\w+", t))


@pytest.fixture(scope="module")
def pairs(tmp_path_factory):
    folder = tmp_path_factory.mktemp("bd-tmx")
    return folder, export_all(BLOCKS, folder)


@pytest.mark.parametrize("fmt", ["pdf", "docx", "odt"])
def test_no_word_changes_between_input_and_tmx(pairs, fmt):
    folder, files = pairs
    tmx = folder / f"{fmt}.tmx"
    proc = tmbuild("align", str(files[("fr", fmt)]), str(files[("en", fmt)]), "-o", str(tmx), "--include-null")
    assert proc.returncode == 0, proc.stderr
    assert "OCR repairs" not in proc.stdout
    units = read_tmx(tmx)
    for lang in ("fr", "en"):
        expected = [text for _, text in gold_units(BLOCKS[lang])]
        assert _words([u.text(lang) for u in units]) == _words(expected)
        # Code keeps its lines and runs of spaces, byte for byte.
        code = next(text for kind, text in gold_units(BLOCKS[lang]) if kind is Kind.CODE)
        assert code in [u.text(lang) for u in units]
    kinds = {u.props["x-kind"] for u in units}
    assert {"heading", "body", "list-item", "footnote", "code", "table-cell"} <= kinds
    # Footnotes and code are streams of their own: a TU never mixes them with other kinds.
    for u in units:
        if u.props["x-kind"] in ("footnote", "code"):
            for lang in ("fr", "en"):
                if u.text(lang):
                    assert any(k.value == u.props["x-kind"] and u.text(lang) in t
                               for k, t in gold_units(BLOCKS[lang])), (lang, u.text(lang))

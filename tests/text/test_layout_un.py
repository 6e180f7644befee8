"""The UN pair with its page furniture redone (odd/even headers, page numbers in other forms, an OCR-garbled
header) and French no-break spaces still aligns with unit F1 1.0, and the TMX keeps the no-break spaces."""

from __future__ import annotations

import re

import pytest

from align.api import align_documents
from align.embed.encoders import load_encoder
from align.eval.scores import load_gold_units, score_units
from align.prepare import load_document
from align.readers.tmx import read_tmx
from tests.fixtures.paths import CORPUS
from tm.tmx import write_tmx

pytestmark = pytest.mark.slow


def repaginate(text: str) -> str:
    """Each page's `A/72/L.10` header and `n/9` footer replaced: header on even pages only, `Page n of 9`."""
    pages = text.split("\f")
    out = []
    for n, page in enumerate(pages, 1):
        page = re.sub(r"(?m)^\s*\d/9\s*$", f"{' ' * 30}Page {n} of {len(pages)}", page)
        symbol = "A/72/L.1O" if n == 4 else "A/72/L.10"  # OCR misreads a zero once
        page = re.sub(r"(?m)^A/72/L\.10$", f"{symbol}{' ' * 40}{n}/{len(pages)}" if n % 2 == 0 else "", page)
        out.append(page)
    return "\f".join(out)


def test_un_pair_with_other_furniture_and_no_break_spaces(tmp_path):
    en = (CORPUS / "en.txt").read_text(encoding="utf-8")
    assert en.count("A/72/L.10") >= 8
    (tmp_path / "en.txt").write_text(repaginate(en), encoding="utf-8")
    fr = (CORPUS / "fr.txt").read_text(encoding="utf-8")
    (tmp_path / "fr.txt").write_text(re.sub(r" ([;:])", "\u00a0\\1", fr), encoding="utf-8")
    src, tgt = load_document(tmp_path / "fr.txt", "fr"), load_document(tmp_path / "en.txt", "en")
    out = tmp_path / "un.tmx"
    write_tmx(align_documents(src, tgt, encoder=load_encoder("use")), out, srclang="fr", tgtlang="en")
    pairs = [(u.text("fr"), u.text("en")) for u in read_tmx(out)]
    assert score_units(pairs, load_gold_units(CORPUS / "gold.jsonl"), src_key="fr", tgt_key="en")["f1"] == 1.0
    assert sum("\u00a0;" in fr_text for fr_text, _ in pairs) >= 20
    assert not any(re.search(r"A/72/L\.1[0O]|Page \d of|\b\d/9\b", en_text) for _, en_text in pairs)

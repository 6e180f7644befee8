"""Sentence splitters compared on the segmentation tables of tests/text/segment_cases.py.

    python -m benchmarks.segmenters

Prints, per language, how many paragraphs each splitter cuts exactly as the table expects: tmbuild's
(align.text.segment), sentence-splitter alone (Moses rules, English prefixes where it has no list), pysbd.
"""

from __future__ import annotations

import sys
from collections import Counter
from collections.abc import Callable

from align.langtags import primary
from align.text.segment import _SUPPORTED, split_sentences


def _moses(text: str, lang: str) -> list[str]:
    from sentence_splitter import SentenceSplitter

    base = primary(lang) if primary(lang) in _SUPPORTED else "en"
    return [s.strip() for s in SentenceSplitter(language=base).split(text) if s.strip()]


def _pysbd(text: str, lang: str) -> list[str]:
    import pysbd

    try:
        seg = pysbd.Segmenter(language=primary(lang), clean=False)
    except ValueError:
        seg = pysbd.Segmenter(language="en", clean=False)
    return [s.strip() for s in seg.segment(text) if s.strip()]


SPLITTERS: dict[str, Callable[[str, str], list[str]]] = {"tmbuild": split_sentences, "sentence-splitter": _moses,
                                                         "pysbd": _pysbd}


def main() -> int:
    sys.path.insert(0, ".")
    from tests.text.segment_cases import CASES

    right: dict[str, Counter[str]] = {name: Counter() for name in SPLITTERS}
    total: Counter[str] = Counter()
    for lang, rows in CASES.items():
        for text, want in rows:
            total[lang] += 1
            for name, split in SPLITTERS.items():
                right[name][lang] += split(text, lang) == want
    langs = list(CASES)
    print(f"{'splitter':18} " + " ".join(f"{lang:>6}" for lang in langs) + "   total")
    for name in SPLITTERS:
        cells = " ".join(f"{right[name][lang]:>3}/{total[lang]:<2}" for lang in langs)
        print(f"{name:18} {cells}   {sum(right[name].values())}/{sum(total.values())}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

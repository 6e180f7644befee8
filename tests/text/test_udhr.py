"""A second real document pair, the UDHR in its official French and English texts (one paragraph per
line, no gold): every article heading must pair with the same article, and the text must align 1-1."""

from __future__ import annotations

import re

import pytest

from align.api import align_documents
from align.embed.encoders import load_encoder
from align.prepare import load_document
from tests.fixtures.paths import require_shared

pytestmark = pytest.mark.slow

_ARTICLE = re.compile(r"^Article (premier|\d+)$")


def test_udhr_articles_align_with_the_same_article():
    udhr = require_shared("benchmarks", "udhr")
    src, tgt = load_document(udhr / "fr.txt", "fr"), load_document(udhr / "en.txt", "en")
    alignment = align_documents(src, tgt, encoder=load_encoder("use", cache=False))
    beads = alignment.beads
    headings = []
    for fr, en, _bead in alignment.pairs():
        m = _ARTICLE.match(fr)
        if m:
            number = "1" if m.group(1) == "premier" else m.group(1)
            assert en == f"Article {number}", (fr, en)
            headings.append(number)
    assert headings == [str(n) for n in range(1, 31)]
    one_to_one = sum(1 for b in beads if b.kind == "1-1")
    assert one_to_one >= 0.95 * len(beads)
    # Every sentence of both sides is in exactly one bead, in order.
    assert [i for b in beads for i in b.src] == list(range(len(src.segments)))
    assert [j for b in beads for j in b.tgt] == list(range(len(tgt.segments)))

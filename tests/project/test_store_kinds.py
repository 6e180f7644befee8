"""Every segment kind a reader gives (align.models.Kind) survives a review project's SQLite round trip."""

from __future__ import annotations

import pytest

from align.models import Alignment, Bead, Kind, Paragraph
from align.text.segment import segment_document
from tm.project.store import Project


@pytest.mark.parametrize("kind", list(Kind))
def test_kind_round_trips_through_the_store(tmp_path, kind):
    paragraphs = [Paragraph("Un titre"), Paragraph("cp a.txt  b.txt" if kind is Kind.CODE else "Un texte.", kind)]
    src = segment_document(paragraphs, "fr", name="fr.odt")
    tgt = segment_document([Paragraph("A title"), Paragraph("cp a.txt  b.txt" if kind is Kind.CODE else "A text.",
                                                            kind)], "en", name="en.odt")
    alignment = Alignment(src, tgt, [Bead((0,), (0,)), Bead((1,), (1,))])
    project = Project.create(tmp_path / "p.tmproj", alignment)
    project.close()
    reopened = Project.open(tmp_path / "p.tmproj")
    try:
        for side in ("src", "tgt"):
            doc = reopened.document(side)
            assert doc.segments[1].kind is kind and doc.paragraphs[1].kind is kind
    finally:
        reopened.close()

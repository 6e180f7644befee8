"""XLIFF 1.2 bilingual files: one <file> per document, one <trans-unit> per unit, the score as a note."""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from pathlib import Path

from lxml import etree

from tm.atomic import atomic_write
from tm.batch.ledger import MergedUnit
from tm.batch.work import LONG_SEGMENT

NS = "urn:oasis:names:tc:xliff:document:1.2"


def _q(tag: str) -> str:
    return f"{{{NS}}}{tag}"


def build_xliff(units: Iterable[MergedUnit], *, srclang: str, tgtlang: str, low: float = 0.5) -> tuple[bytes, int]:
    root = etree.Element(_q("xliff"), nsmap={None: NS}, version="1.2")
    count = 0
    for document, group in itertools.groupby(units, key=lambda m: m.document):
        file = etree.SubElement(root, _q("file"), original=document, datatype="plaintext",
                                **{"source-language": srclang, "target-language": tgtlang})
        etree.SubElement(file, _q("header"))
        body = etree.SubElement(file, _q("body"))
        for m in group:
            u = m.unit
            tu = etree.SubElement(body, _q("trans-unit"), id=f"{m.pos + 1}", approved="no")
            etree.SubElement(tu, _q("source")).text = u.src
            # "needs-review-translation" flags what a reviser must look at; the rest reads as translated.
            state = "needs-review-translation" if u.score < low else "translated"
            etree.SubElement(tu, _q("target"), state=state).text = u.tgt
            note = f"score {u.score:.4f}; bead {u.bead}; seen {m.count}×"
            if max(len(u.src), len(u.tgt)) > LONG_SEGMENT:
                note += "; over 2,000 characters"
            etree.SubElement(tu, _q("note"), **{"from": "tmbuild"}).text = note
            count += 1
    data = etree.tostring(root, encoding="UTF-8", xml_declaration=True, pretty_print=True)
    return data, count


def write_xliff(path: Path, units: Iterable[MergedUnit], *, srclang: str, tgtlang: str, low: float = 0.5) -> int:
    """Write the XLIFF (atomically) and return the number of trans-units."""
    data, count = build_xliff(units, srclang=srclang, tgtlang=tgtlang, low=low)
    atomic_write(path, data)
    return count

"""The batch's merged TMX, streamed from the ledger: one <tu> per distinct pair, with where it came from."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timezone
from pathlib import Path

from lxml import etree

from align import __version__
from tm.atomic import atomic_open
from tm.batch.ledger import MergedUnit
from tm.batch.work import LONG_SEGMENT
from tm.tmx import DOCTYPE, XML_DECLARATION, XML_LANG, tmx_date


def unit_props(m: MergedUnit) -> dict[str, str]:
    """The <prop>s of a merged unit; x-context-* hold the neighbouring source sentences, as CAT tools' context."""
    u = m.unit
    props = {"x-document": m.document, "x-score": f"{u.score:.4f}", "x-bead": u.bead,
             "x-paragraph": str(u.paragraph), "x-kind": u.kind, "x-count": str(m.count)}
    if u.pre:
        props["x-context-pre"] = u.pre
    if u.post:
        props["x-context-post"] = u.post
    if max(len(u.src), len(u.tgt)) > LONG_SEGMENT:
        props["x-long-segment"] = "true"  # over Trados Cloud's import limit: split it before importing there
    return props


def write_merged_tmx(path: Path, units: Iterable[MergedUnit], *, srclang: str, tgtlang: str,
                     created: float) -> int:
    """Write the units as one TMX 1.4b file (atomically, streamed) and return the number of <tu>s."""
    date = tmx_date(datetime.fromtimestamp(created, timezone.utc))
    count = 0
    with atomic_open(path, "wb") as f:
        f.write(XML_DECLARATION + DOCTYPE)
        with etree.xmlfile(f, encoding="UTF-8") as xf, xf.element("tmx", version="1.4"):
            xf.write("\n")
            xf.write(etree.Element("header", {
                "creationtool": "tmbuild", "creationtoolversion": __version__, "segtype": "sentence",
                "o-tmf": "tmbuild", "adminlang": "en", "srclang": srclang, "datatype": "plaintext",
                "creationdate": date}))
            xf.write("\n")
            with xf.element("body"):
                xf.write("\n")
                for m in units:
                    xf.write(_tu(m, srclang, tgtlang, date), pretty_print=True)
                    count += 1
        f.write(b"\n")
    return count


def _tu(m: MergedUnit, srclang: str, tgtlang: str, date: str) -> etree._Element:
    tu = etree.Element("tu", tuid=f"{m.document}#{m.pos + 1}", creationdate=date, creationid="tmbuild",
                       changedate=date, changeid="tmbuild")
    for kind, value in unit_props(m).items():
        etree.SubElement(tu, "prop", type=kind).text = value
    for lang, text in ((srclang, m.unit.src), (tgtlang, m.unit.tgt)):
        if text.strip():
            tuv = etree.SubElement(tu, "tuv", {XML_LANG: lang})
            etree.SubElement(tuv, "seg").text = text
    return tu

"""TMX 1.4b translation memories: an Alignment written as TMX (align.readers.tmx reads them)."""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, timezone

from lxml import etree

from align import __version__, errors
from align.langtags import parse_tag
from align.models import Alignment, Bead, Segment
from align.readers.xmlsafe import XML_LANG
from tm.atomic import atomic_write

XML_DECLARATION = b'<?xml version="1.0" encoding="UTF-8"?>\n'
DOCTYPE = b'<!DOCTYPE tmx SYSTEM "tmx14.dtd">\n'
TMX_DATE = "%Y%m%dT%H%M%SZ"

# Everything outside the XML 1.0 Char production: C0 controls but \t\n\r, lone surrogates, U+FFFE and U+FFFF.
_ILLEGAL_XML = re.compile(r"[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
# Inline codes hold the original document's markup, not translatable text.

# Called with the bead's position in alignment.beads (0-based) and the bead; returns prop type -> value.
ExtraProps = Callable[[int, Bead], "Mapping[str, str] | None"]


def strip_illegal_xml(text: str) -> str:
    """`text` without the characters XML 1.0 cannot hold at all (not even as character references)."""
    return _ILLEGAL_XML.sub("", text)


def creation_time() -> datetime:
    """Now, or SOURCE_DATE_EPOCH when set (the reproducible-builds convention): the date a new memory carries."""
    value = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    return datetime.fromtimestamp(int(value), timezone.utc) if value.isdigit() else datetime.now(timezone.utc)


def tmx_date(when: datetime | None = None) -> str:
    """A TMX date, YYYYMMDDThhmmssZ in UTC (default: creation_time()); a naive datetime is taken to be UTC."""
    when = when or creation_time()
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    return when.astimezone(timezone.utc).strftime(TMX_DATE)


def _check_langs(srclang: str, tgtlang: str) -> tuple[str, str]:
    """Both tags in BCP 47 form, refusing a malformed tag or the same tag twice."""
    src, tgt = parse_tag(srclang), parse_tag(tgtlang)
    if src == tgt:
        raise errors.same_languages(src)
    return src, tgt


def _first_segment(alignment: Alignment, bead: Bead) -> Segment:
    """The bead's first source segment, or its first target segment when it has no source side."""
    if bead.src:
        return alignment.src.segments[bead.src[0]]
    return alignment.tgt.segments[bead.tgt[0]]


def _props(alignment: Alignment, bead: Bead, document: str) -> dict[str, str]:
    first = _first_segment(alignment, bead)
    props = {"x-score": f"{bead.confidence:.4f}"}
    if document:
        props["x-document"] = document
    props["x-paragraph"] = str(first.paragraph)
    props["x-bead"] = bead.kind
    props["x-kind"] = getattr(first.kind, "value", str(first.kind))
    return props


@dataclass(frozen=True)
class Units:
    """The beads that become <tu>s (position, source, target, bead; texts XML-safe), and why the others do not."""

    units: list[tuple[int, str, str, Bead]]
    repeated: int  # the same (source, target) pair again: written once
    one_sided: int  # a source or a target alone (1-0, 0-1; or empty once cleaned), left out unless include_null

    def left_out(self) -> str:
        """Why there are fewer units than beads, for a message ("" when every bead became a unit)."""
        parts = ([f"{self.repeated} repeated pair{'s' * (self.repeated > 1)} written once"] if self.repeated
                 else []) + ([f"{self.one_sided} one-sided bead{'s' * (self.one_sided > 1)} (1-0, 0-1) left out"]
                             if self.one_sided else [])
        return "; ".join(parts)


def written_units(alignment: Alignment, include_null: bool = False) -> Units:
    """What build_tmx writes of `alignment`: the one place that decides which beads become units."""
    units: list[tuple[int, str, str, Bead]] = []
    seen: set[tuple[str, str]] = set()
    repeated = one_sided = 0
    for position, (src_text, tgt_text, bead) in enumerate(alignment.pairs()):
        src_text, tgt_text = strip_illegal_xml(src_text), strip_illegal_xml(tgt_text)
        # A side that was only illegal characters counts as missing, so the bead becomes a null bead.
        filled = sum(1 for text in (src_text, tgt_text) if text.strip())
        if not filled or (filled == 1 and not include_null):
            one_sided += 1
        elif (src_text, tgt_text) in seen:
            repeated += 1
        else:
            seen.add((src_text, tgt_text))
            units.append((position, src_text, tgt_text, bead))
    return Units(units, repeated, one_sided)


def build_tmx(alignment: Alignment, *, srclang: str | None = None, tgtlang: str | None = None,
              include_null: bool = False, document: str = "", creationdate: datetime | None = None,
              extra_props: ExtraProps | None = None) -> tuple[bytes, int]:
    """The TMX file's bytes and the number of <tu>s in it (see write_tmx)."""
    srclang, tgtlang = _check_langs(
        alignment.src.lang if srclang is None else srclang, alignment.tgt.lang if tgtlang is None else tgtlang)
    document = strip_illegal_xml(document or alignment.src.name)
    root = etree.Element("tmx", version="1.4")
    etree.SubElement(root, "header", {
        "creationtool": "tmbuild",
        "creationtoolversion": __version__,
        "segtype": "sentence",
        "o-tmf": "tmbuild",
        "adminlang": "en",
        "srclang": srclang,
        "datatype": "plaintext",
        "creationdate": tmx_date(creationdate),
    })
    body = etree.SubElement(root, "body")
    for position, src_text, tgt_text, bead in written_units(alignment, include_null).units:
        sides = [(lang, text) for lang, text in ((srclang, src_text), (tgtlang, tgt_text)) if text.strip()]
        props = _props(alignment, bead, document)
        if extra_props is not None:
            props.update(extra_props(position, bead) or {})
        # tuid is the bead number (as in the TSV), so a TU can be traced back to its bead.
        tu = etree.SubElement(body, "tu", tuid=str(position + 1))
        for kind, value in props.items():  # the DTD wants every <prop> before the first <tuv>
            etree.SubElement(tu, "prop", type=kind).text = strip_illegal_xml(str(value))
        for lang, text in sides:
            # A null bead gets a single <tuv>: an empty <seg> would read as "translates to nothing" in CAT tools.
            tuv = etree.SubElement(tu, "tuv", {XML_LANG: lang})
            etree.SubElement(tuv, "seg").text = text
    data = XML_DECLARATION + DOCTYPE + etree.tostring(root, encoding="UTF-8", xml_declaration=False,
                                                      pretty_print=True)
    return data, len(body)


def write_tmx(alignment: Alignment, path: str | os.PathLike[str], *, srclang: str | None = None,
              tgtlang: str | None = None, include_null: bool = False, document: str = "",
              creationdate: datetime | None = None,
              extra_props: ExtraProps | None = None) -> int:
    """Write the alignment's beads as a TMX 1.4b file (atomically) and return the number of <tu>s written.

    Null beads (1-0, 0-1) are left out unless `include_null`; repeated (source, target) pairs keep only the first;
    `extra_props(position, bead)` may add or override <prop>s, e.g. {"x-status": "confirmed"}.
    """
    data, count = build_tmx(alignment, srclang=srclang, tgtlang=tgtlang, include_null=include_null,
                            document=document, creationdate=creationdate, extra_props=extra_props)
    atomic_write(path, data)
    return count

"""Merge translation memories: one unit per normalised pair (the newest kept), conflicting targets reported."""

from __future__ import annotations

import csv
import io
import os
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from align import __version__, errors
from align.langtags import parse_tag, same_language
from align.readers.tmx import TranslationUnit, read_tmx
from tm.atomic import atomic_write
from tm.batch.ledger import normalise
from tm.tmx import DOCTYPE, XML_DECLARATION, XML_LANG, strip_illegal_xml, tmx_date


@dataclass
class Conflict:
    """One source segment that the memories translate in more than one way (targets in first-seen order)."""

    source: str
    targets: list[str]


@dataclass
class MergeResult:
    read: int  # units read, over all inputs
    units: int  # units written
    duplicates: int  # units dropped as the same normalised pair as one kept
    skipped: int  # units without both languages
    conflicts: list[Conflict] = field(default_factory=list)


def _side(unit: TranslationUnit, lang: str) -> tuple[str, str, str] | None:
    """(language code as written, plain text, markup) of the unit's variant in `lang`, if it has a non-empty one."""
    for code, text in unit.texts.items():
        try:
            if text.strip() and same_language(parse_tag(code), lang):
                return parse_tag(code), text, unit.markup.get(code, "")
        except errors.TmbuildError:
            continue
    return None


def _count(unit: TranslationUnit) -> int:
    value = unit.props.get("x-count", "")
    return int(value) if value.isdigit() and int(value) > 0 else 1


def merge_units(memories: list[list[TranslationUnit]], srclang: str, tgtlang: str
                ) -> tuple[list[tuple[TranslationUnit, int]], MergeResult]:
    """The kept units with their counts, in first-seen order, and what merging found."""
    kept: dict[tuple[str, str], tuple[TranslationUnit, int]] = {}
    targets: dict[str, dict[str, str]] = {}  # normalised source -> normalised target -> target as first seen
    sources: dict[str, str] = {}  # normalised source -> source as first seen
    read = skipped = 0
    for units in memories:
        for unit in units:
            read += 1
            src, tgt = _side(unit, srclang), _side(unit, tgtlang)
            if src is None or tgt is None:
                skipped += 1
                continue
            key = (normalise(src[1]), normalise(tgt[1]))
            targets.setdefault(key[0], {}).setdefault(key[1], tgt[1])
            sources.setdefault(key[0], src[1])
            if key not in kept:
                kept[key] = (unit, _count(unit))
                continue
            old, count = kept[key]
            # TMX dates (YYYYMMDDThhmmssZ) sort as strings; on a tie the unit read first stays.
            kept[key] = (unit if unit.changed > old.changed else old, count + _count(unit))
    conflicts = [Conflict(sources[source], list(t.values()))
                 for source, t in targets.items() if len(t) > 1]
    result = MergeResult(read=read, units=len(kept), duplicates=read - skipped - len(kept), skipped=skipped,
                         conflicts=conflicts)
    return list(kept.values()), result


def _seg(markup: str, text: str) -> etree._Element:
    """A <seg> from the unit's markup (inline codes kept), or from its plain text if the markup does not parse."""
    try:
        return etree.fromstring(f"<seg>{markup}</seg>")
    except etree.XMLSyntaxError:
        seg = etree.Element("seg")
        seg.text = strip_illegal_xml(text)
        return seg


def build_merged(kept: list[tuple[TranslationUnit, int]], srclang: str, tgtlang: str) -> bytes:
    root = etree.Element("tmx", version="1.4")
    etree.SubElement(root, "header", {
        "creationtool": "tmbuild", "creationtoolversion": __version__, "segtype": "sentence", "o-tmf": "tmbuild",
        "adminlang": "en", "srclang": srclang, "datatype": "plaintext",
        "creationdate": tmx_date()})
    body = etree.SubElement(root, "body")
    tuids: set[str] = set()
    for unit, count in kept:
        attrs = {k: v for k, v in unit.attrs.items() if k != "tuid"}
        if unit.tuid and unit.tuid not in tuids:  # a tuid must stay unique in the merged file
            attrs = {"tuid": unit.tuid, **attrs}
            tuids.add(unit.tuid)
        tu = etree.SubElement(body, "tu", attrs)
        for kind, value in {**unit.props, "x-count": str(count)}.items():
            etree.SubElement(tu, "prop", type=kind).text = value
        for lang in (srclang, tgtlang):
            code, text, markup = _side(unit, lang)  # type: ignore[misc]
            tuv = etree.SubElement(tu, "tuv", {XML_LANG: code})
            tuv.append(_seg(markup, text))
    return XML_DECLARATION + DOCTYPE + etree.tostring(root, encoding="UTF-8", pretty_print=True)


def write_conflicts(path: Path, conflicts: list[Conflict]) -> None:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(["source", "targets"])
    writer.writerows([c.source, " ||| ".join(c.targets)] for c in conflicts)
    atomic_write(path, buf.getvalue())


def merge_files(inputs: list[Path], output: str | os.PathLike[str], *, srclang: str = "fr", tgtlang: str = "en",
                conflicts_csv: Path | None = None) -> MergeResult:
    """Merge TMX files into `output` (written atomically, after every input was read)."""
    srclang, tgtlang = parse_tag(srclang), parse_tag(tgtlang)
    memories = []
    for path in inputs:
        units = read_tmx(path)
        if units and not any(_side(u, srclang) and _side(u, tgtlang) for u in units):
            raise errors.merge_languages(str(path), srclang, tgtlang)
        memories.append(units)
    kept, result = merge_units(memories, srclang, tgtlang)
    atomic_write(output, build_merged(kept, srclang, tgtlang))
    if conflicts_csv is not None:
        write_conflicts(conflicts_csv, result.conflicts)
    return result

"""Term-pair exports for CAT tools: TBX v3 (TBX-Basic), TBX v2 (martif), CSV and an OmegaT glossary; all atomic."""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Sequence
from enum import Enum

from lxml import etree

from align import __version__
from tm.atomic import atomic_write
from tm.terms.pairs import TermPair
from tm.tmx import XML_LANG, strip_illegal_xml

TBX3_NS = "urn:iso:std:iso:30042:ed-2"
TBX_BASIC_RNG = ("https://raw.githubusercontent.com/LTAC-Global/TBX-Basic_dialect/master/DCA/"
                 "TBXcoreStructV03_TBX-Basic_integrated.rng")
CSV_COLUMNS = ["source", "target", "score", "frequency", "source_frequency", "target_frequency", "dice", "llr",
               "similarity", "string_similarity", "examples", "source_variants", "target_variants"]


class TermFormat(str, Enum):
    """The export formats of `tmbuild terms`."""

    tbx = "tbx"  # TBX v3, TBX-Basic dialect
    tbx2 = "tbx2"  # TBX v2 martif (OmegaT 3.6, translate-toolkit)
    csv = "csv"
    omegat = "omegat"  # OmegaT tab-separated glossary


def _note(p: TermPair) -> str:
    ex = ", ".join(p.examples)
    return f"score {p.score:.2f}; frequency {p.frequency}; segments {ex}" if ex else f"score {p.score:.2f}"


def _x(text: str) -> str:
    return strip_illegal_xml(text)


def _serialise(root: etree._Element, pi: etree._Element | None = None) -> bytes:
    body = etree.tostring(root, encoding="UTF-8", xml_declaration=False, pretty_print=True)
    head = b'<?xml version="1.0" encoding="UTF-8"?>\n'
    if pi is not None:
        head += etree.tostring(pi) + b"\n"
    return head + body


def build_tbx3(pairs: Sequence[TermPair], src: str, tgt: str) -> bytes:
    """TBX v3 (ISO 30042:2019), TBX-Basic dialect, DCA style: conceptEntry / langSec / termSec / term."""
    ns = f"{{{TBX3_NS}}}"
    root = etree.Element(ns + "tbx", {"type": "TBX-Basic", "style": "dca", XML_LANG: src}, nsmap={None: TBX3_NS})
    header = etree.SubElement(root, ns + "tbxHeader")
    desc = etree.SubElement(etree.SubElement(header, ns + "fileDesc"), ns + "sourceDesc")
    etree.SubElement(desc, ns + "p").text = f"Extracted by tmbuild {__version__} from an aligned translation memory"
    body = etree.SubElement(etree.SubElement(root, ns + "text"), ns + "body")
    for n, p in enumerate(pairs, 1):
        entry = etree.SubElement(body, ns + "conceptEntry", id=f"c{n}")
        etree.SubElement(entry, ns + "note").text = _note(p)
        for lang, term, variants, expansion in ((src, p.source, p.source_variants, p.source_expansion),
                                                (tgt, p.target, p.target_variants, p.target_expansion)):
            sec = etree.SubElement(entry, ns + "langSec", {XML_LANG: lang})
            for k, text in enumerate([term, *variants, *([expansion] if expansion else [])]):
                term_sec = etree.SubElement(sec, ns + "termSec")
                etree.SubElement(term_sec, ns + "term").text = _x(text)
                kind = "fullForm" if expansion and text == expansion else "variant" if k else ""
                if kind:
                    etree.SubElement(term_sec, ns + "termNote", type="termType").text = kind
    pi = etree.ProcessingInstruction(
        "xml-model", f'href="{TBX_BASIC_RNG}" type="application/xml" '
                     'schematypens="http://relaxng.org/ns/structure/1.0"')
    return _serialise(root, pi)


def build_tbx2(pairs: Sequence[TermPair], src: str, tgt: str) -> bytes:
    """TBX v2 (ISO 30042:2008) `martif`: termEntry / langSet / tig / term, as OmegaT 3.6 and translate-toolkit read."""
    root = etree.Element("martif", {"type": "TBX", XML_LANG: src})
    header = etree.SubElement(root, "martifHeader")
    desc = etree.SubElement(etree.SubElement(header, "fileDesc"), "sourceDesc")
    etree.SubElement(desc, "p").text = f"Extracted by tmbuild {__version__} from an aligned translation memory"
    body = etree.SubElement(etree.SubElement(root, "text"), "body")
    for n, p in enumerate(pairs, 1):
        entry = etree.SubElement(body, "termEntry", id=f"t{n}")
        etree.SubElement(entry, "note").text = _note(p)
        for lang, term, variants in ((src, p.source, p.source_variants), (tgt, p.target, p.target_variants)):
            lang_set = etree.SubElement(entry, "langSet", {XML_LANG: lang})
            for text in [term, *variants]:
                etree.SubElement(etree.SubElement(lang_set, "tig"), "term").text = _x(text)
    return _serialise(root)


def build_csv(pairs: Sequence[TermPair]) -> str:
    """CSV with a header row; list fields are joined with '; ' (ids with spaces)."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(CSV_COLUMNS)
    for p in pairs:
        w.writerow([p.source, p.target, f"{p.score:.4f}", p.frequency, p.source_frequency, p.target_frequency,
                    f"{p.dice:.4f}", f"{p.llr:.2f}", f"{p.similarity:.4f}", f"{p.string_similarity:.4f}",
                    " ".join(p.examples), "; ".join(p.source_variants), "; ".join(p.target_variants)])
    return buf.getvalue()


def _cell(text: str) -> str:
    # A tab or newline inside a term would break OmegaT's one-entry-per-line, tab-separated layout.
    return " ".join(text.split())


def build_omegat(pairs: Sequence[TermPair], src: str, tgt: str) -> str:
    """OmegaT glossary: UTF-8 lines 'source<TAB>target<TAB>comment'; '#' lines are comments."""
    lines = [f"# tmbuild {__version__} glossary {src} -> {tgt}: source, target, comment"]
    for p in pairs:
        comment = _note(p)
        if p.source_variants or p.target_variants:
            comment += "; variants " + ", ".join([*p.source_variants, *p.target_variants])
        lines.append("\t".join(_cell(x) for x in (p.source, p.target, comment)))
    return "\n".join(lines) + "\n"


def render_terms(pairs: Sequence[TermPair], fmt: TermFormat | str, *, src: str = "fr", tgt: str = "en") -> bytes:
    """The bytes of `pairs` in `fmt`."""
    fmt = TermFormat(fmt)
    if fmt is TermFormat.tbx:
        return build_tbx3(pairs, src, tgt)
    if fmt is TermFormat.tbx2:
        return build_tbx2(pairs, src, tgt)
    if fmt is TermFormat.csv:
        return build_csv(pairs).encode("utf-8")
    return build_omegat(pairs, src, tgt).encode("utf-8")


def write_terms(pairs: Sequence[TermPair], path: str | os.PathLike[str], fmt: TermFormat | str, *,
                src: str = "fr", tgt: str = "en") -> None:
    """Write `pairs` to `path` in `fmt`, atomically (a failed run leaves no partial file)."""
    atomic_write(path, render_terms(pairs, fmt, src=src, tgt=tgt))

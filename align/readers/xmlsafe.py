"""Safe XML parsing for every reader: no entity expansion, no DTD loading, no network, bounded size."""

from __future__ import annotations

import re

from lxml import etree

from align import errors, limits

MAX_XML_BYTES = 200 * 1024 * 1024
# Entity declarations are what expansion bombs and external-entity reads are made of; documents
# from CAT tools and office suites never need them, so refusing them outright is the safe choice.
ENTITY_DECL = re.compile(rb"<!ENTITY|<\x00!\x00E\x00N\x00T\x00I\x00T\x00Y|\x00<\x00!\x00E\x00N\x00T\x00I\x00T\x00Y")


def safe_parser() -> etree.XMLParser:
    """An lxml parser that resolves no entities, loads no DTD and never touches the network."""
    return etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False,
                           dtd_validation=False, remove_comments=True, remove_pis=True)


def parse_xml(data: bytes, path: str, fmt: str) -> etree._Element:
    """The root element of `data`, or a one-line InputError for unsafe, oversized or malformed XML."""
    if len(data) > MAX_XML_BYTES:
        raise errors.unreadable(path, fmt, f"the XML is larger than {MAX_XML_BYTES // 2**20} MB")
    if ENTITY_DECL.search(data):
        raise errors.unsafe_xml(path, "the XML declares entities (a possible entity-expansion attack)")
    try:
        root = etree.fromstring(data, safe_parser())
    except etree.XMLSyntaxError as e:
        raise errors.unreadable(path, fmt, f"malformed XML ({first_line(str(e))})") from None
    if root is None:
        raise errors.unreadable(path, fmt, "the XML has no root element")
    check_tree(root, path)
    dtd = root.getroottree().docinfo.internalDTD
    if dtd is not None and any(True for _ in dtd.iterentities()):
        raise errors.unsafe_xml(path, "the XML declares entities (a possible entity-expansion attack)")
    return root


def check_tree(root: etree._Element, path: str) -> None:
    """Refuse a tree with more elements, or deeper nesting, than TMBUILD_XML_NODES / TMBUILD_XML_DEPTH allow."""
    lim = limits.current()
    nodes = sum(1 for _ in root.iter())
    if nodes > lim.xml_nodes:
        raise errors.over_limit(path, f"the XML's element count ({nodes:,})", lim.xml_nodes,
                                limits.setting("xml_nodes"))
    # libxml2 itself stops at depth 256 without huge_tree; a lower limit is measured here.
    if lim.xml_depth < 256:
        depth = deepest = 0
        for event, _ in etree.iterwalk(root, events=("start", "end")):
            depth += 1 if event == "start" else -1
            deepest = max(deepest, depth)
        if deepest > lim.xml_depth:
            raise errors.over_limit(path, f"the XML's nesting depth ({deepest})", lim.xml_depth,
                                    limits.setting("xml_depth"))


def first_line(text: str, width: int = 160) -> str:
    """The first line of an exception message, shortened, so errors stay one line."""
    line = (text.strip().splitlines() or [""])[0]
    return line if len(line) <= width else line[: width - 1] + "…"


def local(tag: object) -> str:
    """An element's tag without its namespace ('' for comments and processing instructions)."""
    return etree.QName(tag).localname if isinstance(tag, str) else ""


XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
# Inline elements whose content is native markup (or a sub-flow of it), not translatable text.
_CODES = {"bpt", "ept", "ph", "it", "ut", "sub", "sc", "ec"}


def inline_text(el: etree._Element) -> str:
    """Translatable text of a segment element: text and inline markup's text, not native codes."""
    parts = [el.text or ""]
    for child in el:
        name = local(child.tag)
        if name == "cp":  # XLIFF 2.0 code point of a character XML cannot hold
            parts.append(_codepoint(child.get("hex", "")))
        elif name and name not in _CODES:
            parts.append(inline_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


def _codepoint(hex_: str) -> str:
    try:
        return chr(int(hex_, 16))
    except ValueError:
        return ""

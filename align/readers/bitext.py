"""XLIFF 1.2/2.0 and TMX readers: one language side of a bilingual file as a document, for re-alignment."""

from __future__ import annotations

from lxml import etree

from align import errors
from align.langtags import primary
from align.models import Kind, Paragraph
from align.readers.xmlsafe import local, parse_xml

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


def _choose(path: str, fmt: str, lang: str, src: str, tgt: str, side: str | None) -> str:
    """'source' or 'target': as asked, else the side whose declared language is `lang`."""
    if side in ("source", "target"):
        return side
    want = primary(lang)
    if src and primary(src) == want:
        return "source"
    if tgt and primary(tgt) == want:
        return "target"
    if not src and not tgt:
        return "source"
    raise errors.bitext_other_languages(path, fmt, src, tgt, lang)


def read_xliff(data: bytes, path: str, lang: str, side: str | None = None) -> list[Paragraph]:
    """One paragraph per trans-unit (1.2) or unit (2.0), from the side in language `lang`."""
    root = parse_xml(data, path, "XLIFF")
    if local(root.tag) != "xliff":
        raise errors.unreadable(path, "XLIFF", f"the root element is <{local(root.tag)}>, not <xliff>")
    v2 = root.get("version", "").startswith("2")
    out: list[Paragraph] = []
    for file_el in (el for el in root if local(el.tag) == "file"):
        src = root.get("srcLang", "") if v2 else file_el.get("source-language", "")
        tgt = root.get("trgLang", "") if v2 else file_el.get("target-language", "")
        want = "source" if _choose(path, "XLIFF", lang, src, tgt, side) == "source" else "target"
        for unit in file_el.iter("{*}unit" if v2 else "{*}trans-unit"):
            if unit.get("translate") == "no":
                continue
            # A 2.0 unit holds segments (and ignorables, the spaces between them) in order.
            holders = [c for c in unit if local(c.tag) in ("segment", "ignorable")] if v2 else [unit]
            texts = [inline_text(el) for h in holders for el in h if local(el.tag) == want]
            out.append(Paragraph(" ".join(texts)))  # the space between segments may be in the source only
    return out


def read_tmx(data: bytes, path: str, lang: str, side: str | None = None) -> list[Paragraph]:
    """The `lang` side of every <tu>; tmbuild's own x-paragraph/x-kind props restore paragraphs."""
    root = parse_xml(data, path, "TMX")
    if local(root.tag) != "tmx":
        raise errors.unreadable(path, "TMX", f"the root element is <{local(root.tag)}>, not <tmx>")
    header = root.find("header")
    srclang = header.get("srclang", "") if header is not None else ""
    if side == "source" and srclang and srclang != "*all*":
        lang = srclang
    want = primary(lang)
    out: list[Paragraph] = []
    seen_langs: set[str] = set()
    last_key: tuple[str, str] | None = None
    for tu in root.iter("tu"):
        props = {p.get("type", ""): (p.text or "") for p in tu.findall("prop")}
        for tuv in tu.findall("tuv"):
            code = tuv.get(XML_LANG) or tuv.get("lang") or ""
            seen_langs.add(code)
            seg = tuv.find("seg")
            if primary(code) != want or seg is None:
                continue
            text = inline_text(seg).strip()
            kind = Kind.FOOTNOTE if props.get("x-kind") == Kind.FOOTNOTE.value else Kind.BODY
            key = (props.get("x-paragraph", ""), kind.value)
            # Units from the same source paragraph are joined back into that paragraph.
            if out and key[0] and key == last_key:
                out[-1] = Paragraph(f"{out[-1].text} {text}", kind)
            else:
                out.append(Paragraph(text, kind))
            last_key = key
            break
    if not out and seen_langs:
        raise errors.tmx_missing_side(path, lang, seen_langs)
    return out

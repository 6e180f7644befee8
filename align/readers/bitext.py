"""One language side of a bilingual file (XLIFF 1.2/2.0, TMX) as a document, for re-alignment."""

from __future__ import annotations

from align import errors
from align.langtags import primary, same_language
from align.models import Kind, Paragraph
from align.readers.tmx import parse_tmx
from align.readers.xmlsafe import inline_text, local, parse_xml


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


def read_tmx_side(data: bytes, path: str, lang: str, side: str | None = None) -> list[Paragraph]:
    """The `lang` side of every <tu> as paragraphs; tmbuild's own x-paragraph/x-kind props restore paragraphs."""
    memory = parse_tmx(data, path)
    if side == "source" and memory.srclang and memory.srclang != "*all*":
        lang = memory.srclang
    out: list[Paragraph] = []
    seen_langs: set[str] = set()
    last_key: tuple[str, str] | None = None
    for unit in memory.units:
        seen_langs.update(unit.texts)
        code = next((c for c in unit.texts if same_language(c, lang)), None)
        if code is None:
            continue
        text = unit.texts[code].strip()
        kind = Kind.FOOTNOTE if unit.props.get("x-kind") == Kind.FOOTNOTE.value else Kind.BODY
        key = (unit.props.get("x-paragraph", ""), kind.value)
        # Units from the same source paragraph are joined back into that paragraph.
        if out and key[0] and key == last_key:
            out[-1] = Paragraph(f"{out[-1].text} {text}", kind)
        else:
            out.append(Paragraph(text, kind))
        last_key = key
    if not out and seen_langs:
        raise errors.tmx_missing_side(path, lang, seen_langs)
    return out

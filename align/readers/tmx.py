"""The one TMX reader: a TMX file's translation units (texts by language, props), parsed safely."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from align import errors
from align.langtags import canonical, same_language
from align.readers.xmlsafe import XML_LANG, inline_text, local, parse_xml


@dataclass
class TranslationUnit:
    """One <tu>: its tuid, the text of each <tuv> by language code, and its <prop>s."""

    tuid: str
    texts: dict[str, str]
    props: dict[str, str] = field(default_factory=dict)

    def text(self, lang: str, default: str = "") -> str:
        """The text in `lang`: an exact code match first, else the first variant with the same primary subtag."""
        wanted = canonical(lang)
        for code, text in self.texts.items():
            if canonical(code) == wanted:
                return text
        for code, text in self.texts.items():
            if same_language(code, lang):
                return text
        return default


@dataclass
class Memory:
    """A parsed TMX: the header's srclang and the units in file order."""

    srclang: str
    units: list[TranslationUnit]


def parse_tmx(data: bytes, path: str) -> Memory:
    """The units of TMX bytes; a one-line InputError for unsafe, malformed or non-TMX content."""
    root = parse_xml(data, path, "TMX")
    if local(root.tag) != "tmx":
        raise errors.not_tmx(path, f"the root element is <{local(root.tag)}>, not <tmx>")
    body = root.find("body")
    if body is None:
        raise errors.not_tmx(path, "it has no <body>")
    header = root.find("header")
    units = []
    for tu in body.iterchildren("tu"):
        props: dict[str, str] = {}
        for prop in tu.iterchildren("prop"):
            if prop.get("type"):
                props.setdefault(prop.get("type"), prop.text or "")
        texts: dict[str, str] = {}
        for tuv in tu.iterchildren("tuv"):
            lang = tuv.get(XML_LANG) or tuv.get("lang")  # plain `lang` is the deprecated TMX 1.1 spelling
            if not lang:
                raise errors.not_tmx(path, f"line {tuv.sourceline}: a <tuv> has no xml:lang")
            seg = tuv.find("seg")
            if seg is None:
                raise errors.not_tmx(path, f"line {tuv.sourceline}: a <tuv> has no <seg>")
            texts.setdefault(lang, inline_text(seg))
        units.append(TranslationUnit(tuid=tu.get("tuid", ""), texts=texts, props=props))
    return Memory(header.get("srclang", "") if header is not None else "", units)


def read_tmx(path: str | os.PathLike[str]) -> list[TranslationUnit]:
    """The translation units of a TMX file, in file order; raises InputError for a missing or malformed file."""
    p = Path(path)
    if not p.is_file():
        raise errors.missing_file(str(path))
    return parse_tmx(p.read_bytes(), str(path)).units

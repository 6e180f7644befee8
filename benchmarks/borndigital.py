"""Born-digital benchmark: Debian's Developer's Reference (French and English, as shipped) in three formats.

For each chapter, the shipped Sphinx HTML page is one input. Its structure (headings with their numbers,
paragraphs, list items, code blocks, table cells, footnotes) is read here, independently of align.readers,
into blocks; the blocks are written as an ODT with real styles, lists, notes and tables (odfpy) and turned
into DOCX and PDF by LibreOffice headless, as a word processor exports them. The unit gold is the blocks,
French and English paired one to one (the translation is made paragraph by paragraph with po4a/gettext,
and chapters whose block structure differs between the languages are refused).

    python -m benchmarks.borndigital [--dir bench-results/borndigital] [--chapters tools resources ...]

prints the README table: unit F1 per chapter and format, and the words changed between input and TMX.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
import unicodedata
from pathlib import Path

import lxml.html

from tests.fixtures.odtmaker import Block, convert, gold_units, make_odt

PACKAGES = {"en": "developers-reference", "fr": "developers-reference-fr"}
CHAPTERS = ("tools", "resources", "best-pkging-practices", "pkgs")
FORMATS = ("html", "docx", "pdf")


def fetch(folder: Path) -> Path:
    """The two packages unpacked under `folder` (apt-get download + dpkg-deb -x), once."""
    root = folder / "debs"
    done = root / "usr/share/developers-reference/fr"
    if done.is_dir():
        return root / "usr/share/developers-reference"
    root.mkdir(parents=True, exist_ok=True)
    subprocess.run(["apt-get", "download", *PACKAGES.values()], cwd=root, check=True, capture_output=True)
    for deb in root.glob("*.deb"):
        subprocess.run(["dpkg-deb", "-x", str(deb), str(root)], check=True)
    return root / "usr/share/developers-reference"


def _clean(text: str) -> str:
    return unicodedata.normalize("NFC", " ".join(text.replace("¶", " ").split()))


def sphinx_blocks(path: Path) -> list[Block]:
    """A Sphinx page's main content as blocks, with footnotes attached to the block that cites them."""
    root = lxml.html.parse(str(path)).getroot()
    main = root.xpath("//div[@role='main']")[0]
    notes: dict[str, str] = {}
    for aside in main.xpath(".//aside[contains(@class, 'footnote') and @id]"):
        for label in aside.xpath(".//span[@class='label']"):
            label.drop_tree()
        notes[aside.get("id")] = _clean(aside.text_content())
        aside.drop_tree()
    for el in main.xpath(".//a[contains(@class, 'headerlink')] | .//aside"):
        el.drop_tree()
    out: list[Block] = []

    def text_and_notes(el: lxml.html.HtmlElement) -> tuple[str, tuple[str, ...]]:
        refs = []
        for a in el.xpath(".//a[contains(@class, 'footnote-reference')]"):
            refs.append(notes.get(a.get("href", "").lstrip("#"), ""))
            a.drop_tree()
        return _clean(el.text_content()), tuple(r for r in refs if r)

    def walk(el: lxml.html.HtmlElement, list_kind: str = "") -> None:
        tag = el.tag if isinstance(el.tag, str) else ""
        if tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            out.append(Block("heading", _clean(el.text_content()), level=min(3, int(tag[1]))))
        elif tag == "pre":
            out.append(Block("code", unicodedata.normalize("NFC", (el.text_content() or "").strip("\n").rstrip())))
        elif tag == "table":
            rows = tuple(tuple(_clean(c.text_content()) for c in tr.xpath("./th|./td"))
                         for tr in el.xpath(".//tr"))
            out.append(Block("table", rows=tuple(r for r in rows if r)))
        elif tag == "li":
            # Nested lists and code blocks inside an item are units of their own, after the item's text.
            nested = [c for c in el if c.tag in ("ul", "ol") or c.xpath("self::pre|.//pre")]
            for c in nested:
                el.remove(c)
            paras = [c for c in el if c.tag == "p"]
            # An item of several paragraphs: each is a unit (and an item of its own in the word processor).
            for part in paras or [el]:
                text, refs = text_and_notes(part)
                if text:
                    out.append(Block(list_kind or "bullet", text, notes=refs))
            for c in nested:
                walk(c)
        elif tag in ("ul", "ol"):
            for c in el:
                walk(c, "number" if tag == "ol" else "bullet")
        elif tag in ("p", "dt"):
            text, refs = text_and_notes(el)
            if text:
                out.append(Block("body", text, notes=refs))
        else:
            for c in el:
                walk(c, list_kind)

    walk(main)
    return out


def _signature(blocks: list[Block]) -> list[tuple[str, int, int]]:
    return [(b.kind, len(b.rows), len(b.notes)) for b in blocks]


def build(folder: Path, chapters: tuple[str, ...]) -> list[str]:
    """Inputs and gold for every chapter whose French and English structures match; the chapters built."""
    share = fetch(folder)
    built = []
    for chapter in chapters:
        blocks = {"en": sphinx_blocks(share / f"{chapter}.html"), "fr": sphinx_blocks(share / "fr" / f"{chapter}.html")}
        if _signature(blocks["en"]) != _signature(blocks["fr"]):
            print(f"{chapter}: French and English structures differ; left out", file=sys.stderr)
            continue
        out = folder / chapter
        out.mkdir(parents=True, exist_ok=True)
        for lang, path in (("en", share / f"{chapter}.html"), ("fr", share / "fr" / f"{chapter}.html")):
            (out / f"{lang}.html").write_bytes(path.read_bytes())
            odt = make_odt(blocks[lang], out / f"{lang}.odt", lang)
            for fmt in ("docx", "pdf"):
                if not (out / f"{lang}.{fmt}").is_file():
                    convert(odt, fmt, out)
        units = zip(gold_units(blocks["fr"]), gold_units(blocks["en"]), strict=True)
        with open(out / "gold.jsonl", "w", encoding="utf-8") as f:
            for i, ((kind, fr), (_, en)) in enumerate(units):
                f.write(json.dumps({"id": f"u{i}", "kind": kind.value, "fr": fr, "en": en}, ensure_ascii=False) + "\n")
        built.append(chapter)
    return built


def changed_words(alignment: object, gold: list[dict[str, str]]) -> int:
    """Words of the aligned segments (both sides) that differ from the gold units' words (0: none changed)."""
    import re
    from collections import Counter

    count = 0
    for doc, key in ((alignment.src, "fr"), (alignment.tgt, "en")):  # type: ignore[attr-defined]
        got = Counter(w for s in doc.segments for w in re.findall(r"\w+", s.text))
        want = Counter(w for u in gold for w in re.findall(r"\w+", u[key]))
        count += sum((got - want).values()) + sum((want - got).values())
    return count


def exact_scores(pairs: list[tuple[str, str]], gold: list[dict[str, str]]) -> dict[str, float]:
    """Exact unit scores: a TU is right when both sides are text of the same gold unit (found in order,
    so repeated short cells are told apart); a unit is found when its right TUs give back all its text.

    Stricter than the project's scorer (align.eval), which judges words in order, not the exact text."""
    norm = [(" ".join(u["fr"].split()), " ".join(u["en"].split())) for u in gold]
    parts: dict[int, list[tuple[str, str]]] = {}
    right, at = 0, 0
    for fr, en in pairs:
        fr, en = " ".join(fr.split()), " ".join(en.split())
        # Streams (footnotes, code) come after the body in the TMX: search on from the last unit, then anywhere.
        order = [*range(at, min(len(norm), at + 60)), *range(len(norm))]
        hit = next((i for i in order if f" {fr} " in f" {norm[i][0]} " and f" {en} " in f" {norm[i][1]} "
                    and not _complete(parts, norm, i)), None)
        if hit is not None and fr and en:
            right += 1
            at = hit
            parts.setdefault(hit, []).append((fr, en))
    found = sum(1 for i in range(len(norm)) if _complete(parts, norm, i))
    precision, recall = right / max(1, len(pairs)), found / max(1, len(norm))
    return {"precision": precision, "recall": recall,
            "f1": 2 * precision * recall / (precision + recall) if precision + recall else 0.0}


def _complete(parts: dict[int, list[tuple[str, str]]], norm: list[tuple[str, str]], i: int) -> bool:
    got = parts.get(i, [])
    return bool(got) and " ".join(p[0] for p in got) == norm[i][0] and " ".join(p[1] for p in got) == norm[i][1]


def evaluate(folder: Path, chapters: list[str]) -> list[dict[str, object]]:
    """Align every chapter in every format through align.api and score it against the unit gold."""
    from align.api import align_files
    from align.embed.encoders import load_encoder
    from align.eval.scores import load_gold_units, score_units

    encoder = load_encoder("use")
    rows = []
    for chapter in chapters:
        gold = load_gold_units(folder / chapter / "gold.jsonl")
        for fmt in FORMATS:
            t0 = time.perf_counter()
            al = align_files(folder / chapter / f"fr.{fmt}", folder / chapter / f"en.{fmt}", src_lang="fr",
                             tgt_lang="en", encoder=encoder)
            pairs = [(s, t) for s, t, b in al.pairs() if not b.is_null]
            result = score_units(pairs, gold)
            exact = exact_scores(pairs, gold)
            kinds = sorted({s.kind.value for s in al.src.segments})
            rows.append({"chapter": chapter, "format": fmt, "units": len(gold), "tus": len(pairs),
                         "f1": result["f1"], "precision": result["precision"], "recall": result["recall"],
                         "exact_f1": exact["f1"], "exact_precision": exact["precision"],
                         "exact_recall": exact["recall"],
                         "repairs": len(al.src.repairs), "kinds": kinds, "changed_words": changed_words(al, gold),
                         "seconds": time.perf_counter() - t0})
            print(f"{chapter} {fmt}: F1 {result['f1']:.4f}, exact {exact['f1']:.4f} ({len(pairs)} TUs, "
                  f"{len(gold)} units, {len(al.src.repairs)} repairs, {rows[-1]['changed_words']} words changed)",
                  file=sys.stderr)
    return rows


def extractors(folder: Path, chapters: list[str]) -> str:
    """Main-content extraction measured on the shipped HTML: structural rules (align.readers.web) against
    trafilatura and jusText. Units found = gold units that come out whole as one paragraph; extra = output
    paragraphs that are no gold unit (boilerplate, or units cut or glued)."""
    import justext
    import trafilatura

    from align.readers import read_document

    def ours(data: bytes, path: Path, lang: str) -> list[str]:
        return [p.text for p in read_document(path, lang).paragraphs or []]

    def traf(data: bytes, path: Path, lang: str) -> list[str]:
        text = trafilatura.extract(data.decode("utf-8"), include_tables=True, include_comments=False) or ""
        return [ln for ln in text.split("\n") if ln.strip()]

    def jus(data: bytes, path: Path, lang: str) -> list[str]:
        stop = justext.get_stoplist("French" if lang == "fr" else "English")
        return [p.text for p in justext.justext(data, stop) if not p.is_boilerplate]

    lines = ["| extractor | units found | extra paragraphs |", "|---|---:|---:|"]
    for name, fn in (("structural rules (tmbuild)", ours), ("trafilatura", traf), ("jusText", jus)):
        found = extra = total = 0
        for chapter in chapters:
            gold = load_gold(folder / chapter / "gold.jsonl")
            for lang in ("fr", "en"):
                path = folder / chapter / f"{lang}.html"
                want = {" ".join(u[lang].split()) for u in gold}
                got = [" ".join(t.split()) for t in fn(path.read_bytes(), path, lang)]
                found += len(want & set(got))
                extra += sum(1 for t in got if t not in want)
                total += len(want)
        lines.append(f"| {name} | {found}/{total} ({found / total:.1%}) | {extra} |")
    return "\n".join(lines)


def load_gold(path: Path) -> list[dict[str, str]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def table(rows: list[dict[str, object]]) -> str:
    """The README table: one line per chapter, unit F1 per format."""
    lines = ["| chapter | units | HTML | DOCX | PDF | PDF − best other | exact HTML / DOCX / PDF | words changed |",
             "|---|---:|---:|---:|---:|---:|---:|---:|"]
    for chapter in dict.fromkeys(r["chapter"] for r in rows):
        mine = [r for r in rows if r["chapter"] == chapter]
        f1 = {r["format"]: float(r["f1"]) for r in mine}  # type: ignore[arg-type]
        exact = " / ".join(f"{float(r['exact_f1']):.3f}" for r in mine)  # type: ignore[arg-type]
        lines.append(f"| {chapter} | {mine[0]['units']} | {f1['html']:.3f} | {f1['docx']:.3f} | {f1['pdf']:.3f} | "
                     f"{f1['pdf'] - max(f1['html'], f1['docx']):+.3f} | {exact} | "
                     f"{' / '.join(str(r['changed_words']) for r in mine)} |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dir", type=Path, default=Path("bench-results/borndigital"))
    parser.add_argument("--chapters", nargs="+", default=list(CHAPTERS))
    parser.add_argument("--build-only", action="store_true")
    parser.add_argument("--extractors", action="store_true", help="compare HTML main-content extractors only")
    args = parser.parse_args()
    chapters = build(args.dir, tuple(args.chapters))
    if args.build_only:
        return
    if args.extractors:
        print(extractors(args.dir, chapters))
        return
    rows = evaluate(args.dir, chapters)
    (args.dir / "results.json").write_text(json.dumps(rows, indent=1), encoding="utf-8")
    print(table(rows))


if __name__ == "__main__":
    main()

"""Which files are translations of each other: two folders, one folder under a naming rule, or a manifest."""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from align import errors
from align.langtags import parse_tag, primary, same_language

# UN document symbols end in the language's letter: A_72_L.10_F.pdf is the French version of A/72/L.10.
UN_LETTERS = {"ar": "A", "zh": "C", "en": "E", "fr": "F", "ru": "R", "es": "S", "de": "G"}
RULES = ("auto", "suffix", "un", "trees")
_UN_NAME = re.compile(r"^(?P<stem>.+)[_-](?P<letter>[A-Z])(?P<ext>\.[^.]+)?$")
_SKIP_SUFFIXES = (".sqlite", ".sqlite-wal", ".sqlite-shm", ".tmp")


@dataclass(frozen=True)
class Pair:
    """One document pair to align; `id` names it in the ledger, the report and the TMX's x-document."""

    id: str
    src: Path
    tgt: Path
    src_lang: str
    tgt_lang: str


@dataclass(frozen=True)
class Unpaired:
    """A file that found no partner, and why."""

    path: Path
    reason: str


@dataclass
class Pairing:
    """The pairs found (sorted by id) and the files left over."""

    pairs: list[Pair]
    unpaired: list[Unpaired]
    rule: str


def _files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file() and not any(part.startswith(".") for part in
                  p.relative_to(root).parts) and not p.name.endswith(_SKIP_SUFFIXES))


def _suffix_key(rel: Path, lang: str) -> str | None:
    """`a/name` for `a/name.fr.txt` or `a/name.fr` when `fr` names the same language as `lang`."""
    parts = rel.name.split(".")
    for at in (len(parts) - 2, len(parts) - 1):  # name.LANG.ext, then name.LANG
        if at >= 1 and _is_lang(parts[at], lang):
            return (rel.parent / ".".join(parts[:at] + parts[at + 1:])).as_posix()
    return None


def _is_lang(code: str, lang: str) -> bool:
    if not re.fullmatch(r"[A-Za-z]{2,3}([-_][A-Za-z0-9]{2,8})*", code):
        return False
    try:
        return same_language(parse_tag(code), lang)
    except errors.TmbuildError:
        return False


def _un_key(rel: Path, lang: str) -> str | None:
    """`A_72_L.10.pdf` for `A_72_L.10_F.pdf` when F is `lang`'s UN letter."""
    m = _UN_NAME.match(rel.name)
    if m is None or m["letter"] != UN_LETTERS.get(primary(lang)):
        return None
    return (rel.parent / (m["stem"] + (m["ext"] or ""))).as_posix()


def _match(src_files: dict[str, Path], tgt_files: dict[str, Path], others: Iterable[Path],
           src_lang: str, tgt_lang: str, rule: str) -> Pairing:
    pairs = [Pair(_pair_id(key), src_files[key], tgt_files[key], src_lang, tgt_lang)
             for key in sorted(src_files.keys() & tgt_files.keys())]
    unpaired = [Unpaired(src_files[k], f"no {tgt_lang} version") for k in sorted(src_files.keys() - tgt_files.keys())]
    unpaired += [Unpaired(tgt_files[k], f"no {src_lang} version") for k in sorted(tgt_files.keys() - src_files.keys())]
    unpaired += [Unpaired(p, f"no {src_lang} or {tgt_lang} marker in its name") for p in others]
    return Pairing(pairs, sorted(unpaired, key=lambda u: str(u.path)), rule)


def _pair_id(key: str) -> str:
    """The key without its file extension: `sub/report` for `sub/report.txt`."""
    path = Path(key)
    return (path.parent / path.name.rsplit(".", 1)[0]).as_posix() if "." in path.name else key


def pair_by_name(root: Path, src_lang: str, tgt_lang: str, rule: str) -> Pairing:
    """Pairs in one folder whose names carry the language: `name.fr.txt` (suffix) or `NAME_F.pdf` (un)."""
    key_of = _suffix_key if rule == "suffix" else _un_key
    src_files: dict[str, Path] = {}
    tgt_files: dict[str, Path] = {}
    others = []
    for path in _files(root):
        rel = path.relative_to(root)
        if (key := key_of(rel, src_lang)) is not None:
            src_files[key] = path
        elif (key := key_of(rel, tgt_lang)) is not None:
            tgt_files[key] = path
        else:
            others.append(path)
    return _match(src_files, tgt_files, others, src_lang, tgt_lang, rule)


def pair_folders(src_root: Path, tgt_root: Path, src_lang: str, tgt_lang: str, rule: str = "trees") -> Pairing:
    """Pairs in two parallel trees: the same relative path, language markers in names (if any) set aside."""
    def keyed(root: Path, lang: str) -> dict[str, Path]:
        out = {}
        for path in _files(root):
            rel = path.relative_to(root)
            out[_suffix_key(rel, lang) or _un_key(rel, lang) or rel.as_posix()] = path
        return out

    return _match(keyed(src_root, src_lang), keyed(tgt_root, tgt_lang), [], src_lang, tgt_lang, rule)


def _tree_dirs(root: Path, lang: str) -> list[Path]:
    return [d for d in sorted(root.iterdir()) if d.is_dir() and _is_lang(d.name, lang)]


def pair_folder(root: Path, src_lang: str, tgt_lang: str, rule: str = "auto") -> Pairing:
    """Pairs in one folder under `rule`; 'auto' takes fr/ and en/ subtrees if present, else the rule pairing most."""
    if rule not in RULES:
        raise errors.unknown_pairing_rule(rule, RULES)
    if rule in ("auto", "trees"):
        src_dirs, tgt_dirs = _tree_dirs(root, src_lang), _tree_dirs(root, tgt_lang)
        if len(src_dirs) == 1 and len(tgt_dirs) == 1:
            return pair_folders(src_dirs[0], tgt_dirs[0], src_lang, tgt_lang)
        if rule == "trees":
            raise errors.no_language_trees(str(root), src_lang, tgt_lang)
    if rule != "auto":
        return pair_by_name(root, src_lang, tgt_lang, rule)
    found = [pair_by_name(root, src_lang, tgt_lang, r) for r in ("suffix", "un")]
    return max(found, key=lambda p: len(p.pairs))  # ties go to 'suffix', the first


def read_manifest(path: Path, src_lang: str, tgt_lang: str) -> Pairing:
    """Pairs listed in a CSV or JSONL manifest: src, tgt[, id, src_lang, tgt_lang]; paths relative to the manifest."""
    rows: list[dict[str, str]] = []
    text = path.read_text(encoding="utf-8-sig")
    if path.suffix.lower() in (".jsonl", ".ndjson"):
        for number, line in enumerate(text.splitlines(), 1):
            if line.strip():
                try:
                    rows.append({k: str(v) for k, v in json.loads(line).items()})
                except (json.JSONDecodeError, AttributeError):
                    raise errors.bad_manifest(str(path), f"line {number} is not a JSON object") from None
    else:
        reader = csv.DictReader(text.splitlines())
        if not reader.fieldnames or not {"src", "tgt"} <= set(reader.fieldnames):
            raise errors.bad_manifest(str(path), "the header must name at least the columns src and tgt")
        rows = [dict(r) for r in reader]
    pairs, unpaired, seen = [], [], set()
    for number, row in enumerate(rows, 1):
        if not row.get("src") or not row.get("tgt"):
            raise errors.bad_manifest(str(path), f"row {number} lacks src or tgt")
        src, tgt = (path.parent / row["src"]).resolve(), (path.parent / row["tgt"]).resolve()
        pair_id = row.get("id") or _pair_id(Path(row["src"]).as_posix())
        if pair_id in seen:
            raise errors.bad_manifest(str(path), f"row {number} repeats the id {pair_id!r}")
        seen.add(pair_id)
        missing = [p for p in (src, tgt) if not p.is_file()]
        if missing:
            unpaired += [Unpaired(p, "listed in the manifest but missing") for p in missing]
            continue
        pairs.append(Pair(pair_id, src, tgt, parse_tag(row.get("src_lang") or src_lang),
                          parse_tag(row.get("tgt_lang") or tgt_lang)))
    return Pairing(sorted(pairs, key=lambda p: p.id), unpaired, "manifest")


def find_pairs(inputs: list[Path], src_lang: str, tgt_lang: str, rule: str = "auto") -> Pairing:
    """The pairs named by the batch command's inputs: a manifest, one folder, or a source and a target folder."""
    src_lang, tgt_lang = parse_tag(src_lang), parse_tag(tgt_lang)
    for p in inputs:
        if not p.exists():
            raise errors.missing_file(str(p))
    if len(inputs) == 1 and inputs[0].is_file():
        return read_manifest(inputs[0], src_lang, tgt_lang)
    if len(inputs) == 1:
        return pair_folder(inputs[0], src_lang, tgt_lang, rule)
    if len(inputs) == 2 and all(p.is_dir() for p in inputs):
        return pair_folders(inputs[0], inputs[1], src_lang, tgt_lang)
    raise errors.bad_batch_inputs([str(p) for p in inputs])

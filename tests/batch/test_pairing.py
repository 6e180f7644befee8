"""Pairing rules on real-looking archive layouts: which files pair, which are listed as unpaired."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from align.errors import InputError
from tm.batch.pairing import find_pairs


def _touch(root: Path, names: list[str]) -> None:
    for name in names:
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(name, encoding="utf-8")


@pytest.mark.parametrize(("names", "rule", "pairs", "unpaired"), [
    (["a.fr.txt", "a.en.txt", "b.fr.txt", "b.en.txt"], "suffix", {"a", "b"}, set()),
    (["a.fr.txt", "a.en.txt", "c.fr.txt"], "suffix", {"a"}, {"c.fr.txt"}),
    (["x/a.fr.pdf", "x/a.en.pdf", "y/a.fr.pdf", "y/a.en.pdf"], "suffix", {"x/a", "y/a"}, set()),
    (["doc.fr-FR.docx", "doc.en-GB.docx"], "suffix", {"doc"}, set()),
    (["readme.md", "a.fr.txt", "a.en.txt"], "suffix", {"a"}, {"readme.md"}),
    (["A_72_L.10_F.pdf", "A_72_L.10_E.pdf", "A_72_L.11_F.pdf", "A_72_L.11_R.pdf"], "un", {"A_72_L.10"},
     {"A_72_L.11_F.pdf", "A_72_L.11_R.pdf"}),
    (["fr/a/b.txt", "en/a/b.txt", "fr/c.txt"], "trees", {"a/b"}, {"fr/c.txt"}),
    (["fr/b.fr.txt", "en/b.en.txt"], "trees", {"b"}, set()),
])
def test_one_folder_auto_finds_the_rule(tmp_path: Path, names: list[str], rule: str, pairs: set[str],
                                        unpaired: set[str]) -> None:
    _touch(tmp_path, names)
    found = find_pairs([tmp_path], "fr", "en")
    assert found.rule == rule
    assert {p.id for p in found.pairs} == pairs
    assert {u.path.relative_to(tmp_path).as_posix() for u in found.unpaired} == unpaired
    for p in found.pairs:
        assert p.src.is_file() and p.tgt.is_file() and p.src != p.tgt
        assert (p.src_lang, p.tgt_lang) == ("fr", "en")


def test_two_folders_pair_by_relative_path(tmp_path: Path) -> None:
    _touch(tmp_path, ["f/a.txt", "f/s/b.txt", "e/a.txt", "e/s/b.txt", "e/only.txt"])
    found = find_pairs([tmp_path / "f", tmp_path / "e"], "fr", "en")
    assert [(p.id, p.src.relative_to(tmp_path).as_posix()) for p in found.pairs] == [("a", "f/a.txt"),
                                                                                     ("s/b", "f/s/b.txt")]
    assert [u.path.name for u in found.unpaired] == ["only.txt"]


def test_german_un_letter(tmp_path: Path) -> None:
    _touch(tmp_path, ["X_G.txt", "X_F.txt"])
    found = find_pairs([tmp_path], "de", "fr", "un")
    assert [(p.src.name, p.tgt.name) for p in found.pairs] == [("X_G.txt", "X_F.txt")]


@pytest.mark.parametrize("fmt", ["csv", "jsonl"])
def test_manifest(tmp_path: Path, fmt: str) -> None:
    _touch(tmp_path, ["d/one-fr.txt", "d/one-en.txt", "d/two-fr.txt"])
    rows = [{"src": "d/one-fr.txt", "tgt": "d/one-en.txt", "id": "one", "src_lang": "fr-CA"},
            {"src": "d/two-fr.txt", "tgt": "d/two-en.txt"}]
    manifest = tmp_path / f"m.{fmt}"
    if fmt == "csv":
        manifest.write_text("src,tgt,id,src_lang\n" + "".join(f"{r['src']},{r['tgt']},{r.get('id', '')},"
                                                             f"{r.get('src_lang', '')}\n" for r in rows))
    else:
        manifest.write_text("".join(json.dumps(r) + "\n" for r in rows))
    found = find_pairs([manifest], "fr", "en")
    assert [(p.id, p.src_lang, p.tgt_lang) for p in found.pairs] == [("one", "fr-CA", "en")]
    assert [u.path.name for u in found.unpaired] == ["two-en.txt"]


@pytest.mark.parametrize("text", ["a,b\nx,y\n", '{"src": "a"}\n', "[1, 2]\n"])
def test_bad_manifest_is_an_input_error(tmp_path: Path, text: str) -> None:
    manifest = tmp_path / ("m.csv" if "," in text and "{" not in text else "m.jsonl")
    manifest.write_text(text)
    with pytest.raises(InputError):
        find_pairs([manifest], "fr", "en")


def test_trees_rule_without_trees_is_an_input_error(tmp_path: Path) -> None:
    _touch(tmp_path, ["a.fr.txt"])
    with pytest.raises(InputError, match="fr/ and en/"):
        find_pairs([tmp_path], "fr", "en", "trees")

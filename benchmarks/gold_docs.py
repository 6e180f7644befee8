"""The benchmark documents with gold alignments, split into tuning and held-out sets, and where they live.

Tuning data only: Text+Berg `dev` and the three TransRead books in TUNING_BOOKS; every other book and
Text+Berg test0–6 stay held out.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path

from align.eval.scores import BeadPair, parse_beads

REPO = Path(__file__).resolve().parents[1]
TUNING_BOOKS = ("Candide", "Emma", "JaneEyre")


@dataclass
class Doc:
    name: str
    src: list[str]
    tgt: list[str]
    gold: list[BeadPair]
    src_lang: str
    tgt_lang: str


def shared_dir(arg: str | Path | None = None) -> Path:
    """--shared, else $TMBUILD_SHARED, else ../shared beside the repository."""
    return Path(arg or os.environ.get("TMBUILD_SHARED") or REPO.parent / "shared").expanduser().resolve()


def have_benchmarks(shared: Path, purpose: str) -> bool:
    """Whether the benchmark data are there; if not, says so on stderr (`purpose`: what would have run)."""
    if (shared / "benchmarks").is_dir():
        return True
    print(f"{shared}/benchmarks is absent: nothing to {purpose}", file=sys.stderr)
    return False


def lines(path: Path) -> list[str]:
    text = path.read_text(encoding="utf-8").split("\n")
    if text and text[-1] == "":
        text.pop()
    return [t.strip() for t in text]


def tuning_docs(shared: Path) -> list[Doc]:
    tb = shared / "benchmarks" / "textberg"
    docs = [Doc("textberg/dev", lines(tb / "dev.de"), lines(tb / "dev.fr"),
                parse_beads((tb / "dev.defr").read_text()), "de", "fr")]
    tr = shared / "benchmarks" / "transread"
    for book in TUNING_BOOKS:
        docs.append(Doc(f"transread/{book}", lines(tr / f"{book}.en"), lines(tr / f"{book}.fr"),
                        parse_beads((tr / f"{book}.gold").read_text()), "en", "fr"))
    return docs


def held_out_docs(shared: Path) -> list[Doc]:
    tb = shared / "benchmarks" / "textberg"
    docs = [Doc(f"textberg/test{i}", lines(tb / f"test{i}.de"), lines(tb / f"test{i}.fr"),
                parse_beads((tb / f"test{i}.defr").read_text()), "de", "fr") for i in range(7)]
    tr = shared / "benchmarks" / "transread"
    for gold in sorted(tr.glob("*.gold")):
        if gold.stem in TUNING_BOOKS:
            continue
        docs.append(Doc(f"transread/{gold.stem}", lines(tr / f"{gold.stem}.en"), lines(tr / f"{gold.stem}.fr"),
                        parse_beads(gold.read_text()), "en", "fr"))
    return docs

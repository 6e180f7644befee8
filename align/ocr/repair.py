"""French OCR repair: lost or misread accents, OCR letter confusions, `a` → `à` by context; every change logged.

Lexicon-driven: pyspellchecker's French dictionary says which words are valid, wordfreq says how common a
form is. A token that is a valid word is never changed by the word rules; only the context rules (`a`, `&`,
`1°`) touch valid tokens, and only where the neighbouring words decide.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable
from dataclasses import dataclass, replace

from align.langtags import primary
from align.models import Document, Kind, Paragraph, Repair, Segment
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


@dataclass(slots=True)
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
    # fix_word depends on the word and, for a capitalised one only, on whether it opens a sentence: each
    # (word, opening) is decided once per text (Zipf: most tokens repeat), and _starts is asked only then.
    decided: dict[tuple[str, bool], tuple[str, str] | None] = {}
    for tok in toks:
        if tok.kind == "elision":
            tok.out, tok.rule = _elision(text, tok), "elision"
        elif tok.kind == "word":
            key = (tok.text, tok.text[:1].isupper() and _starts(text, tok))
            if key in decided:
                fixed = decided[key]
            else:
                fixed = decided[key] = fix_word(tok.text, lex, sentence_start=key[1])
            if fixed is not None:
                tok.out, tok.rule = fixed
    _context(text, toks, lex)
    changed = [t for t in toks if t.out != t.text]
    keep = protected_spans(text) if changed else []
    changes = [Change(t.start, t.end, t.text, t.out, t.rule) for t in changed if not overlaps(t.start, t.end, keep)]
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


def repair_document(doc: Document, segments: Collection[int] | None = None) -> Document:
    """The document with its segments repaired (all, or those numbered in `segments`), the changes in `repairs`.

    Each sentence is repaired once; a paragraph takes its sentences' changes rather than being repaired again
    (half the work on long documents, and a paragraph never says other than its sentences)."""
    if primary(doc.lang) != "fr":
        return doc
    out, repairs = [], []
    changed: dict[int, list[Change]] = {}
    for seg in doc.segments:
        # Code is the same in every language: nothing in it is an OCR error.
        if seg.kind is Kind.CODE or (segments is not None and seg.index not in segments):
            out.append(seg)
            continue
        text, changes = repair(seg.text, doc.lang)
        out.append(replace(seg, text=text))
        if changes:
            changed[seg.index] = sorted(changes, key=lambda c: c.start)
        repairs += [Repair(seg.index, at, c.before, c.after, c.rule)
                    for c, at in zip(sorted(changes, key=lambda c: c.start), output_offsets(changes), strict=True)]
    by_paragraph: dict[int, list[int]] = {}
    for seg in doc.segments:
        by_paragraph.setdefault(seg.paragraph, []).append(seg.index)
    paragraphs = [_paragraph(p, [doc.segments[i] for i in by_paragraph.get(k, [])], changed, doc.lang)
                  for k, p in enumerate(doc.paragraphs)]
    return replace(doc, paragraphs=paragraphs, segments=out, repairs=repairs)


def _paragraph(para: Paragraph, segs: list[Segment], changed: dict[int, list[Change]], lang: str) -> Paragraph:
    """The paragraph with its sentences' changes, placed where each sentence stands in its text."""
    if not any(s.index in changed for s in segs):
        return para
    moved, at = [], 0
    for seg in segs:
        start = para.text.find(seg.text, at)
        if start < 0:  # the splitter re-spaced this sentence: repair the paragraph as a whole instead
            return replace(para, text=repair(para.text, lang)[0])
        moved += [replace(c, start=c.start + start, end=c.end + start) for c in changed.get(seg.index, [])]
        at = start + len(seg.text)
    return replace(para, text=apply_changes(para.text, moved))

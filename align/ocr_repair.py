"""French OCR repair: lost or misread accents, OCR letter confusions, `a` → `à` by context; every change logged.

Lexicon-driven: pyspellchecker's French dictionary says which words are valid, wordfreq says how common a
form is. A token that is a valid word is never changed by the word rules; only the context rules (`a`, `&`,
`1°`) touch valid tokens, and only where the neighbouring words decide.
"""

from __future__ import annotations

import hashlib
import inspect
import marshal
import math
import os
import re
import sys
import tempfile
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from functools import lru_cache
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from align.models import Document, Repair


@dataclass(frozen=True)
class Change:
    """One repair: `before` at [start, end) of the input text became `after`, by `rule`."""

    start: int
    end: int
    before: str
    after: str
    rule: str


@dataclass(frozen=True)
class Lexicon:
    """Valid French words, their frequencies, and their forms grouped by accent-free spelling."""

    valid: frozenset[str]  # lower case, œ/æ written oe/ae (as pyspellchecker stores them)
    zipf: dict[str, float]
    forms: dict[str, tuple[tuple[float, str, bool], ...]]  # key → (zipf, form, valid), most frequent first


_JUNK = re.compile(r"[¢&]+")
# Elided article read as I’, 1’, [’ (cleanup.repair_french_elision does the same for the pipeline), or the
# l lost before the apostrophe altogether.
_TOKEN = re.compile(
    r"(?P<elision>(?<![\w’'])(?:[1I\[|]{1,2}|l[1I])['’] ?(?=[^\W\d_]|¢)|(?<=\s)’(?=[aeiouyhàâéèêîôûAEIOUYHÉÈÊÀÂÎÔÛ]))"
    r"|(?P<ordinal>(?<![\w°])1°)|(?P<numero>(?<!\w)n®(?= ?\d))"
    r"|(?P<roman>(?:(?<=chap\. )|(?<=chapitre )|(?<=annexe )|(?<=partie ))(?=[1lI]*1)[1lI]{2,4}(?![\w°]))"
    r"|(?P<word>(?:[^\W\d_]|[¢&])+)")
_WORDS = re.compile(r"[^\W_]+")
_SENTENCE_END = (".", "!", "?", "«", "…")

# OCR letter confusions, as (read, meant): œ read as ce, ô as d, ç as g, e and c mixed up, and the usual
# shape pairs. Accents are restored afterwards by the accent-free lookup, so `d` → `o` also finds `ô`.
_CONFUSIONS = (("ce", "œ"), ("c", "e"), ("e", "c"), ("g", "ç"), ("d", "o"), ("rn", "m"), ("m", "rn"),
               ("cl", "d"), ("li", "h"), ("l", "i"), ("i", "l"), ("u", "n"), ("n", "u"))
_JUNK_MEANT = ("", "é", "è", "ê", "à", "e")

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


def strip_accents(word: str) -> str:
    """Lower-case `word` without diacritics, œ/æ spelt out (the key accent variants share)."""
    word = word.lower().replace("œ", "oe").replace("æ", "ae")
    decomposed = unicodedata.normalize("NFD", word)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """The French lexicon index: read from the user's cache, or built (about 3 s) and saved there."""
    from align.embed_cache import default_cache_dir

    lex = cached_lexicon(default_cache_dir())
    _known_form("le")  # loads simplemma's French tables now rather than in the middle of a repair
    return lex


def cached_lexicon(directory: Path) -> Lexicon:
    """The lexicon from `directory` if a file made by this code and these word lists is there; else built and saved."""
    # The key covers the builder's source and the word lists' versions, so a change to either builds anew.
    parts = [inspect.getsource(build_lexicon), sys.version]
    parts += [_version(d) for d in ("pyspellchecker", "wordfreq")]
    path = directory / f"fr-lexicon-{hashlib.sha1(repr(parts).encode()).hexdigest()[:16]}.marshal"
    try:
        # marshal rather than pickle: plain containers only, loads in ~0.3 s, and cannot run code.
        valid, zipf, forms = marshal.loads(path.read_bytes())
        return Lexicon(frozenset(valid), zipf, forms)
    except (OSError, ValueError, EOFError, TypeError):
        pass  # absent, unreadable or damaged: build it
    lex = build_lexicon()
    try:
        directory.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=directory, prefix=".fr-lexicon-", delete=False) as f:
            f.write(marshal.dumps((lex.valid, lex.zipf, lex.forms)))
        os.replace(f.name, path)
    except OSError:
        pass  # a read-only cache costs time, never the repair
    return lex


def _version(distribution: str) -> str:
    try:
        return version(distribution)
    except PackageNotFoundError:
        return "unknown"


def build_lexicon() -> Lexicon:
    """The French lexicon index from pyspellchecker's dictionary and wordfreq's frequencies."""
    from spellchecker import SpellChecker
    from wordfreq import get_frequency_dict

    valid = frozenset(w for w in SpellChecker(language="fr", distance=1).word_frequency.dictionary
                      if w.replace("-", "").isalpha())
    zipf = {w: math.log10(f) + 9 for w, f in get_frequency_dict("fr").items() if f > 0}
    forms: dict[str, list[tuple[float, str, bool]]] = {}

    def add(form: str, ok: bool) -> None:
        forms.setdefault(strip_accents(form), []).append((zipf.get(form, 0.0), form, ok))

    for w in valid:
        add(w, True)
        # pyspellchecker spells œ as oe; wordfreq knows which one French text uses.
        if "oe" in w and zipf.get(w.replace("oe", "œ"), 0.0) > zipf.get(w, 0.0):
            add(w.replace("oe", "œ"), True)
    for w, z in zipf.items():
        # Common forms the dictionary lacks (mostly place names: genève) help capitalised words only.
        if z >= 3.0 and w.isalpha() and w not in valid and "œ" not in w:
            add(w, False)
    return Lexicon(valid, zipf, {k: tuple(sorted(v, reverse=True)) for k, v in forms.items()})


def is_valid(word: str, lex: Lexicon) -> bool:
    """True when the lower-cased word is a French word form (spelling dictionary, then simplemma's forms)."""
    lw = word.lower()
    if lw.replace("œ", "oe").replace("æ", "ae") in lex.valid:
        return True
    return _known_form(lw) and not _dominated(lw, lex)


@lru_cache(maxsize=65536)
def _known_form(lw: str) -> bool:
    # pyspellchecker lacks rarer inflections (eût, tombai, fussions); simplemma's tables have them, but also
    # a few unaccented misspellings (apres, matiere), which _dominated catches.
    import simplemma

    return simplemma.is_known(lw, lang="fr")


def _dominated(lw: str, lex: Lexicon) -> bool:
    """True when a dictionary form with other accents is far more common (apres → après)."""
    zo = lex.zipf.get(lw, 0.0)
    return any(ok and f != lw and z >= zo + 1.0 for z, f, ok in lex.forms.get(strip_accents(lw), ()))


def _case_like(model: str, word: str) -> str:
    if len(model) > 1 and model.isupper():
        return word.upper()
    if model[:1].isupper():
        return word[:1].upper() + word[1:]
    return word


def _has_accent(word: str) -> bool:
    return strip_accents(word) != word.lower()


def _accent_marks(word: str) -> set[int]:
    return {i for i, c in enumerate(word) if c != strip_accents(c)[:1]}


def _accent_fix(lw: str, capital: bool, lex: Lexicon) -> str | None:
    """The accented spelling of an invalid word, when one valid form clearly dominates."""
    zo = lex.zipf.get(lw, 0.0)
    # Forms outside the dictionary (place names) only for capitalised words that already carry an accent.
    eligible = [(z, f) for z, f, ok in lex.forms.get(strip_accents(lw), ())
                if f != lw and (ok or (capital and _has_accent(lw)))]
    if _has_accent(lw):
        # The OCR saw an accent where it put one (arrétés): only forms that keep one there too.
        marks = _accent_marks(lw)
        eligible = [(z, f) for z, f in eligible if marks <= _accent_marks(f)]
    if not eligible:
        return None
    (z, best), rest = eligible[0], eligible[1:]
    if z < 2.5 or z < zo + 0.5:
        return None
    if rest and rest[0][0] > z - 0.5:  # élève / élevé: no way to choose without syntax
        return None
    if capital and best[1:] == lw[1:]:
        return None  # Etats, A: accents on capitals are optional in French typography
    return best


def _capital_accent(lw: str, lex: Lexicon) -> str | None:
    """The word with an accent on its first letter only (Etats → états), when that form is common.

    OCR drops accents on capitals, and UN and EU French (like the Académie) writes them; a reviewer
    who follows the other convention rejects the whole rule at once in the review UI.
    """
    # Only the spelling dictionary decides here: simplemma also knows accent-less forms (etat).
    if _has_accent(lw) or lw.replace("œ", "oe").replace("æ", "ae") in lex.valid:
        return None
    forms = [(z, f) for z, f, ok in lex.forms.get(strip_accents(lw), ()) if ok and f != lw]
    if not forms:
        return None
    z, best = forms[0]
    if best[1:] != lw[1:] or z < max(2.5, lex.zipf.get(lw, 0.0)) or (len(forms) > 1 and forms[1][0] > z - 0.5):
        return None
    return best


def _variants(lw: str) -> Iterator[tuple[str, str]]:
    """Spellings the OCR may have turned into `lw`, with the rule that undoes it."""
    junk = list(_JUNK.finditer(lw))
    if junk:
        for m in junk:
            for meant in _JUNK_MEANT:
                yield lw[:m.start()] + meant + lw[m.end():], "ocr-junk"
        yield _JUNK.sub("", lw), "ocr-junk"
        return
    for read, meant in _CONFUSIONS:
        at = lw.find(read)
        while at >= 0:
            yield lw[:at] + meant + lw[at + len(read):], "ocr-confusion"
            at = lw.find(read, at + 1)
    if len(lw) >= 4:
        for i in range(len(lw)):
            yield lw[:i] + lw[i + 1:], f"ocr-extra-letter:{i}"


def _ocr_fix(lw: str, lex: Lexicon) -> tuple[str, str] | None:
    """The one common valid word a single OCR confusion away from `lw`, if there is exactly one."""
    junk = bool(_JUNK.search(lw))
    found: dict[str, tuple[float, str]] = {}
    for variant, rule in _variants(lw):
        for z, form, ok in lex.forms.get(strip_accents(variant), ()):
            if ok:  # the most frequent valid form of that spelling only
                found.setdefault(form, (z, rule))
                break
    for form, (z, rule) in list(found.items()):
        if rule.startswith("ocr-extra-letter"):
            # OCR splits an accented letter in two (è → ée, û → ui, à → da): the letter left over stands
            # next to the accent, and the rest of the word keeps its length and letters.
            i = int(rule.split(":")[1])
            del found[form]
            if lex.zipf.get(lw, 0.0) < 1.0 and _accent_marks(form) & {i - 1, i}:
                found[form] = (z, "ocr-extra-letter")
    ranked = sorted(((z, form, rule) for form, (z, rule) in found.items()), reverse=True)
    if not ranked:
        return None
    z, form, rule = ranked[0]
    if z < (2.0 if junk else 3.0):
        return None
    if len(ranked) > 1 and ranked[1][0] > z - 1.0:
        return None  # two readings are plausible: leave it to the reviewer
    return form, rule


def fix_word(word: str, lex: Lexicon, *, sentence_start: bool = True) -> tuple[str, str] | None:
    """A repaired spelling of one token and the rule's name, or None to keep it.

    A capitalised word inside a sentence is taken for a name: only an accent it already has is corrected.
    """
    lw = word.lower()
    letters = _JUNK.sub("", word)
    if len(letters) >= 2 and word[:1].isupper() and (cap := _capital_accent(lw, lex)) is not None:
        return _case_like(word, cap), "capital-accent"
    if len(letters) < 2 or is_valid(word, lex):
        return None
    junk = letters != word
    capital = word[:1].isupper()
    if not junk and not (letters.islower() or letters.isupper() or letters[1:].islower()):
        return None  # McDonald, iPhone: mixed case is a name, not an OCR slip
    if not junk:
        if capital and not sentence_start and not _has_accent(lw):
            return None
        best = _accent_fix(lw, capital, lex)
        if best is not None:
            return _case_like(word, best), "misread-accent" if _has_accent(lw) else "accent"
        # Letter edits only on lower-case, rare tokens: capitalised unknowns are mostly names.
        if capital or lex.zipf.get(lw, 0.0) >= 2.0:
            return None
    elif word.isupper() or not any(c.islower() for c in letters):
        return None  # AT&T, R&D
    fixed = _ocr_fix(lw, lex)
    if fixed is None:
        return None
    return _case_like(word, fixed[0]), fixed[1]


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
    if lang.split("-")[0].lower() != "fr" or not text:
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
    changes = [Change(t.start, t.end, t.text, t.out, t.rule) for t in toks if t.out != t.text]
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
    if doc.lang.split("-")[0].lower() != "fr":
        return doc
    segments, repairs = [], []
    for seg in doc.segments:
        text, changes = repair(seg.text, doc.lang)
        segments.append(replace(seg, text=text))
        repairs += [Repair(seg.index, at, c.before, c.after, c.rule)
                    for c, at in zip(sorted(changes, key=lambda c: c.start), output_offsets(changes), strict=True)]
    paragraphs = [replace(p, text=repair(p.text, doc.lang)[0]) for p in doc.paragraphs]
    return replace(doc, paragraphs=paragraphs, segments=segments, repairs=repairs)

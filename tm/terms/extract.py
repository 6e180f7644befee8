"""Monolingual term candidates: stop-word-bounded word sequences, acronyms with their expansions, C-value, termhood."""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import simplemma

from align.langtags import primary
from tm.terms.boundaries import drop_bound
from tm.terms.ellipsis import elided
from tm.terms.languages import noun_phrase
from tm.terms.lexicon import (
    GENERAL_WORD_ZIPF,
    Token,
    general_zipf,
    is_acronym,
    is_insertion,
    is_linker,
    is_stop,
    lemma,
    looks_like_verb,
    not_term,
    tokenize,
    words,
)
from tm.terms.tagging import NOUNS, word_classes

_PREPOSITIONS = words("de du des d' d’ au aux à pour of for del para")
_ARTICLES = words("la l' l’ le les the el los las")
# How far back from "(ACR)" a long form may start, in words (Schwartz & Hearst allow min(|A|+5, 2|A|)).
_MAX_EXPANSION = 16
_EN_VERB_CUES = words("to should must will would may can shall could might")


@dataclass
class Candidate:
    """A term candidate in one language: its lemma key, surface forms, frequency and scores."""

    key: tuple[str, ...]
    lang: str
    words: int  # content words, for C-value's length factor
    forms: Counter[str] = field(default_factory=Counter)
    segments: list[str] = field(default_factory=list)
    freq: int = 0
    free: int = 0  # occurrences not inside a longer recurring candidate (C-value's nesting, per occurrence)
    free_forms: Counter[str] = field(default_factory=Counter)  # surface forms of those occurrences
    free_segments: list[str] = field(default_factory=list)  # ids of the segments holding them
    cvalue: float = 0.0
    termhood: float = 0.0
    acronym: bool = False
    gerund: bool = False  # opens with an -ing word: maybe a verb and its object (countering terrorism)
    expansion: str = ""  # for an acronym: the long form written before it, e.g. (OCI)

    @property
    def text(self) -> str:
        """The most frequent surface form where the candidate stands alone (not inside a longer term)."""
        forms = self.free_forms or self.forms
        return max(forms.items(), key=lambda kv: (kv[1], kv[0]))[0]

    @property
    def variants(self) -> list[str]:
        """The other surface forms (inflections, case), most frequent first."""
        main = self.text
        seen = {main.lower()}
        out = []
        for form, _n in self.forms.most_common():
            if form.lower() not in seen:
                seen.add(form.lower())
                out.append(form)
        return out


def _initial_only(tokenized: Sequence[list[Token]], lang: str) -> set[str]:
    """Words seen only as a segment's first word: UN paragraphs open with verbs (Rappelant, Invites)."""
    first: set[str] = set()
    later: set[str] = set()
    for tokens in tokenized:
        words = [t for t in tokens if t.kind == "word" and not is_stop(t.text, lang)]
        if words:
            first.add(words[0].text.lower())
        later.update(t.text.lower() for t in words[1:])
    return first - later


def _blocked(tokens: list[Token], lang: str, initial_only: set[str]) -> list[bool]:
    """Tokens that cannot be part of any term: verbs and sentence-opening verbs."""
    out: list[bool] = []
    seen_word = False
    prev = ""
    for t in tokens:
        bad = t.kind != "word"
        if not bad and not seen_word and not is_stop(t.text, lang):
            seen_word = True
            bad = t.text.lower() in initial_only and not is_acronym(t.text)
        if not bad and primary(lang) != "en":
            bad = not_term(t, lang)
        elif not bad and out and t.text.islower() and prev.lower() in _EN_VERB_CUES:
            bad = True  # "to strengthen", "should continue": a verb after an infinitive marker or modal
        prev = t.text
        out.append(bad)
    return out


def _spans(tokens: list[Token], blocked: list[bool], lang: str, max_words: int) -> Iterable[tuple[int, int]]:
    """(start, end) token spans of 1..max_words content words, bounded by content words, only linkers between."""
    en = primary(lang) == "en"
    for i, tok in enumerate(tokens):
        if blocked[i] or is_stop(tok.text, lang):
            continue
        # An -ing word starts a term only before a noun (standing committees), never alone (recalling).
        gerund = en and looks_like_verb(tok.text, lang)
        linkers = content = 0
        # max_words counts content words: "Alliance des civilisations de l’Organisation des Nations Unies" is 5.
        for j in range(i, min(i + 2 * max_words, len(tokens))):
            t = tokens[j]
            if blocked[j] or (gerund and j == i + 1 and is_stop(t.text, lang)):
                break
            low = t.text.lower()
            if j == i and gerund:
                continue
            if j > i and is_stop(t.text, lang):
                prev = tokens[j - 1].text.lower()
                ok_prep = low in _PREPOSITIONS and linkers == 0
                ok_art = low in _ARTICLES and prev in _PREPOSITIONS and linkers == 1
                if not is_linker(t.text, lang) or not (ok_prep or ok_art):
                    break
                linkers += 1
                continue
            if is_insertion(t.text, lang):
                if j == i or linkers:
                    break
                continue  # organismes compétents des Nations Unies: inside, never at an end
            linkers = 0
            content += 1
            if content > max_words:
                break
            yield i, j + 1


def _initials_match(letters: str, words: list[str]) -> bool:
    """The acronym's letters appear in order among the words' initials, the first one first (Schwartz & Hearst)."""
    initials = [w[0].lower() for w in words]
    if not letters or not initials or initials[0] != letters[0]:
        return False
    it = iter(initials)
    return all(ch in it for ch in letters)


def _expansion(tokens: list[Token], paren: int, lang: str) -> tuple[int, int] | None:
    """The long form before `(ACR)` at token `paren`: the nearest start whose initials spell the acronym, else
    the farthest capitalised word in reach (ONU-Femmes spells no initials of its French long form)."""
    letters = "".join(p for p in re.split(r"[-‐‑]", tokens[paren + 1].text) if p.isupper()).lower()
    starts = []
    j = paren - 1
    while j >= 0 and paren - j <= _MAX_EXPANSION:
        t = tokens[j]
        if t.kind != "word":
            break
        low = t.text.lower()
        if is_stop(t.text, lang) and not is_linker(t.text, lang) and low not in ("et", "and"):
            break
        if not is_stop(t.text, lang) and t.text[:1].isupper():
            starts.append(j)
        j -= 1
    for start in starts:
        words = [t.text for t in tokens[start:paren] if not is_stop(t.text, lang)]
        if _initials_match(letters, words):
            return start, paren
    return (starts[-1], paren) if starts and paren - starts[-1] >= 2 else None


def _key(tokens: Sequence[Token], lang: str) -> tuple[str, ...]:
    return tuple(lemma(t.text, lang) for t in tokens if not is_insertion(t.text, lang))


@dataclass(frozen=True)
class _Occurrence:
    key: tuple[str, ...]
    seg: int  # position of the segment in the input
    start: int  # token span
    end: int
    form: str
    defined: bool = False  # an acronym's long form, written out on purpose: never dropped for crossing


def extract_candidates(segments: Sequence[tuple[str, str]], lang: str, *, max_words: int = 7) -> dict[tuple, Candidate]:
    """Term candidates of one language from (segment id, text) pairs, keyed by lemma sequence, with C-value/termhood."""
    tokenized = [tokenize(text, lang) for _sid, text in segments]
    initial_only = _initial_only(tokenized, lang)
    cands: dict[tuple, Candidate] = {}
    occs: list[_Occurrence] = []
    n_tokens = 0

    def add(toks: list[Token], i: int, j: int, text: str, pos: int, defined: bool = False) -> Candidate:
        span = toks[i:j]
        key = _key(span, lang)
        c = cands.get(key)
        if c is None:
            words = sum(1 for t in span if not is_stop(t.text, lang) and not is_insertion(t.text, lang))
            c = cands[key] = Candidate(key=key, lang=lang, words=words)
        form = " ".join(text[span[0].start:span[-1].end].split())  # a wrapped line or jieba's newline: one space
        c.forms[form] += 1
        c.freq += 1
        sid = segments[pos][0]
        if not c.segments or c.segments[-1] != sid:
            c.segments.append(sid)
        occs.append(_Occurrence(key, pos, i, j, form, defined))
        return c

    blocked_all = [_blocked(tokens, lang, initial_only) for tokens in tokenized]
    for pos, (_sid, text) in enumerate(segments):
        tokens = tokenized[pos]
        n_tokens += sum(1 for t in tokens if t.kind != "punct")
        blocked = blocked_all[pos]
        spans = set(_spans(tokens, blocked, lang, max_words))
        for i, j in sorted(spans):
            c = add(tokens, i, j, text, pos)
            c.acronym = c.acronym or (j - i == 1 and is_acronym(tokens[i].text))
            c.gerund = primary(lang) == "en" and looks_like_verb(tokens[i].text, lang)
        for k in range(1, len(tokens) - 2):
            if tokens[k].text == "(" and tokens[k + 2].text == ")" and is_acronym(tokens[k + 1].text):
                span = _expansion(tokens, k, lang)
                short = cands.get(_key([tokens[k + 1]], lang))
                if span and short is not None:
                    seen = (span[0], span[1]) in spans
                    long = cands[_key(tokens[span[0]:span[1]], lang)] if seen else add(
                        tokens, span[0], span[1], text, pos, defined=True)
                    short.expansion = long.text
    free_occs = _nesting(cands, occs, [sid for sid, _text in segments])
    _pos_patterns(cands, word_classes([text for _sid, text in segments], lang), lang)
    drop_bound(cands, [(o.key, tokenized[o.seg], blocked_all[o.seg], o.start, o.end) for o in free_occs], lang)
    _add_elided(cands, occs, free_occs, tokenized, blocked_all, [sid for sid, _text in segments], lang)
    _score(cands, lang, max(n_tokens, 1))
    _drop_compositional(cands, lang)
    return cands


def _drop_compositional(cands: dict[tuple, Candidate], lang: str) -> None:
    """Drop "TERM de TERM" when both halves stand alone as terms more often (États membres de l'OCI): the
    terminologist records the two terms; a name whose head never stands alone (Secrétariat général de l'OCI,
    Charte des Nations Unies) is kept."""
    usable = {k for k, c in cands.items() if c.free > 0 and c.termhood > 0}
    for key, c in cands.items():
        if key not in usable:
            continue
        cut = next((n for n, w in enumerate(key) if n > 0 and w in _PREPOSITIONS), None)
        if cut is None:
            continue
        rest = cut + 1
        while rest < len(key) and key[rest] in _ARTICLES:
            rest += 1
        head, tail = key[:cut], key[rest:]
        if head in usable and tail in usable and cands[head].free >= max(2, c.free) and cands[tail].free >= c.free:
            c.free, c.termhood = 0, 0.0


def _add_elided(cands: dict[tuple, Candidate], occs: list[_Occurrence], free_occs: list[_Occurrence],
                tokenized: Sequence[list[Token]], blocked_all: Sequence[list[bool]], sids: list[str],
                lang: str) -> None:
    """Count a term where a coordination writes it in part (prévention et règlement des conflits), in place."""
    attested = {k for k, c in cands.items() if c.free > 0}
    spans: dict[int, list[tuple[int, int]]] = {}
    for o in occs:
        spans.setdefault(o.seg, []).append((o.start, o.end))
    order = {sid: n for n, sid in enumerate(sids)}
    free_at: dict[tuple[tuple, int], list[int]] = defaultdict(list)  # free occurrences' starts per segment
    for o in free_occs:
        free_at[(o.key, o.seg)].append(o.start)
    for seg, seg_spans in spans.items():
        tokens = tokenized[seg]
        for key, bare in elided(tokens, blocked_all[seg], sorted(set(seg_spans)),
                                lambda toks: _key(toks, lang), attested, lang):
            c = cands[key]
            if sids[seg] not in c.free_segments:
                c.free += 1
                c.free_segments = sorted([*c.free_segments, sids[seg]], key=lambda s: order.get(s, 0))
            # The bare word (intolerance in "religious discrimination and intolerance") stands for the whole
            # term here, not for itself: that segment no longer counts for the single word.
            one = _key(tokens[bare:bare + 1], lang)
            word = cands.get(one)
            if word is not None and sids[seg] in word.free_segments and free_at[(one, seg)] == [bare]:
                word.free = max(0, word.free - 1)
                word.free_segments = [s for s in word.free_segments if s != sids[seg]]


def _pos_patterns(cands: dict[tuple, Candidate], classes: dict[str, str], lang: str) -> None:
    """With a tagger: a one-word term is a noun, a multi-word one opens with its noun head (French word order);
    Russian, from its dictionary classes: the term ends with a noun."""
    if primary(lang) == "ru":
        for c in cands.values():
            if c.free > 0 and not c.acronym and not noun_phrase(c.text.split(), "ru"):
                c.free = 0
        return
    if not classes:
        return
    for c in cands.values():
        if c.free <= 0 or c.acronym:
            continue
        content = [w for w in c.text.split() if not is_stop(w, lang)]
        head = content[0].lower() if content else ""
        # Only words of the language's lexicon: the model guesses at tool names and English words (dcut, build).
        if head in classes and classes[head] not in NOUNS and simplemma.is_known(head, lang=primary(lang)):
            c.free = 0  # humanitaire, interculturel (adjectives); important partenaire (adjective first)


def _crossings(by_seg: dict[int, list[_Occurrence]], cands: dict[tuple, Candidate], skip: set[tuple],
               strict: bool) -> Counter[tuple]:
    """Per candidate, occurrences cut across by a more (strict) or at least as frequent overlapping candidate."""
    out: Counter[tuple] = Counter()
    for seg_occs in by_seg.values():
        live = [o for o in seg_occs if o.key not in skip]
        for n, a in enumerate(live):
            for b in live[n + 1:]:
                if b.start >= a.end:
                    break
                if a.start < b.start < a.end < b.end:  # partial overlap: one boundary falls inside the other
                    fa, fb = cands[a.key].freq, cands[b.key].freq
                    # A gerund-led window (countering international) is too weak to cut anything.
                    if (fa < fb or (fa == fb and not strict)) and not a.defined and not cands[b.key].gerund:
                        out[a.key] += 1
                    if (fb < fa or (fa == fb and not strict)) and not b.defined and not cands[a.key].gerund:
                        out[b.key] += 1
    return out


def _nesting(cands: dict[tuple, Candidate], occs: list[_Occurrence], sids: list[str]) -> list[_Occurrence]:
    """Drop candidates that mostly cut across another one; count and return the occurrences not inside a longer one."""
    by_seg: dict[int, list[_Occurrence]] = {}
    for o in occs:
        by_seg.setdefault(o.seg, []).append(o)
    for seg_occs in by_seg.values():
        seg_occs.sort(key=lambda o: (o.start, -o.end))
    # "Secrétariat général de l’Organisation" ends inside the more frequent "Organisation de la coopération
    # islamique": a fragment, dropped first so that it cannot in turn cut "Secrétariat général".
    weaker = _crossings(by_seg, cands, set(), strict=True)
    fragments = {k for k, n in weaker.items() if 2 * n >= cands[k].freq}
    crossing = _crossings(by_seg, cands, fragments, strict=False)
    dropped = fragments | {k for k, n in crossing.items() if 2 * n >= cands[k].freq}
    # Windows that only cut each other (all as frequent) are pieces of a name longer than max_words: they still
    # hold their words, so "Abdelaziz" does not stand alone out of "Centre … Roi Abdallah ben Abdelaziz pour …".
    # An acronym's written-out long form holds its words even when it occurs once: it was defined on purpose.
    defined = {o.key for o in occs if o.defined}
    containers = {k for k, c in cands.items()
                  if k not in fragments and (c.freq >= 2 or k in defined) and not c.gerund}
    forms: dict[tuple, Counter[str]] = {}
    positions: dict[tuple, list[int]] = {}
    free: list[_Occurrence] = []
    for seg_occs in sorted(by_seg.values(), key=lambda os: os[0].seg):
        reach: dict[int, int] = {}  # start -> farthest end of a container starting there
        for b in seg_occs:
            if b.key in containers:
                reach[b.start] = max(reach.get(b.start, 0), b.end)
        for a in seg_occs:
            if a.key in dropped:
                continue
            # Inside a strictly longer container: one starting earlier and reaching its end, or at its start and beyond.
            inside = reach.get(a.start, 0) > a.end or any(
                reach.get(s, 0) >= a.end for s in range(a.start - _MAX_EXPANSION, a.start))
            if not inside:
                free.append(a)
                cands[a.key].free += 1
                forms.setdefault(a.key, Counter())[a.form] += 1
                seen = positions.setdefault(a.key, [])
                if not seen or seen[-1] != a.seg:
                    seen.append(a.seg)
    for key in dropped:
        cands[key].free = 0
    for key, c in cands.items():
        c.free_forms = forms.get(key, Counter())
        c.free_segments = [sids[p] for p in positions.get(key, [])]
    return [o for o in free if o.key not in dropped]


def _score(cands: dict[tuple, Candidate], lang: str, n_tokens: int) -> None:
    """C-value (with nesting counted per occurrence) and termhood against general-language frequency, in place."""
    for c in cands.values():
        c.cvalue = math.log2(1 + c.words) * c.free
        corpus_zipf = math.log10(c.freq / n_tokens * 1e9)
        # Weirdness on wordfreq's Zipf scale: how much more often the term occurs here than in general language.
        general = general_zipf(c.text, lang)
        weird = corpus_zipf - general
        c.termhood = c.cvalue * max(weird, 0.0) / 3.0
        # One everyday word (coordination, secrétariats: judged by its lemma too) is language, not a term;
        # acronyms and hyphenated compounds stand for multi-word terms and keep their termhood.
        if c.words == 1 and not c.acronym and "-" not in c.text:
            general = max(general, general_zipf(c.key[0], lang))
            if general >= GENERAL_WORD_ZIPF:
                c.termhood = 0.0

"""Bilingual term pairs from aligned segments: co-occurrence (Dice, log-likelihood), embeddings, string similarity."""

from __future__ import annotations

import math
import unicodedata
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from typing import NamedTuple, Protocol

import numpy as np
from rapidfuzz import fuzz

from align.langtags import primary
from tm.terms.extract import Candidate, extract_candidates
from tm.terms.languages import citation_form
from tm.terms.lexicon import GENERAL_WORD_ZIPF, general_zipf

# Cosine similarities between two lists of strings, as a (len(a), len(b)) matrix.
Similarity = Callable[[Sequence[str], Sequence[str]], np.ndarray]


class AlignedSegment(NamedTuple):
    """One aligned unit: source text, target text and an id to cite it by (a TMX tuid or a project bead)."""

    source: str
    target: str
    id: str


@dataclass
class TermPair:
    """A source term, its target equivalent, and the evidence for the pairing."""

    source: str
    target: str
    score: float
    frequency: int  # aligned segments where both stand as terms
    source_frequency: int
    target_frequency: int
    dice: float
    llr: float
    similarity: float  # embedding cosine of the two strings (0 without an encoder)
    string_similarity: float
    examples: list[str] = field(default_factory=list)
    source_variants: list[str] = field(default_factory=list)
    target_variants: list[str] = field(default_factory=list)
    source_expansion: str = ""  # set when the term is an acronym written with its long form
    target_expansion: str = ""


@dataclass(frozen=True)
class PairingParams:
    """Thresholds and weights of the pairing; the defaults were tuned on the UN/OIC pair."""

    min_freq: int = 2  # co-occurrences a pair needs
    max_candidates: int = 800  # per language, best termhood first
    min_dice: float = 0.3
    min_similarity: float = 0.5  # embedding cosine, unless the strings themselves are near-identical
    min_string: float = 0.85
    min_score: float = 0.5
    examples: int = 3
    embedded: bool = True  # set by pair_terms: whether a Similarity was given


def _llr(k11: int, k12: int, k21: int, k22: int) -> float:
    """Dunning's log-likelihood ratio G² of a 2×2 contingency table."""
    n = k11 + k12 + k21 + k22
    rows, cols = (k11 + k12, k21 + k22), (k11 + k21, k12 + k22)
    g = 0.0
    for k, r, c in ((k11, rows[0], cols[0]), (k12, rows[0], cols[1]), (k21, rows[1], cols[0]), (k22, rows[1], cols[1])):
        if k > 0:
            g += k * math.log(k * n / (r * c))
    return 2.0 * g


def _plain(text: str) -> str:
    """Lowercase without accents or hyphens, so that cognates and names compare as strings."""
    text = unicodedata.normalize("NFKD", text.lower().replace("-", " "))
    return "".join(ch for ch in text if not unicodedata.combining(ch))


def string_similarity(a: str, b: str) -> float:
    """Word-order-insensitive similarity in [0, 1] (Istanbul/Istanbul, diplomatie préventive/preventive diplomacy)."""
    return fuzz.token_sort_ratio(_plain(a), _plain(b)) / 100.0


class TextEncoder(Protocol):
    """What pairing needs of an encoder (align.embed.encoders.Encoder): texts in, L2-normalised rows out."""

    def encode(self, texts: Sequence[str]) -> np.ndarray: ...


def encoder_similarity(encoder: TextEncoder) -> Similarity:
    """A Similarity backed by an align.embed.encoders Encoder (its vectors are L2-normalised, so dot = cosine)."""

    def sim(a: Sequence[str], b: Sequence[str]) -> np.ndarray:
        if not a or not b:
            return np.zeros((len(a), len(b)), dtype=np.float32)
        return np.asarray(encoder.encode(list(a))) @ np.asarray(encoder.encode(list(b))).T

    return sim


def _usable(cands: dict[tuple, Candidate], limit: int) -> list[Candidate]:
    """Candidates that stand alone at least once and occur more than chance would in general language."""
    good = [c for c in cands.values() if c.free > 0 and c.termhood > 0]
    good.sort(key=lambda c: -c.termhood)
    return good[:limit]


def pair_terms(segments: Sequence[AlignedSegment], *, src: str = "fr", tgt: str = "en",
               similarity: Similarity | None = None, params: PairingParams | None = None) -> list[TermPair]:
    """Mutually best source/target term pairs over aligned segments, best first."""
    p = replace(params or PairingParams(), embedded=similarity is not None)
    segs = [s for s in segments if s.source.strip() and s.target.strip()]
    n = len(segs)
    # Segments are keyed by position, so that repeated or missing ids cannot merge two segments' counts.
    src_c = _usable(extract_candidates([(str(k), s.source) for k, s in enumerate(segs)], src), p.max_candidates)
    tgt_c = _usable(extract_candidates([(str(k), s.target) for k, s in enumerate(segs)], tgt), p.max_candidates)
    by_seg: dict[str, list[int]] = {}
    for j, c in enumerate(tgt_c):
        for sid in c.free_segments:
            by_seg.setdefault(sid, []).append(j)
    stats: list[tuple[int, int, int, float, float]] = []  # (i, j, co-occurrences, dice, llr)
    for i, c in enumerate(src_c):
        co = Counter(j for sid in c.free_segments for j in by_seg.get(sid, ()))
        fs = len(c.free_segments)
        for j, k in co.items():
            ft = len(tgt_c[j].free_segments)
            dice = 2 * k / (fs + ft)
            if k >= p.min_freq and dice >= p.min_dice:
                stats.append((i, j, k, dice, _llr(k, fs - k, ft - k, n - fs - ft + k)))
    sims = _pair_similarities(stats, src_c, tgt_c, similarity)
    scored = []
    for (i, j, k, dice, llr), sim in zip(stats, sims, strict=True):
        if src_c[i].acronym != tgt_c[j].acronym:
            continue  # an acronym translates as an acronym (OCI/OIC); its long form pairs on its own
        s_text, t_text = src_c[i].text, tgt_c[j].text
        strsim = string_similarity(s_text, t_text)
        if similarity is not None and sim < p.min_similarity and strsim < p.min_string:
            continue
        assoc = 0.5 * dice + 0.5 * min(1.0, llr / 20.0)
        # Without an encoder the strings themselves carry more weight.
        score = 0.75 * assoc + 0.25 * strsim if similarity is None else 0.55 * sim + 0.35 * assoc + 0.10 * strsim
        if score >= p.min_score:
            scored.append((score, i, j, k, dice, llr, sim, strsim))
    return _mutual_best(scored, src_c, tgt_c, p, [s.id for s in segs])


def _pair_similarities(stats: list[tuple[int, int, int, float, float]], src_c: list[Candidate],
                       tgt_c: list[Candidate], similarity: Similarity | None) -> list[float]:
    """The embedding cosine of each pair's two strings, encoding every string once."""
    if similarity is None or not stats:
        return [0.0] * len(stats)
    si = sorted({i for i, *_ in stats})
    ti = sorted({j for _i, j, *_ in stats})
    matrix = similarity([src_c[i].text for i in si], [tgt_c[j].text for j in ti])
    row = {i: r for r, i in enumerate(si)}
    col = {j: c for c, j in enumerate(ti)}
    return [float(matrix[row[i], col[j]]) for i, j, *_ in stats]


def _mutual_best(scored: list[tuple], src_c: list[Candidate], tgt_c: list[Candidate],
                 p: PairingParams, ids: list[str]) -> list[TermPair]:
    """Keep a pair only when each side is the other's best match; rank by score weighted by frequency."""
    best_s: dict[int, tuple] = {}
    best_t: dict[int, tuple] = {}
    for row in scored:
        _score, i, j = row[:3]
        if i not in best_s or row > best_s[i]:
            best_s[i] = row
        if j not in best_t or row > best_t[j]:
            best_t[j] = row
    pairs = []
    ij = []
    for i, row in best_s.items():
        score, _i, j, k, dice, llr, sim, strsim = row
        if best_t[j] is not row:
            continue
        s, t = src_c[i], tgt_c[j]
        in_target = set(t.free_segments)
        shared = [ids[int(pos)] for pos in s.free_segments if pos in in_target]
        pairs.append(TermPair(
            source=_citation(s), target=_citation(t), score=round(score, 4), frequency=k, source_frequency=s.freq,
            target_frequency=t.freq, dice=round(dice, 4), llr=round(llr, 2), similarity=round(sim, 4),
            string_similarity=round(strsim, 4), examples=shared[:p.examples], source_variants=_variants(s),
            target_variants=_variants(t), source_expansion=s.expansion, target_expansion=t.expansion))
        ij.append((i, j))
    weight = {id(tp): _specificity(src_c[i], tgt_c[j], tp.similarity if p.embedded else None)
              for tp, (i, j) in zip(pairs, ij, strict=True)}
    # A strong pair seen often outranks an equally strong one-off: log of the co-occurrences as a weight.
    pairs.sort(key=lambda tp: (-tp.score * (1 + math.log2(tp.frequency)) * weight[id(tp)], tp.source))
    return pairs


def _citation(c: Candidate) -> str:
    """The candidate's form as a termbase records it (Russian in the nominative)."""
    return citation_form(c.text, primary(c.lang))


def _variants(c: Candidate) -> list[str]:
    """The other forms; the form seen most often among them when the citation form differs from it."""
    main = _citation(c)
    seen = [c.text] if c.text != main else []
    return [*seen, *c.variants]


def _compound(c: Candidate) -> bool:
    """A one-word term that can stand for a multi-word one (peacekeeping, capacity-building, OIC)."""
    return c.acronym or "-" in c.text or general_zipf(c.text, c.lang) < GENERAL_WORD_ZIPF


def _specificity(s: Candidate, t: Candidate, sim: float | None) -> float:
    """A ranking weight: 1 for multi-word terms and rare words, less for everyday words and lopsided pairs."""

    def side(c: Candidate) -> float:
        if c.words > 1 or c.acronym or "-" in c.text:  # wordfreq has no sensible figure for Secretary-General
            return 1.0
        # Single everyday words (coordination, initiatives) are translations more than terms.
        return min(1.0, max(0.05, (4.2 - general_zipf(c.text, c.lang)) / 1.2))

    w = min(side(s), side(t))
    if (s.words > 1) != (t.words > 1):
        one, many = (s, t) if s.words <= 1 else (t, s)
        if not _compound(one):
            w *= 0.5  # "institutions spécialisées" against "specialized" alone: one side is cut short
        elif any(fuzz.ratio(_plain(one.text), _plain(x)) >= 80 for x in many.text.split()):
            w *= 0.3  # "interculturel" against "Intercultural Dialogue": the one word translates only a part
    if sim is not None and sim < 0.85:
        w *= (sim / 0.85) ** 4  # the encoder's doubt counts for more in ranking than in the score
    return w

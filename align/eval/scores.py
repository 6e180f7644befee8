"""Score alignments: Vecalign-style strict/lax bead scores, and TU scores against unit-level gold (JSONL)."""

from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path
from typing import Any

from align import errors
from align.text.scripts import UNSPACED

BeadPair = tuple[tuple[int, ...], tuple[int, ...]]

# Vecalign writes `[0, 1]:[2]`, optionally followed by `:score`.
_BEAD_LINE = re.compile(r"^\s*\[([\d,\s]*)\]\s*:\s*\[([\d,\s]*)\]\s*(?::\s*[-+0-9.eE]+\s*)?$")
_IDS = re.compile(r"^\s*\d+\s*(?:,\s*\d+\s*)*$")


# --- Vecalign bead files ---------------------------------------------------------------------------

def parse_beads(text: str, name: str = "<beads>") -> list[BeadPair]:
    """Beads from Vecalign-format text (`[1, 2]:[3]`, `[]:[4]`); blank lines are skipped."""
    beads: list[BeadPair] = []
    for lineno, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        m = _BEAD_LINE.match(line)
        if not m or any(g.strip() and not _IDS.match(g) for g in m.groups()):
            raise errors.not_a_bead_line(name, lineno, line)
        src, tgt = (tuple(int(x) for x in g.split(",")) if g.strip() else () for g in m.groups())
        beads.append((src, tgt))
    return beads


def read_beads(path: str | Path) -> list[BeadPair]:
    """Beads from a Vecalign-format file."""
    p = Path(path)
    if not p.is_file():
        raise errors.missing_file(str(p))
    return parse_beads(_read_text(p), name=str(p))


def _read_text(p: Path) -> str:
    """A gold or beads file as text; bytes that are not UTF-8 are a one-line error naming the file."""
    try:
        return p.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as e:
        raise errors.damaged_gold(str(p), f"not UTF-8 text (byte {e.start})") from None
    except OSError as e:
        raise errors.os_problem(e, str(p)) from None


def format_beads(beads: Iterable[Any]) -> str:
    """Vecalign-format text, one `[i, j]:[k]` line per bead; accepts (src, tgt) pairs or Bead objects."""
    lines = []
    for b in beads:
        src, tgt = (b.src, b.tgt) if hasattr(b, "src") else b
        lines.append(f"[{', '.join(map(str, src))}]:[{', '.join(map(str, tgt))}]")
    return "".join(line + "\n" for line in lines)


def _counts(gold: Iterable[Sequence[Sequence[int]]], test: Iterable[Sequence[Sequence[int]]]) -> list[int]:
    """[tp strict, fp strict, tp lax, fp lax] of `test` against `gold`, as Vecalign's `_precision`."""
    gold_set = {(tuple(s), tuple(t)) for s, t in gold if len(s) or len(t)}
    test_set = {(tuple(s), tuple(t)) for s, t in test if len(s) or len(t)}
    src_to_tgt: dict[int, set[int]] = defaultdict(set)
    for s, t in gold_set:
        for i in s:
            src_to_tgt[i].update(t)
    tps = fps = tpl = fpl = 0
    for s, t in test_set:
        if (s, t) in gold_set:
            tps, tpl = tps + 1, tpl + 1
            continue
        # Not an exact match: lax credit when it shares a source and a target sentence with gold.
        linked = set().union(*(src_to_tgt.get(i, set()) for i in s))
        fps += 1
        if linked.intersection(t):
            tpl += 1
        else:
            fpl += 1
    return [tps, fps, tpl, fpl]


def _ratio(a: int, b: int) -> float:
    return a / b if b else 0.0


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def score_beads(test: Sequence[Sequence[BeadPair]], gold: Sequence[Sequence[BeadPair]]) -> dict[str, Any]:
    """Strict and lax P/R/F1 as Vecalign's score.py: counts summed over files, null beads left out of recall."""
    if len(test) != len(gold):
        raise errors.alignment_count_mismatch(len(test), len(gold))
    p = [0, 0, 0, 0]
    r = [0, 0, 0, 0]
    for t, g in zip(test, gold, strict=True):
        p = [a + b for a, b in zip(p, _counts(g, t), strict=True)]
        # Recall is precision with the roles swapped, insertions and deletions removed on both sides.
        t_links = [(s, u) for s, u in t if len(s) and len(u)]
        g_links = [(s, u) for s, u in g if len(s) and len(u)]
        r = [a + b for a, b in zip(r, _counts(t_links, g_links), strict=True)]
    out: dict[str, Any] = {}
    for name, (tp_p, fp_p, tp_r, fp_r) in (("strict", (p[0], p[1], r[0], r[1])),
                                            ("lax", (p[2], p[3], r[2], r[3]))):
        prec, rec = _ratio(tp_p, tp_p + fp_p), _ratio(tp_r, tp_r + fp_r)
        out[name] = {"precision": prec, "recall": rec, "f1": _f1(prec, rec)}
    out["counts"] = {"precision": p, "recall": r, "test_beads": p[0] + p[1], "gold_links": r[0] + r[1]}
    return out


# --- unit-level gold (JSONL) -----------------------------------------------------------------------

def detect_gold_format(path: str | Path) -> str:
    """'jsonl-units' for one JSON object per line, 'vecalign' for bead lines."""
    p = Path(path)
    if not p.is_file():
        raise errors.missing_file(str(p))
    for line in _read_text(p).splitlines():
        if not line.strip():
            continue
        if line.lstrip().startswith("{"):
            return "jsonl-units"
        if _BEAD_LINE.match(line):
            return "vecalign"
        break
    raise errors.unknown_gold_format(str(p))


def load_gold_units(path: str | Path) -> list[dict[str, Any]]:
    """Gold units from JSONL: one `{"id", "kind", "<lang>": text, …}` object per line, in document order."""
    p = Path(path)
    if not p.is_file():
        raise errors.missing_file(str(p))
    units: list[dict[str, Any]] = []
    for lineno, line in enumerate(_read_text(p).splitlines(), 1):
        if not line.strip():
            continue
        try:
            unit = json.loads(line)
        except json.JSONDecodeError as e:
            raise errors.gold_not_json(str(p), lineno, e.msg) from None
        except RecursionError:
            raise errors.damaged_gold(f"{p}:{lineno}", "the JSON is nested too deeply") from None
        if not isinstance(unit, dict) or "id" not in unit:
            raise errors.gold_without_id(str(p), lineno)
        if bad := next((k for k, v in unit.items() if not isinstance(v, str | int | float) or isinstance(v, bool)),
                       None):
            raise errors.damaged_gold(f"{p}:{lineno}", f"the field {bad!r} holds {type(unit[bad]).__name__}, not text")
        units.append(unit)
    if not units:
        raise errors.gold_empty(str(p))
    return units


_LIGATURES = str.maketrans({"œ": "oe", "æ": "ae", "ø": "o", "ł": "l", "đ": "d"})
_TOKEN = re.compile(r"[^\W\d_]+|\d+")
_COMBINING = re.compile(r"[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]+")


def tokens(text: str) -> list[str]:
    """Matching tokens: case and accents folded, letters and digits split, one-character tokens dropped."""
    text = unicodedata.normalize("NFKD", unicodedata.normalize("NFKC", text).casefold().translate(_LIGATURES))
    text = _COMBINING.sub("", text)
    # One-character tokens are where OCR noise and cleanup differ (I’/l’/1’, footnote digits 2, ®→n),
    # so neither side is judged on them.
    out: list[str] = []
    for tok in _TOKEN.findall(text):
        if UNSPACED.search(tok):
            # Han and kana runs have no word spaces: their character bigrams stand in for words.
            out += [tok[i:i + 2] for i in range(len(tok) - 1)]
        elif len(tok) > 1:
            out.append(tok)
    return out


def _masks(seq: Sequence[str]) -> dict[str, int]:
    masks: dict[str, int] = defaultdict(int)
    for i, tok in enumerate(seq):
        masks[tok] |= 1 << i
    return masks


def _lcs(masks: dict[str, int], n: int, other: Sequence[str]) -> int:
    # Bit-parallel LCS length (Allison-Dix / Hyyrö): one big-int step per token of `other`.
    full = (1 << n) - 1
    v = full
    get = masks.get
    for tok in other:
        m = get(tok)
        if m:
            u = v & m
            v = ((v + u) | (v - u)) & full
    return n - v.bit_count()


def lcs_length(a: Sequence[str], b: Sequence[str]) -> int:
    """Length of the longest common subsequence of two token sequences."""
    return _lcs(_masks(a), len(a), b)


@dataclass(frozen=True)
class SideMatch:
    """The gold units (consecutive indices) one TU side comes from, and how much of the side they cover."""

    units: tuple[int, ...]
    coverage: float
    n_tokens: int
    ends_unit: bool = False  # the side's last words are its last unit's last words


class UnitIndex:
    """Tokenised gold units of one language, in document order, for mapping TU sides to units."""

    def __init__(self, texts: Sequence[str], *, min_coverage: float = 0.8, anchor_tolerance: float = 0.1,
                 anchor_width: int = 3) -> None:
        self.toks = [tokens(t) for t in texts]
        self.sets = [frozenset(t) for t in self.toks]
        self.pairs = [frozenset(pairwise(t)) for t in self.toks]
        # The word pair across each unit boundary, so a side spanning two units keeps its contiguity.
        self.joins = [(a[-1], b[0]) if a and b else None for a, b in pairwise(self.toks)]
        self.stream = [tok for ts in self.toks for tok in ts]
        self.offsets = [0]
        for ts in self.toks:
            self.offsets.append(self.offsets[-1] + len(ts))
        self.min_coverage = min_coverage
        self.anchor_tolerance = anchor_tolerance
        self.anchor_width = anchor_width

    def _span_len(self, lo: int, hi: int) -> int:
        return self.offsets[hi + 1] - self.offsets[lo]

    def _span_lcs(self, masks: dict[str, int], n: int, lo: int, hi: int) -> int:
        return _lcs(masks, n, self.stream[self.offsets[lo]:self.offsets[hi + 1]])

    def _span_pairs(self, side_pairs: Counter[tuple[str, str]], lo: int, hi: int) -> int:
        keys = side_pairs.keys()
        common = set().union(*(keys & self.pairs[u] for u in range(lo, hi + 1)), keys & set(self.joins[lo:hi]))
        return sum(side_pairs[p] for p in common)

    def match(self, text: str, after: SideMatch | None = None) -> SideMatch:
        """The consecutive gold units `text` comes from, empty when too little is found in order; `after`
        (the previous TU's match on this side) settles short formulaic sides found whole in several units."""
        toks = tokens(text)
        n = len(toks)
        if not n:
            return SideMatch((), 0.0, 0)
        masks, present = _masks(toks), set(toks)
        lcs1 = [0 if s.isdisjoint(present) else _lcs(masks, n, ts) for s, ts in zip(self.sets, self.toks, strict=True)]
        if not max(lcs1):
            return SideMatch((), 0.0, n)
        side_pairs = Counter(pairwise(toks))
        # Evidence for a span: its words in order (LCS, which also measures coverage) plus the side's
        # adjacent word pairs found adjacent in it, so a phrase found whole beats the same words
        # scattered through a long, formulaic paragraph.
        scores = {(i, i): (c, self._span_pairs(side_pairs, i, i) if c > 1 else 0) for i, c in enumerate(lcs1) if c}
        scores.update(self._runs(masks, n, side_pairs, scores))
        best = max(map(sum, scores.values()))
        slack = max(1.0, self.anchor_tolerance * (2 * n - 1))
        cands = [sp for sp, v in scores.items() if sum(v) >= best - slack]
        lo, hi = self._anchor(cands, scores, after if after and after.units else None)
        lo, hi, cur = self._trim(masks, n, lo, hi, scores[(lo, hi)][0])
        lo, hi, cur = self._grow(masks, n, lo, hi, cur)
        coverage = cur / n
        if coverage < self.min_coverage:
            return SideMatch((), coverage, n)
        tail = self.toks[hi][-2:]
        return SideMatch(tuple(range(lo, hi + 1)), coverage, n, ends_unit=bool(tail) and toks[-len(tail):] == tail)

    def _trim(self, masks: dict[str, int], n: int, lo: int, hi: int, cur: int) -> tuple[int, int, int]:
        # A run keeps its end units only on the terms a neighbour must meet to join it.
        while lo < hi:
            cut = [(cur - self._span_lcs(masks, n, *sp), j, sp) for j, sp in ((lo, (lo + 1, hi)), (hi, (lo, hi - 1)))]
            loss, j, (a, b) = min(cut)
            if self._substantial(loss, len(self.toks[j]), n):
                break
            cur, lo, hi = cur - loss, a, b
        return lo, hi, cur

    def _grow(self, masks: dict[str, int], n: int, lo: int, hi: int, cur: int) -> tuple[int, int, int]:
        # Take in neighbours while one adds substantially to the words found in order.
        while True:
            grown = None
            for j, (a, b) in ((lo - 1, (lo - 1, hi)), (hi + 1, (lo, hi + 1))):
                if not 0 <= j < len(self.toks):
                    continue
                gain = self._span_lcs(masks, n, a, b) - cur
                if self._substantial(gain, len(self.toks[j]), n) and (grown is None or gain > grown[0]):
                    grown = (gain, a, b)
            if grown is None:
                return lo, hi, cur
            cur, lo, hi = cur + grown[0], grown[1], grown[2]

    def _runs(self, masks: dict[str, int], n: int, side_pairs: Counter[tuple[str, str]],
              singles: dict[tuple[int, int], tuple[int, int]]) -> dict[tuple[int, int], tuple[int, int]]:
        # Two or three short units merged into one side can each hold less of it than some long,
        # formulaic paragraph does by chance, so runs of up to `anchor_width` units compete too; a run
        # is only scored when its units could together add real evidence over the best of them alone.
        top = 2 * n - 1
        slack = max(1.0, self.anchor_tolerance * top)
        best = max(map(sum, singles.values()))
        if best >= top:
            return {}  # one unit holds all of it in order; growing the span handles a merged heading
        single = [sum(singles.get((i, i), (0, 0))) for i in range(len(self.toks))]
        runs = []
        for lo in range(len(self.toks)):
            for hi in range(lo + 1, min(len(self.toks), lo + self.anchor_width)):
                part = single[lo:hi + 1]
                bound = min(top, sum(part) + hi - lo)
                if part[0] and part[-1] and bound >= max(part) + 2 and bound >= best - slack:
                    runs.append((bound, lo, hi))
        out = {}
        for bound, lo, hi in sorted(runs, reverse=True):
            if bound < best - slack:
                break
            v = (self._span_lcs(masks, n, lo, hi), self._span_pairs(side_pairs, lo, hi))
            if sum(v) >= max(single[lo:hi + 1]) + 2:
                out[(lo, hi)] = v
                best = max(best, sum(v))
        return out

    def _anchor(self, cands: list[tuple[int, int]], scores: dict[tuple[int, int], tuple[int, int]],
                after: SideMatch | None) -> tuple[int, int]:
        fill = {sp: scores[sp][0] / max(1, self._span_len(*sp)) for sp in cands}
        best = max(cands, key=lambda sp: (fill[sp], sum(scores[sp]), -sp[0]))
        if after is None or len(cands) == 1:
            return best
        # A fragment found whole in several units: in document order it most likely continues the unit
        # the previous TU was in, or else starts the next one (which is where headings win).
        last = after.units[-1]
        if not after.ends_unit and (last, last) in fill:
            return (last, last)
        if fill[best] >= 0.8:
            # A label found whole in several units (Note, Tip, Warning): document order picks the occurrence.
            whole = [sp for sp in cands if fill[sp] >= fill[best] and sum(scores[sp]) >= sum(scores[best])]
            if len(whole) == 1:
                return best
            cands = whole
        expected = last + 1 if after.ends_unit else last
        return min(cands, key=lambda sp: (abs(sp[0] - expected) + (0.5 if sp[0] < expected else 0.0), -fill[sp]))

    @staticmethod
    def _substantial(gain: int, unit_len: int, n: int, clause: int = 6) -> bool:
        # A neighbour joins the span if the side holds much of it, it holds much of the side, or it adds
        # a clause's worth of words in order: a stray shared word or two must not pull it in, but a
        # sentence carried over from the next paragraph must (that is a real alignment error).
        if gain < min(2, unit_len) or gain <= 0:
            return False
        return gain >= 0.5 * unit_len or gain >= 0.2 * n or gain >= clause


def _ids(units: Sequence[dict[str, Any]], idx: Sequence[int]) -> list[str]:
    return [str(units[i]["id"]) for i in idx]


def _short(text: str, width: int = 50) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def score_units(pairs: Sequence[tuple[str, str]], gold_units: Sequence[dict[str, Any]], src_key: str = "fr",
                tgt_key: str = "en", *, min_coverage: float = 0.8) -> dict[str, Any]:
    """TU precision/recall/F1 against unit gold: a TU is correct when both sides map to the same units."""
    for key in (src_key, tgt_key):
        missing = [u.get("id") for u in gold_units if not isinstance(u.get(key), str)]
        if missing:
            raise errors.gold_without_text(missing[0], key)
    src_index = UnitIndex([u[src_key] for u in gold_units], min_coverage=min_coverage)
    tgt_index = UnitIndex([u[tgt_key] for u in gold_units], min_coverage=min_coverage)
    tus: list[dict[str, Any]] = []
    covered: dict[int, list[int]] = defaultdict(list)
    side_hits: dict[str, dict[int, list[int]]] = {"src": defaultdict(list), "tgt": defaultdict(list)}
    error_lines: list[str] = []
    prev: dict[str, SideMatch | None] = {"src": None, "tgt": None}
    for k, (src, tgt) in enumerate(pairs):
        sm, tm = src_index.match(src, prev["src"]), tgt_index.match(tgt, prev["tgt"])
        prev = {"src": sm if sm.units else prev["src"], "tgt": tm if tm.units else prev["tgt"]}
        for side, m in (("src", sm), ("tgt", tm)):
            for i in m.units:
                side_hits[side][i].append(k)
        correct = bool(sm.units) and sm.units == tm.units
        if correct:
            reason = ""
            for i in sm.units:
                covered[i].append(k)
        elif not sm.units or not tm.units:
            reason = f"{src_key if not sm.units else tgt_key} side matches no gold unit"
        else:
            reason = (f"{src_key} → {'+'.join(_ids(gold_units, sm.units))}, "
                      f"{tgt_key} → {'+'.join(_ids(gold_units, tm.units))}")
        tus.append({"index": k, "src_units": _ids(gold_units, sm.units), "tgt_units": _ids(gold_units, tm.units),
                    "src_coverage": round(sm.coverage, 3), "tgt_coverage": round(tm.coverage, 3),
                    "correct": correct, "reason": reason})
        if not correct:
            error_lines.append(f"TU {k}: {reason}: {_short(src)!r} | {_short(tgt)!r}")
    units = []
    for i, u in enumerate(gold_units):
        units.append({"id": u["id"], "kind": u.get("kind", ""), "covered": bool(covered.get(i)),
                      "correct_tus": covered.get(i, []), "src_tus": side_hits["src"].get(i, []),
                      "tgt_tus": side_hits["tgt"].get(i, [])})
        if not covered.get(i):
            error_lines.append(f"unit {u['id']} ({u.get('kind', 'unit')}): no correct TU "
                               f"({len(side_hits['src'].get(i, []))} TUs touch its {src_key} side, "
                               f"{len(side_hits['tgt'].get(i, []))} its {tgt_key} side)")
    n_correct = sum(t["correct"] for t in tus)
    precision = _ratio(n_correct, len(tus))
    recall = _ratio(len(covered), len(gold_units))
    return {"precision": precision, "recall": recall, "f1": _f1(precision, recall), "n_tus": len(tus),
            "n_units": len(gold_units), "n_correct": n_correct, "n_units_covered": len(covered),
            "tus": tus, "units": units, "errors": error_lines}

"""Confidence recomputed for the beads an edit touched, by the aligner's own scorer (align.api.score_beads).

Each stream's embeddings (align.api.embed_side, in reading order) are kept between edits: a bead edit only
scores the beads it made (microseconds); a text edit re-embeds the few sentences around the changed one (the
embedding cache holds the rest) and splices them in, so the result is what embedding the whole stream gives.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from typing import Any, Protocol

import numpy as np

from align.api import embed_side, keep_means, kept_means, score_beads, sides, stream_of
from align.dp.confidence import length_ratio
from align.dp.search import DPParams, Means, centre_means
from align.embed.matching import TextEncoder
from align.errors import TmbuildError
from align.models import ClauseEmbeddings, Kind, RunEmbeddings
from align.text.scripts import length as script_length
from tm.project.edits import Beads, Status, splice_diff
from tm.project.schema import link_json

log = logging.getLogger(__name__)

SIDES = ("src", "tgt")
# A change spanning more sentences than this is embedded whole rather than spliced.
_SPLICE_LIMIT = 256
# Sentences of context on each side of a bead: its features read runs two sentences away and the nearest three.
_MARGIN = 6
Span = tuple[int, int, int, int]  # a bead in its stream: source i0..i1, target j0..j1


@dataclass(frozen=True)
class View:
    """What the scorer reads of a project: each side's texts (as edited), paragraph ids, kinds and language."""

    texts: Mapping[str, list[str]]
    paragraphs: Mapping[str, list[int]]
    kinds: Mapping[str, list[Kind]]
    langs: Mapping[str, str]


@dataclass
class _Embedded:
    """One side of one stream, in reading order: what the aligner embedded, and what centres a window of it."""

    key: list[tuple[int, str]]  # (segment id, text)
    runs: RunEmbeddings
    lengths: np.ndarray  # characters (align.text.scripts.length), for the whole side's length ratio
    means: Means | None  # None for a side without sentences
    paragraphs: list[int]

    def window(self, a: int, b: int) -> RunEmbeddings:
        return _window(self, a, b)


@dataclass
class _Known:
    """One side of one stream known without its embeddings: windows of it are embedded when scored."""

    key: list[tuple[int, str]]
    lengths: np.ndarray
    means: Means | None
    paragraphs: list[int]
    embed: Callable[[tuple[int, int]], RunEmbeddings]

    def window(self, a: int, b: int) -> RunEmbeddings:
        return self.embed((a, b))


def _streams(beads: Beads, wanted: set[int], view: View) -> tuple[dict[int, tuple[list[int], list[int]]],
                                                                   dict[int, tuple[int, Span]]]:
    """Each stream's sentence ids in bead order (as the aligner read it), and the wanted beads' spans in it."""
    order: dict[int, tuple[list[int], list[int]]] = {}
    spans: dict[int, tuple[int, Span]] = {}
    for pos, b in enumerate(beads):
        first = ("src", b.src[0]) if b.src else ("tgt", b.tgt[0])
        stream = stream_of(view.kinds[first[0]][first[1]])
        si, ti = order.setdefault(stream, ([], []))
        if pos in wanted:
            spans[pos] = (stream, (len(si), len(si) + len(b.src), len(ti), len(ti) + len(b.tgt)))
        si += b.src
        ti += b.tgt
    return order, spans


class Rescorer:
    """Scores beads with the project's encoder (loaded on first need); embeddings kept per stream and side.

    A bead is scored on a window of its stream around it, centred on the whole stream's means and with its length
    ratio: the features read nothing farther than a few sentences, so this gives the whole stream's score."""

    def __init__(self, load: Callable[[], TextEncoder], params: DPParams | None = None) -> None:
        self._load = load
        self._encoder: TextEncoder | None = None
        self.unavailable = ""  # why no confidence is recomputed (the encoder could not be loaded)
        self.params = params or DPParams()
        self._embedded: dict[tuple[int, str], _Embedded] = {}
        self._known: dict[tuple[int, str], _Known] = {}  # sides scored on windows with stored means
        self._lock = threading.Lock()  # held while embedding whole streams (the warm-up, or an edit after a change)
        self._loading = threading.Lock()  # held while the encoder loads

    def use_encoder(self, encoder: TextEncoder) -> None:
        """Score with `encoder` (already loaded, e.g. the one the project was aligned with)."""
        if encoder is not self._encoder:
            self._encoder, self.unavailable = encoder, ""
            self._embedded.clear()
            self._known.clear()

    @property
    def loaded(self) -> TextEncoder | None:
        """The encoder if it is loaded already (None before the first need)."""
        return self._encoder

    def encoder(self) -> TextEncoder | None:
        with self._loading:
            if self._encoder is None and not self.unavailable:
                try:
                    self._encoder = self._load()
                except TmbuildError as e:  # edits still work; their beads keep the confidence the operation gave
                    self.unavailable = str(e)
                    log.warning("confidence is not recomputed after edits: %s", e)
            return self._encoder

    def warm(self, beads: Beads, view: View, delay: float = 0.0) -> threading.Thread:
        """Embed every stream in a background thread (after `delay` s), so that the first edit need not wait."""
        firsts: dict[int, int] = {}  # one bead of each stream: scoring it embeds the whole stream
        for pos, b in enumerate(beads):
            side, k = ("src", b.src[0]) if b.src else ("tgt", b.tgt[0])
            firsts.setdefault(stream_of(view.kinds[side][k]), pos)
        def run() -> None:
            time.sleep(delay)
            if self.encoder() is not None:
                with self._lock:  # every stream embedded whole: text edits then re-embed a few sentences only
                    self._scored(beads, set(firsts.values()), view, whole=True)

        thread = threading.Thread(target=run, daemon=True, name="tmbuild-rescorer-warm")
        thread.start()
        return thread

    def confidences(self, beads: Beads, positions: Iterable[int], view: View) -> dict[int, float]:
        """The aligner's confidence for the beads at `positions` (empty when no encoder is available)."""
        wanted = set(positions)
        if not wanted or self.encoder() is None:
            return {}
        # Windows first, with the lock when it is free: an edit need not wait for another thread embedding whole
        # streams (the warm-up) when the streams are embedded already or an earlier embedding of these very texts
        # (the aligner's) left their means. Only without either does it take the lock and embed them whole.
        locked = self._lock.acquire(blocking=False)
        try:
            if (quick := self._scored(beads, wanted, view, whole=False)) is not None:
                return quick
            if not locked:
                locked = self._lock.acquire()
            return self._scored(beads, wanted, view, whole=True) or {}
        finally:
            if locked:
                self._lock.release()

    def _scored(self, beads: Beads, wanted: set[int], view: View, *, whole: bool) -> dict[int, float] | None:
        """Confidences on the streams embedded whole (`whole`), or on windows alone with stored means (None when
        some stream side has none stored)."""
        encoder = self._encoder
        assert encoder is not None
        order, spans = _streams(beads, wanted, view)
        out: dict[int, float] = {}
        try:
            for stream in sorted({s for s, _ in spans.values()}):
                src, tgt = ((self._side(stream, side, ids, view, encoder) if whole
                             else self._stored(stream, side, ids, view, encoder))
                            for side, ids in zip(SIDES, order[stream], strict=True))
                if src is None or tgt is None:
                    return None
                mine = [p for p, (s, _) in spans.items() if s == stream]
                for group in _windows([spans[p][1] for p in mine]):
                    out.update(zip([mine[k] for k, _ in group], self._score(src, tgt, group), strict=True))
        except TmbuildError as e:  # the engine failed on first use (a broken install): as if there were none
            self.unavailable = str(e)
            log.warning("confidence is not recomputed after edits: %s", e)
            return {}
        return out

    def _score(self, src: _Embedded | _Known, tgt: _Embedded | _Known, group: list[tuple[int, Span]]) -> list[float]:
        a0, b0 = max(0, min(s[0] for _, s in group) - _MARGIN), max(0, min(s[2] for _, s in group) - _MARGIN)
        a1 = min(len(src.key), max(s[1] for _, s in group) + _MARGIN)
        b1 = min(len(tgt.key), max(s[3] for _, s in group) + _MARGIN)
        ws, wt = src.window(a0, a1), tgt.window(b0, b1)
        made = sides(ws, wt, [t for _, t in src.key[a0:a1]], [t for _, t in tgt.key[b0:b1]],
                     src_paragraphs=src.paragraphs[a0:a1], tgt_paragraphs=tgt.paragraphs[b0:b1],
                     means=(src.means, tgt.means))
        local = [(i0 - a0, i1 - a0, j0 - b0, j1 - b0) for _, (i0, i1, j0, j1) in group]
        return score_beads(*made, local, self.params, length_ratio(src.lengths, tgt.lengths))

    def _side(self, stream: int, side: str, ids: list[int], view: View, encoder: TextEncoder) -> _Embedded:
        texts = view.texts[side]
        key = [(i, texts[i]) for i in ids]
        old = self._embedded.get((stream, side))
        if old is not None and old.key == key:
            return old

        def embed(part: list[tuple[int, str]]) -> RunEmbeddings:
            return embed_side([t for _, t in part], lang=view.langs[side], encoder=encoder, params=self.params)

        p, s = _common(old.key, key) if old is not None else (0, 0)
        runs = _spliced(old, key, p, s, embed, self.params.max_bead - 1) if old is not None else None
        if runs is None or old is None:
            runs = embed(key)
            lengths = np.array([script_length(t) for _, t in key], dtype=np.float64)
        else:
            lengths = np.concatenate([old.lengths[:p], [script_length(t) for _, t in key[p:len(key) - s]],
                                      old.lengths[len(old.key) - s:]])
        means = centre_means(runs.singles, runs.clauses) if len(runs.singles) else None
        made = _Embedded(key, runs, lengths, means,
                         [view.paragraphs[side][i] for i in ids])
        self._embedded[(stream, side)] = made
        keep_means([t for _, t in key], view.langs[side], encoder, means)
        return made

    def _stored(self, stream: int, side: str, ids: list[int], view: View,
                encoder: TextEncoder) -> _Embedded | _Known | None:
        """One stream side as embedded whole already, or known by its texts, lengths and stored means, without
        embedding it (None when neither)."""
        texts = view.texts[side]
        key = [(i, texts[i]) for i in ids]
        old = self._embedded.get((stream, side))
        if old is not None and old.key == key:
            return old
        known = self._known.get((stream, side))
        if known is not None and known.key == key:
            return known
        means = kept_means([t for _, t in key], view.langs[side], encoder)
        if means is None:
            return None
        lengths = np.array([script_length(t) for _, t in key], dtype=np.float64)

        def embed(part: tuple[int, int]) -> RunEmbeddings:
            return embed_side([t for _, t in key[part[0]:part[1]]], lang=view.langs[side], encoder=encoder,
                              params=self.params)

        known = _Known(key, lengths, means, [view.paragraphs[side][i] for i in ids], embed)
        self._known[(stream, side)] = known
        return known


def _common(old: list[tuple[int, str]], new: list[tuple[int, str]]) -> tuple[int, int]:
    """Lengths of the common prefix and (not overlapping it) the common suffix of two sequences."""
    p = 0
    while p < min(len(old), len(new)) and old[p] == new[p]:
        p += 1
    s = 0
    while s < min(len(old), len(new)) - p and old[len(old) - 1 - s] == new[len(new) - 1 - s]:
        s += 1
    return p, s


def _windows(spans: list[Span]) -> list[list[tuple[int, Span]]]:
    """The spans (in stream order) in groups close enough to be scored on one window."""
    groups: list[list[tuple[int, Span]]] = []
    for k, span in enumerate(spans):
        last = groups[-1][-1][1] if groups else None
        if last is not None and span[0] - last[1] < 2 * _MARGIN and span[2] - last[3] < 2 * _MARGIN:
            groups[-1].append((k, span))
        else:
            groups.append([(k, span)])
    return groups


def _window(side: _Embedded, a: int, b: int) -> RunEmbeddings:
    """The run embeddings of sentences a..b-1 only (runs that start and end inside)."""
    runs = {k: rows[a:b - k + 1] for k, rows in side.runs.runs.items() if b - a >= k}
    c = side.runs.clauses
    return RunEmbeddings(runs, None if c is None else ClauseEmbeddings(c.heads[a:b], c.tails[a:b], c.cut[a:b]))


def _spliced(old: _Embedded, key: list[tuple[int, str]], p: int, s: int,
             embed: Callable[[list[tuple[int, str]]], RunEmbeddings], max_run: int) -> RunEmbeddings | None:
    """`old` with the sentences that differ from `key` (between its first `p` and last `s`) and the runs over them
    embedded again; None when the change is too large or the sequences too short to splice."""
    n_old, n_new = len(old.key), len(key)
    if n_new - s - p > _SPLICE_LIMIT or min(n_old, n_new) <= 2 * max_run:
        return None
    w0, w1 = max(0, p - (max_run - 1)), min(n_new, n_new - s + max_run - 1)
    win = embed(key[w0:w1])
    if n_new == n_old and (done := _in_place(old.runs, win, p, s, w0, n_new)) is not None:
        return done
    runs: dict[int, np.ndarray] = {}
    for k, rows in old.runs.runs.items():
        pre, suf_new = max(0, p - k + 1), n_new - s
        mid = (pre, min(suf_new, n_new - k + 1))
        parts = [rows[:pre]]
        if mid[1] > mid[0]:
            if k not in win.runs:
                return None
            parts.append(win.runs[k][mid[0] - w0:mid[1] - w0])
        parts.append(rows[n_old - s:] if s >= k else rows[:0])
        runs[k] = np.concatenate(parts)
    clauses = None
    was, got = old.runs.clauses, win.clauses
    if was is not None and got is not None:
        a, b = p - w0, n_new - s - w0
        clauses = ClauseEmbeddings(*(np.concatenate([o[:p], w[a:b], o[n_old - s:]]) for o, w in (
            (was.heads, got.heads), (was.tails, got.tails), (was.cut, got.cut))))
    return RunEmbeddings(runs, clauses)


def _in_place(runs: RunEmbeddings, win: RunEmbeddings, p: int, s: int, w0: int, n: int) -> RunEmbeddings | None:
    """A text edit (as many sentences as before): the rows over sentences p..n-s-1 rewritten in place, without
    copying every array of the stream; None (nothing written) when `runs` cannot be written so."""
    writes = []
    for k, rows in runs.runs.items():
        lo, hi = max(0, p - k + 1), min(n - s, n - k + 1)
        if hi > lo:
            if k not in win.runs:
                return None
            writes.append((rows, lo, hi, win.runs[k][lo - w0:hi - w0]))
    was, got = runs.clauses, win.clauses
    if (was is None) != (got is None):
        return None
    if was is not None and got is not None:
        a, b = p - w0, n - s - w0
        pairs = ((was.heads, got.heads), (was.tails, got.tails), (was.cut, got.cut))
        writes += [(o, p, n - s, w[a:b]) for o, w in pairs]
    if not all(rows.flags.writeable for rows, *_ in writes):
        return None
    for rows, lo, hi, new in writes:
        rows[lo:hi] = new
    return runs


class _Project(Protocol):
    conn: sqlite3.Connection
    scorer: Rescorer

    def beads(self) -> Beads: ...

    def texts(self, side: str) -> list[str]: ...

    def segment_kinds(self, side: str) -> list[tuple[int, Kind]]: ...


def read_view(project: _Project, texts: Mapping[str, list[str]]) -> View:
    """The scorer's view of a project: `texts` (as edited) with each segment's paragraph, kind and language."""
    meta = {side: project.segment_kinds(side) for side in SIDES}
    langs = dict(project.conn.execute("SELECT side, lang FROM documents"))
    return View(texts, {s: [p for p, _ in m] for s, m in meta.items()}, {s: [k for _, k in m] for s, m in meta.items()},
                langs)




def rescored(project: _Project, beads: Beads, positions: list[int], texts: Mapping[str, list[str]] | None = None,
             extra: tuple[str, int, str] | None = None) -> Beads:
    """`beads` with new confidences at `positions`, scored on `texts` (default: the project's as they read now);
    `extra` is the (side, paragraph, kind) of a segment about to be appended."""
    view = read_view(project, texts or {side: project.texts(side) for side in SIDES})
    if extra is not None:
        view.paragraphs[extra[0]].append(extra[1])
        view.kinds[extra[0]].append(Kind(extra[2]))
    return rescore(project.scorer, beads, positions, view)


def text_change(project: _Project, sentences: list[tuple[str, int]], texts: Mapping[str, list[str]]) -> dict[str, Any]:
    """The journal piece for a change of these sentences' text: the beads holding them marked edited (the memory's
    x-status then says a reviewer changed them), with their confidence on `texts` ({} if nothing changes)."""
    beads = project.beads()
    touched = holding(beads, sentences)
    mark = set(touched)
    marked = tuple(replace(b, status=Status.EDITED) if k in mark else b for k, b in enumerate(beads))
    start, old, new = splice_diff(beads, rescored(project, marked, touched, texts))
    return {"rescore": {"start": start, "old": [link_json(b) for b in old], "new": [link_json(b) for b in new]}
            } if old else {}


def rescore(rescorer: Rescorer, beads: Beads, positions: Iterable[int], view: View) -> Beads:
    """`beads` with the beads at `positions` carrying the confidence the aligner's scorer gives them now."""
    found = rescorer.confidences(beads, positions, view)
    if not found:
        return beads
    return tuple(replace(b, confidence=found[k]) if k in found else b for k, b in enumerate(beads))


def made_by(old_part: Beads, new_part: Beads) -> list[int]:
    """Offsets into `new_part` of the beads an edit made (not only restatused): those get a new confidence."""
    before = {(b.src, b.tgt) for b in old_part}
    return [k for k, b in enumerate(new_part) if (b.src, b.tgt) not in before]


def holding(beads: Beads, sentences: Iterable[tuple[str, int]]) -> list[int]:
    """Positions of the beads holding these (side, segment index) sentences."""
    wanted = set(sentences)
    return [k for k, b in enumerate(beads) if any(("src", i) in wanted for i in b.src)
            or any(("tgt", j) in wanted for j in b.tgt)]


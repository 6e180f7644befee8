"""Bead scores as a linear model over bead features, with weights learned from gold alignments.

Weights live in `align/data/scorer.json` when `python -m benchmarks.train_scorer` finds a set that
beats the hand-set Bertalign-style score on held-out data; otherwise HAND_SET is used.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib import resources

import numpy as np

# Features of a bead pairing a source run of a sentences with a target run of b sentences.
LINK_FEATURES = (
    "sim_size",  # cosine × (a+b)/2
    "size",  # (a+b)/2
    "len_size",  # |log length ratio| × (a+b)/2
    "sim",  # cosine
    "len",  # |log length ratio|
    "bert_len",  # cosine × log2(1 + shorter/longer), Bertalign's length factor
    "cross",  # paragraph boundaries crossed inside the bead
    "t11", "t12", "t22", "t13", "tother",  # bead-type biases
    "margin_len",  # (cosine − mean similarity of its sentences' nearest neighbours) × Bertalign's factor
)
# Features of a sentence left unaligned (1-0 or 0-1).
SKIP_FEATURES = ("skip", "skip_len")
FEATURES = LINK_FEATURES + SKIP_FEATURES


@dataclass(frozen=True)
class Weights:
    """One weight per feature name."""

    values: tuple[float, ...]

    @classmethod
    def from_dict(cls, d: dict[str, float]) -> Weights:
        return cls(tuple(float(d.get(name, 0.0)) for name in FEATURES))

    def as_dict(self) -> dict[str, float]:
        return dict(_as_dict(self.values))

    def uses(self, name: str) -> bool:
        return _as_dict(self.values)[name] != 0.0

    @property
    def link(self) -> np.ndarray:
        return np.asarray(self.values[: len(LINK_FEATURES)])

    @property
    def skip(self) -> np.ndarray:
        return np.asarray(self.values[len(LINK_FEATURES):])


@cache
def _as_dict(values: tuple[float, ...]) -> dict[str, float]:
    return dict(zip(FEATURES, values, strict=True))


# Bertalign's score (similarity × log2(1 + shorter/longer)), with the cost of leaving a sentence
# unaligned growing with its length (−0.03 × log(1 + chars)) instead of Bertalign's flat −0.1: on
# centred run embeddings, tuning strict F1 0.899 → 0.908, Text+Berg test 0.912 → 0.918, held-out
# TransRead 0.950 → 0.953 (the README's Benchmarks section).
HAND_SET = Weights.from_dict({"bert_len": 1.0, "skip_len": -0.03})


@cache
def learned_weights() -> Weights:
    """Weights fitted on the tuning data, or the hand-set ones if none were fitted."""
    path = resources.files("align") / "data" / "scorer.json"
    if not path.is_file():
        return HAND_SET
    return Weights.from_dict(json.loads(path.read_text(encoding="utf-8"))["weights"])


_TYPE_KEYS = {(1, 1): "t11", (1, 2): "t12", (2, 1): "t12", (2, 2): "t22", (1, 3): "t13", (3, 1): "t13"}


@cache
def type_column(a: int, b: int) -> int:
    """Index of the bead-type bias feature for an a-b bead."""
    return LINK_FEATURES.index(_TYPE_KEYS.get((a, b), "tother"))


def link_features(sims: np.ndarray, ls: float, lt: np.ndarray, crossings: np.ndarray,
                  a: int, b: int, ratio: float, smoothing: float, hub: np.ndarray | float = 0.0) -> np.ndarray:
    """Feature rows for beads source(a sentences, ls chars) ↔ target(b sentences, lt chars each).

    The reference definition of the features; the DP scores with link_scores, checked against this.
    """
    size = (a + b) / 2.0
    dev = np.abs(np.log((lt + smoothing) / (ratio * ls + smoothing)))
    shorter = np.minimum(lt, ratio * ls)
    longer = np.maximum(np.maximum(lt, ratio * ls), 1.0)
    phi = np.zeros((len(sims), len(LINK_FEATURES)))
    phi[:, 0] = sims * size
    phi[:, 1] = size
    phi[:, 2] = dev * size
    phi[:, 3] = sims
    phi[:, 4] = dev
    phi[:, 5] = sims * np.log2(1.0 + shorter / longer)
    phi[:, 6] = crossings
    phi[:, type_column(a, b)] = 1.0
    phi[:, 12] = (sims - hub) * np.log2(1.0 + shorter / longer)
    return phi


def link_scores(weights: Weights, sims: np.ndarray, ls: float, lt: np.ndarray, crossings: np.ndarray,
                a: int, b: int, ratio: float, smoothing: float, hub: np.ndarray | float = 0.0) -> np.ndarray:
    """`link_features(...) @ weights.link`, computing only the features whose weight is not zero."""
    # The DP calls this ~10^5 times on a 6k-sentence book; building the full feature matrix there
    # took longer than the rest of the search.
    w = _as_dict(weights.values)  # cached: read-only here
    size = (a + b) / 2.0
    if w["bert_len"] or w["margin_len"]:
        scaled = ratio * ls
        ratio_lt = np.minimum(lt, scaled) / np.maximum(np.maximum(lt, scaled), 1.0)
        out = np.log2(1.0 + ratio_lt)
        out *= (w["bert_len"] + w["margin_len"]) * sims - w["margin_len"] * hub
    else:
        out = np.zeros(len(sims))
    if w["sim_size"] or w["sim"]:
        out += sims * (w["sim_size"] * size + w["sim"])
    const = w["size"] * size + w[LINK_FEATURES[type_column(a, b)]]
    if const:
        out += const
    if w["len_size"] or w["len"]:
        dev = np.abs(np.log((lt + smoothing) / (ratio * ls + smoothing)))
        out += dev * (w["len_size"] * size + w["len"])
    if w["cross"]:
        out += w["cross"] * crossings
    return out


def skip_features(length: float) -> np.ndarray:
    """Feature row for one unaligned sentence of `length` characters."""
    return np.array([1.0, np.log1p(length)])

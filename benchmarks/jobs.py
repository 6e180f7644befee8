"""Benchmark data sets and the work done in each child process (so every run's peak memory is its own)."""

from __future__ import annotations

import importlib
import inspect
import os
import resource
import sys
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from align.eval.scores import BeadPair, read_beads, score_beads
from align.models import RunEmbeddings

TEXTBERG_TESTS = [f"test{i}" for i in range(7)]
PUBLISHED = "Text+Berg published strict F1: Vecalign 0.902, Bertalign 0.936 (lax 0.986 / 0.989)"


@dataclass(frozen=True)
class DocPair:
    """One document pair: one-sentence-per-line source and target files and a Vecalign gold file."""

    name: str
    src: Path
    tgt: Path
    gold: Path


@dataclass(frozen=True)
class Dataset:
    """Document pairs scored together (counts summed over pairs, as Vecalign's score.py does)."""

    name: str
    src_lang: str
    tgt_lang: str
    pairs: tuple[DocPair, ...]


def transread_books(shared: Path) -> list[str]:
    """The TransRead book names (sorted), from the gold files present."""
    return sorted(p.stem for p in (shared / "benchmarks" / "transread").glob("*.gold"))


def datasets(shared: Path, names: Sequence[str], limit_books: int | None = None) -> list[Dataset]:
    """The named data sets that exist under `shared`: textberg (test0-6), textberg-dev, transread."""
    tb, tr = shared / "benchmarks" / "textberg", shared / "benchmarks" / "transread"
    out = []
    for name in names:
        if name in ("textberg", "textberg-dev") and tb.is_dir():
            stems = ["dev"] if name == "textberg-dev" else TEXTBERG_TESTS
            pairs = tuple(DocPair(s, tb / f"{s}.de", tb / f"{s}.fr", tb / f"{s}.defr") for s in stems)
            out.append(Dataset(name, "de", "fr", pairs))
        elif name == "transread" and tr.is_dir():
            books = transread_books(shared)[:limit_books]
            label = name if limit_books is None else f"{name}[:{limit_books}]"
            out.append(Dataset(label, "en", "fr", tuple(DocPair(b, tr / f"{b}.en", tr / f"{b}.fr", tr / f"{b}.gold")
                                                       for b in books)))
    return out


def read_lines(path: Path) -> list[str]:
    """One sentence per line; line numbers are the gold's sentence ids, so empty lines are kept."""
    return path.read_text(encoding="utf-8").removesuffix("\n").split("\n")


def concatenated(pairs: Sequence[DocPair], times: int) -> tuple[list[str], list[str], list[BeadPair]]:
    """All pairs joined end to end, `times` over, with the gold beads shifted to match."""
    src: list[str] = []
    tgt: list[str] = []
    gold: list[BeadPair] = []
    docs = [(read_lines(p.src), read_lines(p.tgt), read_beads(p.gold)) for p in pairs]
    for _ in range(times):
        for s, t, g in docs:
            gold += [(tuple(i + len(src) for i in a), tuple(j + len(tgt) for j in b)) for a, b in g]
            src += s
            tgt += t
    return src, tgt, gold


class PeakMemory:
    """Peak resident memory of this process: psutil sampled on a thread, and the kernel's own maximum."""

    def __init__(self, interval: float = 0.02) -> None:
        import psutil

        self._proc = psutil.Process()
        self.peak = self._proc.memory_info().rss
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, args=(interval,), daemon=True)

    def _run(self, interval: float) -> None:
        while not self._stop.wait(interval):
            self.peak = max(self.peak, self._proc.memory_info().rss)

    def __enter__(self) -> PeakMemory:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, self._proc.memory_info().rss)

    def mb(self) -> float:
        """Peak in MiB; ru_maxrss (KiB on Linux, bytes on macOS) also sees spikes between samples."""
        kernel = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * (1 if sys.platform == "darwin" else 1024)
        return max(self.peak, kernel) / 2**20


class _Repeated:
    """An encoder seen through `copies` identical blocks, each encoded on its own.

    The encoder embeds each distinct text once; without this, a document repeated 8x would cost one
    copy's embedding time and the scaling curve would hide the encoder."""

    def __init__(self, base: Any, copies: int) -> None:
        self.base, self.copies, self.name = base, copies, base.name

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        n = len(texts) // self.copies
        if n * self.copies != len(texts):
            return self.base.encode(texts)
        return np.concatenate([self.base.encode(texts[k * n:(k + 1) * n]) for k in range(self.copies)])

    def encode_runs(self, texts: Sequence[str], max_run: int) -> RunEmbeddings | None:
        # Run embeddings never reuse one text's result for another, so the whole input goes through;
        # without this method the aligner would fall back to single embeddings and summed runs.
        runs_fn = getattr(self.base, "encode_runs", None)
        return runs_fn(texts, max_run) if runs_fn is not None else None


def _resolve(spec: str) -> Callable[..., Any]:
    module, _, attr = spec.partition(":")
    return getattr(importlib.import_module(module), attr)


def _accepts_stats(fn: Callable[..., Any]) -> bool:
    params = inspect.signature(fn).parameters
    return "stats" in params or any(p.kind is inspect.Parameter.VAR_KEYWORD for p in params.values())


def _align(aligner: Callable[..., Any], encoder: Any, src: list[str], tgt: list[str], src_lang: str,
           tgt_lang: str, options: dict[str, Any]) -> tuple[list[BeadPair], dict[str, float]]:
    stats: dict[str, float] = {}
    kwargs = dict(options, stats=stats) if _accepts_stats(aligner) else dict(options)
    t0 = time.perf_counter()
    beads = aligner(src, tgt, encoder=encoder, src_lang=src_lang, tgt_lang=tgt_lang, **kwargs)
    stats["total_s"] = time.perf_counter() - t0
    return [(tuple(b.src), tuple(b.tgt)) for b in beads], stats


def _setup(job: dict[str, Any]) -> tuple[Callable[..., Any], Any, float]:
    # Bundled encoders need no network; never let a benchmark wait on a hub lookup.
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    aligner = _resolve(job["aligner"])
    t0 = time.perf_counter()
    encoder = _resolve(job["loader"])(job["encoder"], cache=False)
    encoder.encode(["warm-up"])  # load the model now, so embedding time is embedding only
    return aligner, encoder, time.perf_counter() - t0


def run_dataset(job: dict[str, Any]) -> dict[str, Any]:
    """Child entry point: align every pair of one data set with one encoder; beads and timings back."""
    ds: Dataset = job["dataset"]
    with PeakMemory() as mem:
        aligner, encoder, load_s = _setup(job)
        docs = []
        for pair in ds.pairs:
            src, tgt = read_lines(pair.src), read_lines(pair.tgt)
            beads, stats = _align(aligner, encoder, src, tgt, ds.src_lang, ds.tgt_lang, job["options"])
            docs.append({"name": pair.name, "beads": beads, "n_src": len(src), "n_tgt": len(tgt), **stats})
    return {"docs": docs, "load_s": load_s, "peak_mb": mem.mb(), "encoder_name": getattr(encoder, "name", "")}


def run_scaling(job: dict[str, Any]) -> dict[str, Any]:
    """Child entry point: all pairs concatenated `times` over, aligned end to end and scored."""
    ds: Dataset = job["dataset"]
    with PeakMemory() as mem:
        aligner, encoder, load_s = _setup(job)
        src, tgt, gold = concatenated(ds.pairs, job["times"])
        beads, stats = _align(aligner, _Repeated(encoder, job["times"]), src, tgt, ds.src_lang, ds.tgt_lang,
                              job["options"])
    scores = score_beads([beads], [gold])
    return {"times": job["times"], "n_src": len(src), "n_tgt": len(tgt), "load_s": load_s, "peak_mb": mem.mb(),
            "strict_f1": scores["strict"]["f1"], "lax_f1": scores["lax"]["f1"], **stats}

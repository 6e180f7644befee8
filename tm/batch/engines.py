"""Local engines: aligning pairs in this process (--jobs 1) or in a pool of worker processes (--jobs N)."""

from __future__ import annotations

import contextlib
import logging
import multiprocessing
from collections.abc import Callable, Iterable
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool

from align.embed.matching import TextEncoder
from tm.batch.ledger import PairResult
from tm.batch.pairing import Pair
from tm.batch.work import WorkSpec, align_pair, load_encoder

log = logging.getLogger(__name__)

OnResult = Callable[[PairResult], None]
# Called when a worker died with these pairs in flight; returns the pairs to try again.
OnDeath = Callable[[list[Pair]], list[Pair]]

# The encoder a worker process loaded in its initializer: per-process state is what a pool initializer is
# for, and it is what lets each worker load the model once rather than once per pair.
_WORKER_ENCODER: TextEncoder | None = None
_WORKER_SPEC: WorkSpec | None = None


def _die_with_parent() -> None:
    """Ask Linux to kill this worker when the driver dies (even by SIGKILL), so no orphan keeps aligning."""
    import ctypes
    import signal

    # Ctrl-C reaches the whole process group: the driver handles it; workers must not die half-way on it.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # Not Linux: no prctl, and workers end when they find the call queue closed.
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # 1 = PR_SET_PDEATHSIG


def _init_worker(spec: WorkSpec) -> None:
    global _WORKER_ENCODER, _WORKER_SPEC
    import torch

    _die_with_parent()
    torch.set_num_threads(1)  # N workers on N cores: one BLAS thread each, not N×N threads fighting
    _WORKER_SPEC = spec
    _WORKER_ENCODER = load_encoder(spec)


def _run_in_worker(pair: Pair) -> PairResult:
    assert _WORKER_ENCODER is not None and _WORKER_SPEC is not None
    return align_pair(pair, _WORKER_SPEC, _WORKER_ENCODER)


def run_serial(pairs: Iterable[Pair], spec: WorkSpec, on_result: OnResult) -> None:
    """Align the pairs one after another in this process, loading the encoder once."""
    encoder = None
    for pair in pairs:
        if encoder is None:
            encoder = load_encoder(spec)
        on_result(align_pair(pair, spec, encoder))


def run_pool(pairs: list[Pair], spec: WorkSpec, jobs: int, on_result: OnResult, on_death: OnDeath) -> None:
    """Align the pairs in `jobs` worker processes, at most 2×jobs in flight; a dead worker's pairs go to on_death."""
    queue = list(reversed(pairs))
    # spawn, not fork: a forked child would inherit whatever threads and torch state the driver has.
    context = multiprocessing.get_context("spawn")
    while queue:
        in_flight: dict[Future[PairResult], Pair] = {}
        pool = ProcessPoolExecutor(jobs, mp_context=context, initializer=_init_worker, initargs=(spec,))
        try:
            try:
                while queue or in_flight:
                    while queue and len(in_flight) < 2 * jobs:  # backpressure: results, not the queue, use memory
                        pair = queue.pop()
                        in_flight[pool.submit(_run_in_worker, pair)] = pair
                    done, _ = wait(in_flight, return_when=FIRST_COMPLETED)
                    for future in sorted(done, key=lambda f: in_flight[f].id):
                        result = future.result()
                        del in_flight[future]
                        on_result(result)
            except BrokenProcessPool:
                lost = sorted(in_flight.values(), key=lambda p: p.id)
                log.warning("a worker process died with %d pairs in flight; restarting the pool", len(lost))
                queue.extend(reversed(on_death(lost)))
            pool.shutdown(wait=True)
        except BaseException:
            # Ctrl-C or a failure in the driver: drop what is queued; the workers finish their pair and exit.
            pool.shutdown(wait=False, cancel_futures=True)
            raise

"""BLAS's thread count, set per encoding step, without two threads of one process racing on it.

The count is one setting for the whole process: a thread changing it (threadpoolctl) while another was inside a
BLAS product crashed OpenBLAS (a segfault: the review UI's warm-up beside an edit's window). Every step that sets
it holds LOCK, and so do align.api's scoring and search, which multiply matrices too. Reentrant, as a step may
run inside another's limits. (threadpoolctl's limits are not thread-safe; a process-wide mutex is the known
remedy: joblib/threadpoolctl#176.)
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

LOCK = threading.RLock()


@contextmanager
def limited(threads: int) -> Iterator[None]:
    """BLAS limited to `threads` threads, with no other thread of this process changing that meanwhile."""
    from threadpoolctl import threadpool_limits

    with LOCK, threadpool_limits(limits=threads, user_api="blas"):
        yield

"""Kill the batch (SIGKILL, at random moments) or one of its workers and re-run: the same merged TMX, no TU lost."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import time
from pathlib import Path

import psutil
import pytest

from tests.batch.conftest import write_suffix_folder
from tests.batch.helpers import batch, done_pairs, finish, reference_tmx, tmx_units

pytestmark = pytest.mark.slow
@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_suffix_folder(tmp_path_factory.mktemp("faults") / "archive", 8)


@pytest.fixture(scope="module")
def reference(archive: Path, tmp_path_factory: pytest.TempPathFactory) -> bytes:
    return reference_tmx(archive, tmp_path_factory)


def test_sigkill_at_random_points_then_rerun(archive: Path, reference: bytes, tmp_path: Path) -> None:
    out = tmp_path / "merged.tmx"
    ledger = tmp_path / "merged.tmx.batch.sqlite"
    rng = random.Random(15)
    kills = 0
    for _ in range(3):
        proc = batch(archive, out, "--jobs", "2")
        before = done_pairs(ledger)
        # A random point of the work, not of the clock: after 0-2 more pairs, then a random fraction of a second
        # (a fixed delay finished the whole job before the first kill on an idle machine).
        target, deadline = before + rng.randint(0, 2), time.monotonic() + 120
        while proc.poll() is None and done_pairs(ledger) < target and time.monotonic() < deadline:
            time.sleep(0.02)
        time.sleep(rng.uniform(0.0, 0.5))
        if proc.poll() is not None:
            break
        os.killpg(proc.pid, signal.SIGKILL)  # the driver and its workers, as an OOM killer or a power cut would
        proc.wait()
        kills += 1
        assert done_pairs(ledger) >= before  # a kill never undoes a finished pair
        # Whatever the kill interrupted, no half-written output is left beside the merged TMX.
        assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
    assert kills >= 1
    stdout = finish(batch(archive, out, "--jobs", "2"))
    assert "pairs: 8 (8 aligned" in stdout
    assert out.read_bytes() == reference
    with sqlite3.connect(ledger) as conn:
        per_pair = conn.execute("SELECT COUNT(*), COUNT(DISTINCT pair_seq || ':' || pos) FROM units").fetchone()
    assert per_pair[0] == per_pair[1]
    assert sum(int(count) for _, count, *_ in tmx_units(out)) == per_pair[0]  # every unit counted exactly once


def test_a_worker_killed_mid_job_is_retried(archive: Path, reference: bytes, tmp_path: Path) -> None:
    out = tmp_path / "merged.tmx"
    proc = batch(archive, out, "--jobs", "2")
    driver = psutil.Process(proc.pid)
    deadline = time.monotonic() + 300
    victim = None
    while victim is None and time.monotonic() < deadline and proc.poll() is None:
        # A worker that is busy (using CPU after its encoder loaded) is mid-job.
        workers = [c for c in driver.children() if "spawn_main" in " ".join(c.cmdline())]
        if len(workers) == 2 and done_pairs(tmp_path / "merged.tmx.batch.sqlite") >= 1:
            victim = workers[0]
        time.sleep(0.05)
    assert victim is not None, "the batch finished before a worker could be killed"
    victim.kill()
    stdout = finish(proc)
    assert "pairs: 8 (8 aligned, 0 failed" in stdout
    assert out.read_bytes() == reference

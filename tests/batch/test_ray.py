"""The Ray engine on a real local cluster (127.0.0.1): same merged TMX as the local engine, even when an actor dies."""

from __future__ import annotations

import time
from pathlib import Path

import psutil
import pytest

from tests.batch.conftest import write_suffix_folder
from tests.batch.helpers import batch, done_pairs, finish, reference_tmx
from tests.fixtures.cli import one_line_error, tmbuild


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_suffix_folder(tmp_path_factory.mktemp("ray") / "archive", 6)


@pytest.fixture(scope="module")
def local_reference(archive: Path, tmp_path_factory: pytest.TempPathFactory) -> bytes:
    return reference_tmx(archive, tmp_path_factory)


@pytest.mark.slow
def test_ray_kills_an_actor_mid_job_and_gives_the_local_result(archive: Path, local_reference: bytes,
                                                               tmp_path: Path) -> None:
    out = tmp_path / "merged.tmx"
    proc = batch(archive, out, "--engine", "ray", "--jobs", "2")
    driver = psutil.Process(proc.pid)
    killed = False
    deadline = time.monotonic() + 400
    while not killed and proc.poll() is None and time.monotonic() < deadline:
        try:
            actors = [p for p in driver.children(recursive=True) if p.name().startswith("ray::AlignActor")
                      or "ray::AlignActor" in " ".join(p.cmdline())]
        except psutil.Error:
            actors = []
        if len(actors) == 2 and done_pairs(tmp_path / "merged.tmx.batch.sqlite") >= 1:
            try:
                actors[0].kill()
                killed = True
            except psutil.NoSuchProcess:  # it ended between the listing and the kill (seen in CI): look again
                pass
        time.sleep(0.1)
    assert killed, "no Ray actor process was killed before the batch ended"
    stdout = finish(proc)
    assert "pairs: 6 (6 aligned, 0 failed" in stdout
    assert out.read_bytes() == local_reference


@pytest.mark.parametrize("address", ["not an address", "host:port", "http://x:1"])
def test_a_malformed_address_is_refused_before_anything_runs(un_folder: Path, tmp_path: Path, address: str) -> None:
    proc = tmbuild("batch", str(un_folder), "-o", str(tmp_path / "m.tmx"), "--engine", "ray", "--address", address)
    assert "not a Ray cluster address" in one_line_error(proc)
    assert not (tmp_path / "m.tmx").exists()

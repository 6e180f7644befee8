"""The Ray engine: actors that each load the encoder once and align pairs, on a local or an existing cluster."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable

from align import errors
from tm.batch.ledger import PairResult
from tm.batch.pairing import Pair
from tm.batch.work import WorkSpec

log = logging.getLogger(__name__)

IN_FLIGHT_PER_ACTOR = 2  # backpressure: the driver holds at most this many unfinished results per actor
RETRIES = 3  # Ray restarts a dead actor and re-runs its task this many times before the pair is failed
_ADDRESS = re.compile(r"^(?:ray://)?(?P<host>[A-Za-z0-9.\-]+|\[[0-9a-fA-F:]+\]):(?P<port>\d{1,5})$")


class AlignActor:
    """One Ray worker: the encoder loaded at start, then one pair at a time."""

    def __init__(self, spec: WorkSpec) -> None:
        import torch

        from tm.batch.work import load_encoder

        torch.set_num_threads(1)  # one actor per CPU: one BLAS thread each
        self.spec = spec
        self.encoder = load_encoder(spec)

    def pid(self) -> int:
        import os

        return os.getpid()

    def align(self, pair: Pair) -> PairResult:
        from tm.batch.work import align_pair

        return align_pair(pair, self.spec, self.encoder)


def check_address(address: str | None) -> str | None:
    """None (start a local cluster), 'auto', or HOST:PORT of a head node the user named."""
    if address is None or address == "auto" or _ADDRESS.match(address):
        return address
    raise errors.remote_ray_address(address)


def _start(ray, address: str | None, jobs: int) -> None:  # noqa: ANN001
    if address is None:
        # A private single-machine cluster bound to the loopback address: nothing listens beyond this host.
        ray.init(num_cpus=jobs, include_dashboard=False, _node_ip_address="127.0.0.1", log_to_driver=False,
                 configure_logging=False)
    else:
        ray.init(address=address, log_to_driver=False, configure_logging=False)


def run_ray(pairs: list[Pair], spec: WorkSpec, jobs: int, address: str | None,
            on_result: Callable[[PairResult], None]) -> None:
    """Align the pairs on `jobs` Ray actors; results reach on_result in the driver, which alone writes the ledger."""
    address = check_address(address)
    try:
        import ray
        from ray.exceptions import RayActorError, RayError
    except ImportError as e:
        raise errors.ray_unavailable(str(e)) from None
    started = not ray.is_initialized()
    if started:
        try:
            _start(ray, address, jobs)
        except (ConnectionError, RuntimeError, ValueError) as e:
            raise errors.ray_unavailable(str(e).splitlines()[0] if str(e) else type(e).__name__) from None
    try:
        remote = ray.remote(num_cpus=1, max_restarts=RETRIES, max_task_retries=RETRIES)(AlignActor)
        actors = [remote.remote(spec) for _ in range(min(jobs, len(pairs)))]
        queue = list(reversed(pairs))
        in_flight: dict[object, tuple[Pair, int]] = {}
        load = [0] * len(actors)
        while queue or in_flight:
            for k, actor in enumerate(actors):
                while queue and load[k] < IN_FLIGHT_PER_ACTOR:
                    pair = queue.pop()
                    in_flight[actor.align.remote(pair)] = (pair, k)
                    load[k] += 1
            ready, _ = ray.wait(list(in_flight), num_returns=1)
            for ref in ready:
                pair, k = in_flight.pop(ref)
                load[k] -= 1
                try:
                    result = ray.get(ref)
                except RayActorError as e:  # the actor died more often than Ray would restart it
                    log.warning("pair %s: its Ray worker died: %s", pair.id, e)
                    result = PairResult(pair.id, error=f"its Ray worker died {RETRIES + 1} times")
                except RayError as e:
                    result = PairResult(pair.id, error=f"Ray: {type(e).__name__}: {str(e).splitlines()[0]}")
                on_result(result)
    finally:
        if started:
            ray.shutdown()

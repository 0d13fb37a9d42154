"""Where a batch's steps run: on the run's pool when the step makes requests in this run (its
datasets' requests overlap), in the branch's own thread when it only computes (so that it never
queues behind other branches' requests)."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from types import SimpleNamespace

import pytest

from agent.batch import over_batch, to_end
from agent.config import Settings
from agent.graph import _NETWORK
from agent.state import RunContext


def _threads_used(network) -> set[str]:
    """Names of the threads that ran the step for a batch of 8 datasets."""
    seen: set[str] = set()
    lock = threading.Lock()

    def step(item, runtime):
        with lock:
            seen.add(threading.current_thread().name)
        return {}

    node = over_batch("fetch_card", step, to_end, network=network)
    with ThreadPoolExecutor(4, "pool") as pool:
        runtime = SimpleNamespace(context=SimpleNamespace(pool=pool))
        state = {"items": {i: {"at": "fetch_card"} for i in range(8)}}
        out = node(state, runtime)
    assert sorted(out["items"]) == list(range(8))  # every dataset was stepped and moved on
    return seen


def test_a_step_that_makes_requests_runs_on_the_pool():
    threads = _threads_used(lambda context: True)
    assert threads and all(name.startswith("pool") for name in threads)


@pytest.mark.parametrize("network", [None, lambda context: False])
def test_a_step_that_only_computes_runs_in_the_branch_thread(network):
    assert _threads_used(network) == {threading.current_thread().name}


@pytest.mark.parametrize(
    ("depth", "github", "on_pool"),
    [(0, object(), False), (1, object(), True), (1, None, False), (0, None, False)],
)
def test_tracing_waits_on_the_network_only_when_it_reads_github(depth, github, on_pool):
    context = RunContext(settings=Settings(depth=depth), store=None, github=github)
    assert _NETWORK["trace_upstream"](context) is on_pool
    assert _NETWORK["fetch_card"](context) is True

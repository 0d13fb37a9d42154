"""One pipeline step over a batch of datasets: each dataset's own step, then each its own route.

LangGraph's bookkeeping costs about 0.3 ms of CPU per task and super-step; paid per dataset and
step it was the largest cost of a run (2.5 ms of ~15 ms a dataset). A branch of the fan-out now
carries a batch of datasets through the same graph: each node runs its step for every dataset of
the batch waiting for it, and sends each on where the step's router says, as before.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from langgraph.graph import END
from langgraph.runtime import Runtime

from agent.state import AuditState, BatchState, DatasetOutcome, RunContext

Step = Callable[[AuditState, Runtime[RunContext]], dict[str, Any]]
Route = Callable[[AuditState], str]
Waits = Callable[[RunContext], bool]  # whether a step makes requests in this run


def over_batch(name: str, step: Step, route: Route, network: Waits | None = None) -> Callable:
    """The graph node `name`: `step` for each dataset of the batch waiting at `name`, each then
    sent where `route` says. When `network` says the step makes requests in this run, the
    datasets' steps run side by side on the run's pool (their requests overlap); otherwise one
    after the other in the branch's thread: the pool's queue holds other branches' requests, and
    a step that only computes would wait behind them (idling the network at the end of a batch).
    """

    def node(state: BatchState, runtime: Runtime[RunContext]) -> dict[str, Any]:
        todo = [(i, item) for i, item in state["items"].items() if item.get("at") == name]

        def one(pair: tuple[int, AuditState]) -> tuple[int, AuditState, list[DatasetOutcome]]:
            i, item = pair
            update = step(item, runtime)
            results = update.pop("results", [])
            moved: AuditState = {**item, **update, "came": name}  # type: ignore[typeddict-item]
            moved["at"] = route(moved)
            if moved["at"] == END:  # recorded: its card and evidence need not wait for the batch
                moved = {"at": END, "came": name}
            return i, moved, results

        pool = runtime.context.pool
        if network is not None and network(runtime.context) and pool is not None and len(todo) > 1:
            done = list(pool.map(one, todo))
        else:
            done = [one(pair) for pair in todo]
        return {
            "items": {i: item for i, item, _ in done},
            "results": [result for _, _, results in done for result in results],
        }

    node.__name__ = name
    return node


def onward(name: str) -> Callable[[BatchState], list[str] | str]:
    """The batch's router after `name`: every step one of the datasets it just handled goes to."""

    def route(state: BatchState) -> list[str] | str:
        targets = {
            item["at"]
            for item in state["items"].values()
            if item.get("came") == name and item.get("at") != END
        }
        return sorted(targets) or END

    route.__name__ = f"after_{name}"
    return route


def to_end(item: AuditState) -> str:
    """Route of the recording steps: the dataset is done."""
    return END

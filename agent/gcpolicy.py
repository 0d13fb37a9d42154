"""The garbage collector's pace during a run: with the interpreter's defaults it took a ninth of
a run's CPU.

A run allocates a few hundred container objects per dataset (cards and evidence as dicts, the
graph's state, HTTP answers) that nearly all die young and hold no cycle, while everything alive
when the run starts (modules, compiled patterns, the SPDX tables, LangGraph's graph) stays. With the
defaults (a young collection every 700 allocations, the whole heap walked every 100 of those),
collections cost a listed dataset about 1.1 ms of ~9.5 ms (measured with gc.callbacks over
benchmarks/step_cpu.py's 2,000 datasets). Here what exists at the start is frozen out of every
collection, and the young generation is collected every 50,000 allocations: 0.2 ms a dataset.
Cycles are still collected, less often (the older generations after 20 and 20x20 young ones); the
memory benchmark's peak RSS is the check that nothing piles up (benchmarks/scale.py --parts memory).
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator

RUN_THRESHOLDS = (50_000, 20, 20)


@contextlib.contextmanager
def collected_for_a_run() -> Iterator[None]:
    """Inside: objects that exist now are not collected, the young generation less often. The
    previous thresholds are back afterwards (the frozen objects join the oldest generation)."""
    before = gc.get_threshold()
    gc.freeze()
    gc.set_threshold(*RUN_THRESHOLDS)
    try:
        yield
    finally:
        gc.set_threshold(*before)
        gc.unfreeze()

"""CPU budget of the license engine for one card: input caps per stage, and a deadline between stages.

Python cannot stop a thread that is inside a regular expression, so the bound is built in layers:
1. every regex that reads card text is linear (tests/project/test_regex_budget.py checks each one on
   adversarial 100 kB lines), so a stage's time grows with the text it is handed;
2. each stage is handed bounded text: the README analysed up to MAX_ANALYSED_CHARS (the rest is
   a warning on the entry), snippets capped at extraction, full-text matching capped at 500,000
   characters, lineage at 500,000;
3. the CPU time each engine node spends on the card (time.thread_time, so other threads' work is
   not charged) is added up in the state, and a card that has used ENGINE_CPU_SECONDS is stopped
   before its next stage with a TooComplex error entry: slow, not stalled, and the run goes on.
"""

from __future__ import annotations

import functools
import time
from collections.abc import Callable
from typing import Any

MAX_ANALYSED_CHARS = (
    1_000_000  # 8x the largest card of the corpora (126 kB); a crafted 1 MB card takes ~1 s
)
ENGINE_CPU_SECONDS = 30.0  # real cards take ~1 ms; only a pathological card comes near this
STATE_KEY = "engine_cpu"  # seconds charged so far, carried in the per-dataset state


def budgeted(node: Callable) -> Callable:
    """Wrap an engine node: refuse to start when the card's budget is spent, else charge its CPU time."""

    @functools.wraps(node)
    def run(state: dict, runtime: Any) -> dict[str, Any]:
        spent = float(state.get(STATE_KEY) or 0.0)
        if spent >= ENGINE_CPU_SECONDS:
            return {
                "error": {
                    "code": "TooComplex",
                    "message": (
                        f"analysing this card used {spent:.1f} s of CPU, over the limit of {ENGINE_CPU_SECONDS:g} s; "
                        f"stopped before {node.__name__}"
                    ),
                }
            }
        start = time.thread_time()
        update = node(state, runtime)
        return {**update, STATE_KEY: spent + time.thread_time() - start}

    return run

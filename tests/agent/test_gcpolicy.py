"""A run collects garbage at its own pace and gives the interpreter's back afterwards."""

from __future__ import annotations

import gc

from agent.gcpolicy import RUN_THRESHOLDS, collected_for_a_run


def test_a_run_freezes_what_exists_and_restores_the_thresholds():
    before = gc.get_threshold()
    assert before != RUN_THRESHOLDS
    with collected_for_a_run():
        assert gc.get_threshold() == RUN_THRESHOLDS
        assert gc.get_freeze_count() > 0  # the modules and tables alive at the start
    assert gc.get_threshold() == before and gc.get_freeze_count() == 0


def test_the_thresholds_come_back_when_the_run_fails():
    before = gc.get_threshold()
    try:
        with collected_for_a_run():
            raise KeyError("a crash of the run")
    except KeyError:
        pass
    assert gc.get_threshold() == before and gc.get_freeze_count() == 0

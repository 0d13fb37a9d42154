"""The results of a run kept on disk as they finish (agent.spool): same values, same order."""

from __future__ import annotations

import pytest

from agent.spool import ResultSpool


def test_results_come_back_equal_in_order_however_often_they_are_read():
    results = [
        {"ref": f"org/d{i}", "confidence": i / 7, "upstream": ["a", "é\u2028"], "error": None}
        for i in range(5000)  # several read chunks
    ]
    spool = ResultSpool(results[:10])
    spool += results[10:]
    assert len(spool) == 5000
    first, second = iter(spool), iter(spool)
    assert next(first) == results[0] and next(second) == results[0]
    assert list(first) == results[1:]  # two readers at their own offsets
    assert list(spool) == results and spool[-1] == results[-1] and spool[42] == results[42]
    with pytest.raises(IndexError):
        spool[5000]
    spool.close()


def test_an_empty_spool():
    spool = ResultSpool()
    assert len(spool) == 0 and list(spool) == []


def test_sorted_by_orders_a_copy_and_keeps_ties_in_the_order_written():
    results = [{"ref": f"org/d{i}", "depth": i % 3, "n": i} for i in range(3000)]  # 3 batches
    spool = ResultSpool(results[:1000])
    spool += results[1000:]
    ordered = spool.sorted_by(lambda result: -result["depth"])
    assert list(ordered) == sorted(results, key=lambda result: -result["depth"])
    assert [r["n"] for r in ordered][:3] == [2, 5, 8]  # ties as written
    assert list(spool) == results and len(ordered) == 3000  # the original is unchanged
    assert list(ResultSpool().sorted_by(lambda result: 0)) == []

"""Registry under concurrent writers: threads of one run, several processes, a killed process."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
from concurrent.futures import ThreadPoolExecutor

from registry.store.opener import open_registry
from tests.support import paths
from tests.support.registry_support import make_entry, run_processes

ROOT = str(paths.ROOT)


def _check_one_current_each(store, datasets: set[str]) -> None:
    current = list(store.current_entries(with_evidence=False))
    assert [e.dataset for e in current] == sorted(datasets)
    conn = store._conn()
    cur = conn.cursor()
    cur.execute(
        "SELECT dataset, COUNT(*) FROM entries WHERE is_current = "
        + ("TRUE" if store.dialect == "postgres" else "1")
        + " GROUP BY dataset HAVING COUNT(*) > 1"
    )
    assert cur.fetchall() == []


def test_many_threads_saving_through_one_store(location):
    threads, per_thread, datasets = 12, 20, 15
    with open_registry(location) as store:

        def work(t: int) -> list[str]:
            done = []
            for i in range(per_thread):
                revision = f"t{t}-{i}"
                store.save(make_entry(f"ds-{(t + i) % datasets:02d}", revision=revision))
                assert store.current(f"ds-{(t + i) % datasets:02d}") is not None  # reads interleave
                done.append(revision)
            return done

        with ThreadPoolExecutor(threads) as pool:
            saved = [r for rs in pool.map(work, range(threads)) for r in rs]
        kept = {e.revision for d in range(datasets) for e in store.history(f"ds-{d:02d}")}
        assert kept == set(saved) and len(saved) == threads * per_thread
        _check_one_current_each(store, {f"ds-{d:02d}" for d in range(datasets)})
        if store.dialect == "sqlite":
            assert store.integrity_check() == "ok"


def test_two_processes_writing_the_same_datasets_lose_nothing(location):
    open_registry(location).close()  # schema in place before the race
    datasets, rounds = 30, 10
    saved, windows = run_processes(location, "AB", datasets, rounds)
    assert len(saved) == 2 * datasets * rounds
    assert max(w[0] for w in windows) < min(w[1] for w in windows)  # they wrote at the same time
    with open_registry(location) as store:
        names = {f"shared/ds-{d:03d}" for d in range(datasets)}
        histories = {name: store.history(name) for name in names}
        assert {e.revision for h in histories.values() for e in h} == set(saved)
        assert all(len(h) == 2 * rounds for h in histories.values())
        _check_one_current_each(store, names)
        if store.dialect == "sqlite":
            assert store.integrity_check() == "ok"


def test_concurrent_first_open_migrates_once(location):
    assert len(run_processes(location, "XYZ", 3, 1, race_to_open=True)[0]) == 9
    with open_registry(location) as store:
        assert store._fetch(store._conn(), "version", ())[0][0] == store.schema_version()
        assert len(store.history("shared/ds-000")) == 3


KILLED_WRITER = """
import sys
import threading
from registry.store.opener import open_registry
from agent.models import Entry
with open_registry(sys.argv[1]) as store:
    for i in range(100000):
        store.save(Entry(dataset=f"ds-{i % 50:02d}", revision=f"r{i}", concluded_license="MIT"))
        print(f"r{i}", flush=True)
"""


def test_a_killed_writer_loses_no_committed_entry(location):
    open_registry(location).close()
    writer = subprocess.Popen(
        [sys.executable, "-c", KILLED_WRITER, location],
        stdout=subprocess.PIPE,
        text=True,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": ROOT},
    )
    reported = []
    for line in writer.stdout:
        reported.append(line.strip())
        if len(reported) == 300:
            os.kill(writer.pid, signal.SIGKILL)  # mid-stream, likely inside a transaction
            break
    writer.wait(timeout=30)
    with open_registry(location) as store:
        kept = {e.revision for d in range(50) for e in store.history(f"ds-{d:02d}")}
        assert set(reported) <= kept  # every save that returned is there
        _check_one_current_each(store, {f"ds-{d:02d}" for d in range(50)})
        if store.dialect == "sqlite":
            assert store.integrity_check() == "ok"


def test_connections_of_ended_threads_are_closed(location):
    with open_registry(location) as store:
        for round_ in range(5):  # five short-lived pools, as separate runs would create
            with ThreadPoolExecutor(4) as pool:
                revision = str(round_)
                list(
                    pool.map(
                        lambda i, r=revision: store.save(make_entry(f"ds-{i}", revision=r)),
                        range(8),
                    )
                )
        assert len(store._connections) <= 1 + 4  # the opening thread's and the last pool's
        reader = threading.Thread(target=store.current, args=("ds-0",))  # a new connection prunes
        reader.start()
        reader.join()
        assert len(store._connections) <= 2
        assert store.current_revisions() == {f"ds-{i}": "4" for i in range(8)}

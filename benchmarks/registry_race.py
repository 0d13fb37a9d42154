"""How often processes starting together on a fresh SQLite registry fail to open it (issue 9, item 15).

Each trial starts PROCS processes on a new file; once all are loaded they open the registry at
the same moment and save from 8 threads each. Prints the failures and the distinct messages.
Usage: python benchmarks/registry_race.py [--trials 25] [--procs 4]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from collections import Counter

CHILD = """import os, sys, threading, time
from registry.store.opener import open_registry
from agent.models import Entry
path, go, me = sys.argv[1], sys.argv[2], sys.argv[3]
open(path + ".ready" + me, "w").close()
while not os.path.exists(go):
    time.sleep(0.0005)
store = open_registry(path)
threads = [threading.Thread(target=store.save, args=(Entry(dataset=f"org/d{me}-{i}"),)) for i in range(8)]
for thread in threads: thread.start()
for thread in threads: thread.join()
store.close()
"""


def trial(folder: str, procs: int) -> list[str]:
    path, go = os.path.join(folder, "fresh.db"), os.path.join(folder, "go")
    started = [
        subprocess.Popen(
            [sys.executable, "-c", CHILD, path, go, str(k)], stderr=subprocess.PIPE, text=True
        )
        for k in range(procs)
    ]
    while sum(os.path.exists(f"{path}.ready{k}") for k in range(procs)) < procs:
        time.sleep(0.005)
    open(go, "w").close()
    failures = []
    for process in started:
        err = process.communicate()[1].strip()
        if process.returncode:
            failures.append(err.splitlines()[-1] if err else f"exit {process.returncode}")
    return failures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trials", type=int, default=25)
    parser.add_argument("--procs", type=int, default=4)
    args = parser.parse_args()
    messages: Counter = Counter()
    failed_trials = 0
    for _ in range(args.trials):
        with tempfile.TemporaryDirectory() as folder:
            failures = trial(folder, args.procs)
        failed_trials += bool(failures)
        messages.update(" ".join(m.split(": ", 1)[-1].split()[1:]) for m in failures)
    print(
        f"{failed_trials} of {args.trials} trials had a failed process "
        f"({sum(messages.values())} of {args.trials * args.procs} processes)"
    )
    for message, count in messages.most_common():
        print(f"  {count} x ...{message}")


if __name__ == "__main__":
    main()

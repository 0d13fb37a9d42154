"""The whole engine stays linear on a crafted card: each `<<unit>>` of the hostile fixture repeated ever more.

The card (tests/fixtures/hostile/backtracking) holds the shapes that made regexes backtrack: a heading
followed by thousands of spaces, runs of "[", "(", "#", "*", blank lines after a BibTeX opener ...
Each run is grown by 10x per step; the engine's time may grow about as much (linear), far less
than the 100x of a quadratic step or the 1,000x of the cubic heading pattern this card once hit.
"""

from __future__ import annotations

import codecs
import os
import re
import time

from agent.conclude import conclude
from agent.extract import extract_evidence
from agent.lineage.repositories import github_repos_in
from agent.lineage.upstream import find_upstreams
from agent.mapping import map_evidence
from agent.models import Card
from tests.support import paths

FIXTURE = os.path.join(paths.FIXTURES, "hostile", "backtracking", "README.md")
_RUN = re.compile(r"<<(.+?)>>")  # "# Title<< >>x": the unit between << and >> is repeated
REPEATS = (100, 1_000, 10_000)  # the last makes lines of 10 to 80 kB, the card ~400 kB
GROWTH = 30  # per 10x step: linear measures ~10x; quadratic ~100x


def _card(repeat: int) -> str:
    with open(FIXTURE, encoding="utf-8") as handle:
        template = handle.read()
    return _RUN.sub(lambda m: codecs.decode(m.group(1), "unicode_escape") * repeat, template)


def _engine(readme: str) -> None:
    card = Card(dataset="crafted", source="local", location="x", readme=readme)
    conclude(card, map_evidence(extract_evidence(card)))
    find_upstreams(card)
    github_repos_in(card)


def _seconds(readme: str) -> float:
    best = float("inf")
    for _ in range(3):  # the calmest of three: other processes share the machine
        start = time.process_time()
        _engine(readme)
        best = min(best, time.process_time() - start)
    return best


def test_engine_time_grows_linearly_with_the_crafted_runs():
    times = [_seconds(_card(n)) for n in REPEATS[:1]]
    for n in REPEATS[1:]:  # one step at a time: a super-linear engine fails before the big card
        times.append(_seconds(_card(n)))
        assert times[-1] <= GROWTH * max(times[-2], 1e-3), f"x{n}: {times}"

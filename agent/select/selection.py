"""A run's datasets, streamed: ids given (re-checked on the resolver quota) or the Hub's listing.

A dataset known unchanged is not audited again and costs no further call: a listed one whose
sha is the registry's revision, or a given id whose README the resolver answers at the
registry's revision (304 Not Modified to If-None-Match, or the same X-Repo-Commit).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from itertools import chain
from typing import Any

from agent.errors import DatasetError
from agent.refs import parse_ref
from agent.select.hub_list import HubListing, ListQuery, ReadmeCheck, check_readme
from agent.select.listed import ListedDataset, RefInput, Unchanged
from agent.select.read_ahead import read_ahead

# References audited per invocation of the graph: a 100,000-dataset listing never sits in
# memory whole (one batch of listed cards at a time).
RUN_BATCH = 2048


@dataclass
class Tally:
    """What the selection did: for the plan, the summary and the benchmarks."""

    given: int = 0  # references given (explicit ids) or listed
    unchanged: int = 0  # skipped: the registry's entry is current
    rechecked: int = 0  # resolver calls made to re-check given ids
    pages: int = 0  # listing calls


@dataclass
class Given:
    """References as typed; Hub ids already in the registry are re-checked on the resolver."""

    refs: list[str]
    concurrency: int = 8
    tally: Tally = field(default_factory=Tally)
    batch: int = RUN_BATCH  # references per invocation of the graph

    def calls(self, refresh: bool) -> frozenset[str]:
        """The Hub quota classes its stream spends: the re-checks of ids already audited."""
        return frozenset() if refresh else frozenset({"resolve"})

    def stream(self, hub: Any, store: Any, refresh: bool) -> Iterator[RefInput | Unchanged]:
        self.tally.given = len(self.refs)
        if hub is None or refresh:  # offline, or asked to audit everything again
            yield from self.refs
            return
        checks = _in_order(
            lambda ref: _recheck(hub, store, ref, self.tally), self.refs, self.concurrency
        )
        for ref, name in checks:
            if name is None:
                yield ref
            else:
                self.tally.unchanged += 1
                yield Unchanged(ref, name)


@dataclass
class Listing:
    """The Hub's listing (by author, search, or all); unchanged datasets are skipped."""

    query: ListQuery
    tally: Tally = field(default_factory=Tally)
    label: str = ""  # "author foo, bar" / "search 'x'" / "the whole Hub", for messages
    batch: int = RUN_BATCH

    def calls(self, refresh: bool) -> frozenset[str]:
        return frozenset({"api"})  # its pages

    def stream(self, hub: Any, store: Any, refresh: bool) -> Iterator[RefInput | Unchanged]:
        listing = HubListing(hub)
        # the next page is asked while this one's datasets are audited (the Hub takes its time
        # composing a page of 1,000): the run does not idle between its batches
        pages = read_ahead(listing.by_page(self.query), ahead=1)
        try:
            for listed in chain.from_iterable(pages):
                self.tally.given += 1
                self.tally.pages = listing.pages
                if not refresh and listed.sha and store.current_revision(listed.id) == listed.sha:
                    self.tally.unchanged += 1
                    yield Unchanged(listed.id, listed.id)
                    continue
                yield listed
        finally:
            pages.close()  # the page being read ahead is not waited for
            self.tally.pages = listing.pages


@dataclass
class Drawn:
    """What one process of a run split over processes audits (agent.workers): the shares its
    parent selected (listed, or re-checked on the resolver), drawn one at a time while the run
    goes on, each audited as a batch as it comes; `draw()` gives None after the last."""

    draw: Callable[[], list[RefInput | Unchanged] | None]
    batch: int
    # no tally: the selecting process counts what it selected (agent.workers)

    def calls(self, refresh: bool) -> frozenset[str]:
        return frozenset()  # none: the selecting process made them

    def stream(self, hub: Any, store: Any, refresh: bool) -> Iterator[RefInput | Unchanged]:
        while (share := self.draw()) is not None:
            yield from share


Selection = Given | Listing | Drawn


def unchanged_by_resolver(check: ReadmeCheck, revision: str) -> bool:
    """The resolver's answer says the dataset is still at `revision`.

    304 with no commit header: the README is the one audited (the Hub sends the commit anyway).
    A 401/403 (gated) or any answer at another commit: audit it again through its info."""
    if check.status in (401, 403):
        return False
    if check.commit is not None:
        return check.commit == revision
    return check.status == 304


def _recheck(hub: Any, store: Any, ref_text: str, tally: Tally) -> str | None:
    """The registry key when the dataset is unchanged, else None (it goes through the graph)."""
    try:
        ref = parse_ref(ref_text)
    except DatasetError:
        return None  # the graph makes its error entry
    if ref.kind != "hub" or ref.revision is not None or not ref.repo_id:
        return None
    revision, etag = store.card_state(ref.name)
    if revision is None:
        return None  # never audited (or only an error entry)
    tally.rechecked += 1
    try:
        check = check_readme(hub, ref.repo_id, etag)
    except DatasetError:
        return None  # no answer: the info call will say why, on the entry
    return ref.name if unchanged_by_resolver(check, revision) else None


def _in_order(
    work: Callable[[str], str | None], items: Iterable[str], concurrency: int
) -> Iterator[tuple[str, str | None]]:
    """(item, work(item)) in the items' order, `concurrency` at a time, a bounded window ahead."""
    window: deque[tuple[str, Future]] = deque()
    with ThreadPoolExecutor(max(1, concurrency), thread_name_prefix="recheck") as pool:
        for item in items:
            window.append((item, pool.submit(work, item)))
            if len(window) >= 4 * concurrency:
                done, future = window.popleft()
                yield done, future.result()
        while window:
            done, future = window.popleft()
            yield done, future.result()


__all__ = [
    "RUN_BATCH",
    "Drawn",
    "Given",
    "Listing",
    "ListedDataset",
    "Selection",
    "Tally",
    "Unchanged",
]

"""A worker's selection (agent.select.selection.Drawn): the shares its parent hands out, drawn one
at a time as the run goes on, never ahead of what the run has taken."""

from __future__ import annotations

from agent.select.listed import ListedDataset, Unchanged
from agent.select.selection import Drawn


def test_shares_are_drawn_only_when_the_run_reaches_them():
    shares = [["org/a", ListedDataset(id="org/b", sha="1" * 40)], [Unchanged("org/c", "org/c")]]
    drawn: list[int] = []

    def draw():
        drawn.append(len(drawn))
        return shares[len(drawn) - 1] if len(drawn) <= len(shares) else None

    selection = Drawn(draw, batch=2)
    items = selection.stream(hub=None, store=None, refresh=False)
    assert next(items) == "org/a" and drawn == [0]  # the second share is not drawn yet
    assert list(items) == [shares[0][1], shares[1][0]] and drawn == [0, 1, 2]  # then None: ended

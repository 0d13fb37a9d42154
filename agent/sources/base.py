"""The card source interface shared by the Hub, GitHub and local folders."""

from __future__ import annotations

from typing import Protocol, runtime_checkable

from agent.models import Card
from agent.refs import Ref


@runtime_checkable
class CardSource(Protocol):
    """Reads one dataset's card (README, license files, metadata) for a reference of its kind.

    Implementations: HubSource (agent/sources/hub.py), GitHubSource (github.py), LocalSource
    (local.py). Expected failures raise DatasetError with a code; nothing else escapes.
    """

    def fetch_card(self, ref: Ref) -> Card: ...


@runtime_checkable
class PinnedSource(CardSource, Protocol):
    """A source whose datasets have commits: `pin` names the one the reference points to now,
    so an unchanged dataset is recognised before its files are read (Hub info sha, GitHub commit)."""

    def pin(self, ref: Ref) -> str: ...

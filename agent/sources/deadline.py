"""Deadlines for outside requests: a total time per request and per dataset, and a run-wide stop.

Socket timeouts bound each read, not a request: a server sending one byte every 2 s never trips
a 30 s read timeout and holds a dataset forever. Here every request carries a total deadline (the
sooner of its own limit and its dataset's), and one watchdog thread shuts the socket of any
request past it, or of every request once the run is stopped (Ctrl-C): the blocked read returns
at once, whatever phase (connect, headers, body) it was in.
"""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from collections.abc import Iterator

from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool

from agent.errors import DatasetError

_local = threading.local()  # .dataset: the current dataset's deadline; .request: its Watched


class Watched:
    """One request in flight: its deadline, the connections it used, and why it was cut."""

    def __init__(self, deadline: float, stop: threading.Event | None):
        self.deadline, self.stop = deadline, stop
        self.connections: list[HTTPConnection] = []
        self.cut: str | None = None  # "deadline" | "stopped" once the watchdog cut it

    def due(self, now: float) -> str | None:
        if self.stop is not None and self.stop.is_set():
            return "stopped"
        return "deadline" if now >= self.deadline else None


class _Watchdog:
    """A daemon thread, started on first use, checking the requests in flight ten times a second."""

    TICK = 0.1

    def __init__(self) -> None:
        self._watched: set[Watched] = set()
        self._lock = threading.Lock()
        self._wake = threading.Event()
        self._thread: threading.Thread | None = None

    def add(self, watched: Watched) -> None:
        with self._lock:
            self._watched.add(watched)
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(
                    target=self._run, name="licensetrace-deadlines", daemon=True
                )
                self._thread.start()
        self._wake.set()

    def remove(self, watched: Watched) -> None:
        with self._lock:
            self._watched.discard(watched)

    def _run(self) -> None:
        while True:
            with self._lock:
                watched = list(self._watched)
            if not watched:
                self._wake.wait()
                self._wake.clear()
                continue
            now = time.monotonic()
            for item in watched:
                why = item.due(now)
                if why:
                    item.cut = item.cut or why
                    for conn in list(item.connections):
                        _shut(conn)
            time.sleep(self.TICK)


def _shut(conn: HTTPConnection) -> None:
    sock = getattr(conn, "sock", None)  # None until connected: shut on a later tick
    if sock is not None:
        with contextlib.suppress(OSError):
            sock.shutdown(socket.SHUT_RDWR)


WATCHDOG = _Watchdog()


@contextlib.contextmanager
def dataset_deadline(deadline: float | None) -> Iterator[None]:
    """Requests made inside (this thread) end by `deadline` (time.monotonic()), or None."""
    previous = getattr(_local, "dataset", None)
    _local.dataset = deadline
    try:
        yield
    finally:
        _local.dataset = previous


def dataset_remaining() -> float | None:
    """Seconds left for the current dataset, None without a dataset deadline."""
    deadline = getattr(_local, "dataset", None)
    return None if deadline is None else deadline - time.monotonic()


@contextlib.contextmanager
def watched_request(seconds: float | None, stop: threading.Event | None) -> Iterator[Watched]:
    """Watch the request made inside: cut at `seconds` or the dataset's deadline, or when stopped."""
    deadline = time.monotonic() + (seconds if seconds is not None else float("inf"))
    remaining = dataset_remaining()
    if remaining is not None:
        deadline = min(deadline, time.monotonic() + remaining)
    watched = Watched(deadline, stop)
    _local.request = watched
    WATCHDOG.add(watched)
    try:
        yield watched
    finally:
        WATCHDOG.remove(watched)
        _local.request = None


def _attach(conn: HTTPConnection) -> None:
    watched = getattr(_local, "request", None)
    if watched is not None and conn not in watched.connections:
        watched.connections.append(conn)
        if watched.cut:  # already due: do not even start
            _shut(conn)


class _Pool(HTTPConnectionPool):
    # _make_request is where urllib3 sends on a pooled connection; hooking the pool, not the
    # connection class, keeps whatever connection class is in place (vcrpy's, when replaying).
    def _make_request(self, conn, *args, **kwargs):
        _attach(conn)
        return super()._make_request(conn, *args, **kwargs)


class _TLSPool(HTTPSConnectionPool):
    def _make_request(self, conn, *args, **kwargs):
        _attach(conn)
        return super()._make_request(conn, *args, **kwargs)


class WatchedAdapter(HTTPAdapter):
    """requests' adapter whose connections can be cut by the watchdog (direct and via a proxy)."""

    def init_poolmanager(self, *args, **kwargs) -> None:
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = {"http": _Pool, "https": _TLSPool}

    def proxy_manager_for(self, proxy, **kwargs):
        manager = super().proxy_manager_for(proxy, **kwargs)
        manager.pool_classes_by_scheme = {"http": _Pool, "https": _TLSPool}
        return manager


def pause(seconds: float, stop: threading.Event | None, what: str) -> None:
    """Sleep `seconds` (a retry backoff, a quota wait) unless the run stops or the dataset's
    deadline comes first: then raise at once instead of sleeping in vain."""
    remaining = dataset_remaining()
    if remaining is not None and seconds > remaining:
        raise DatasetError(
            "Timeout", f"the dataset's deadline comes before {what} ({seconds:.0f} s) ends"
        )
    if stop is not None:
        if stop.wait(seconds):
            raise DatasetError("Interrupted", "the run was stopped (Ctrl-C)")
    else:
        time.sleep(seconds)

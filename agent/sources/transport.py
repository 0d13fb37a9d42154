"""GETs through requests' transport adapter, redirects followed here, settings read once per host.

A requests.Session costs about 0.6 ms of CPU a GET over its adapter (settings merged, cookie jars
built and read, hooks, the redirect generator): on a listed dataset, which makes one GET, that
was a twentieth of its whole cost. The client needs none of it: it sends no cookies and no body,
and decides itself which host sees which credential. So a GET is prepared here and sent through
requests' HTTPAdapter (pooling, proxies, TLS, timeouts as a Session would), and a redirect is
followed here, each hop getting the credentials of its own host only:

- `credentials(url)` (the client's token, for the hosts it trusts) first;
- else the user's ~/.netrc entry for the host, as requests reads it (read once per host);
- nothing else: a hop to another host never carries the previous host's Authorization.

The environment (HTTPS_PROXY, NO_PROXY, REQUESTS_CA_BUNDLE, ~/.netrc) is read as requests reads
it, once per scheme://host (it does not change during a run).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any
from urllib.parse import urljoin, urlsplit

import requests
from requests.auth import HTTPBasicAuth
from requests.hooks import default_hooks
from requests.structures import CaseInsensitiveDict
from requests.utils import default_headers, get_environ_proxies, get_netrc_auth

from agent.sources.deadline import WatchedAdapter

REDIRECTS = frozenset({301, 302, 303, 307, 308})
REDIRECT_BODY_BYTES = 64 * 1024  # a redirect's own body is read this far (to keep the connection)


class Transport:
    """GET with redirects over one pooled adapter; thread-safe (the look-ups are idempotent)."""

    def __init__(self, user_agent: str, pool_size: int, max_redirects: int):
        self.adapter = WatchedAdapter(pool_connections=8, pool_maxsize=pool_size, max_retries=0)
        self.headers = {**default_headers(), "User-Agent": user_agent}  # as a Session sends
        self.max_redirects = max_redirects
        self.trust_env = True  # False: no proxies, CA bundle or ~/.netrc from the environment
        self._proxies: dict[str, dict[str, str]] = {}  # scheme://host -> proxies for it
        self._netrc: dict[str, tuple[str, str] | None] = {}  # scheme://host -> (login, password)
        self._ca_bundle = os.environ.get("REQUESTS_CA_BUNDLE") or os.environ.get("CURL_CA_BUNDLE")

    def close(self) -> None:
        self.adapter.close()

    def get(
        self,
        url: str,
        headers: dict[str, str],
        credentials: Callable[[str], str | None],
        timeout: tuple[float, float],
    ) -> requests.Response:
        """GET `url` (streamed: the caller reads the body and closes the answer), following up to
        `max_redirects` redirects; the answer's .history holds the redirects, oldest first, each
        with the .request it answered. `credentials(url)`: the Authorization value for that URL,
        or None. Raises requests' exceptions (TooManyRedirects, InvalidSchema, ConnectionError)."""
        history: list[requests.Response] = []
        while True:
            prepared = self._prepare(url, headers, credentials)
            response = self.adapter.send(prepared, stream=True, timeout=timeout, **self._env(url))
            target = _redirect_target(response)
            if target is None:
                response.history = history
                return response
            _drain(response)
            history.append(response)
            if len(history) > self.max_redirects:
                raise requests.exceptions.TooManyRedirects(
                    f"Exceeded {self.max_redirects} redirects.", response=response
                )
            url = urljoin(response.url or url, target)

    def _prepare(
        self, url: str, headers: dict[str, str], credentials: Callable[[str], str | None]
    ) -> requests.PreparedRequest:
        """A GET of `url` with the fixed headers, `headers` and this host's credentials."""
        scheme = urlsplit(url).scheme.lower()
        if scheme not in ("http", "https"):  # a redirect to file:, ftp:, ...: not followed
            raise requests.exceptions.InvalidSchema(
                f"No connection adapters were found for {url!r}"
            )
        prepared = requests.PreparedRequest()
        prepared.method = "GET"
        prepared.prepare_url(url, None)
        merged: CaseInsensitiveDict[str | bytes] = CaseInsensitiveDict(self.headers)
        merged.update(headers)
        prepared.headers = merged
        prepared.body = None
        prepared.hooks = default_hooks()
        authorization = credentials(prepared.url or url)
        if authorization:
            merged["Authorization"] = authorization
        else:
            login = self._netrc_for(prepared.url or url)
            if login:
                HTTPBasicAuth(*login)(prepared)
        return prepared

    def _env(self, url: str) -> dict[str, Any]:
        """The adapter's proxies and verify for `url`, from the environment as requests reads it."""
        if not self.trust_env:
            return {"proxies": {}, "verify": True}
        host = host_of(url)
        proxies = self._proxies.get(host)
        if proxies is None:  # two threads may both look it up: the same answer
            proxies = self._proxies[host] = get_environ_proxies(url)
        return {"proxies": proxies, "verify": self._ca_bundle or True}

    def _netrc_for(self, url: str) -> tuple[str, str] | None:
        """The ~/.netrc login of `url`'s host (requests' reading); a URL with user:password in it
        is read each time, as requests does."""
        if not self.trust_env:
            return None
        if "@" in urlsplit(url).netloc:
            return get_netrc_auth(url)
        host = host_of(url)
        if host not in self._netrc:
            self._netrc[host] = get_netrc_auth(url)
        return self._netrc[host]


def host_of(url: str) -> str:
    """scheme://host:port of a URL, the unit credentials and settings are bound to (e.g.
    https://huggingface.co)."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower()


def _redirect_target(response: requests.Response) -> str | None:
    """The Location of a redirect answer, decoded as requests decodes it; None otherwise."""
    if response.status_code not in REDIRECTS:
        return None
    location = response.headers.get("Location")
    if not location:
        return None
    try:  # servers send UTF-8 bytes that http.client decoded as Latin-1
        return location.encode("latin1").decode("utf8")
    except UnicodeError:
        return location


def _drain(response: requests.Response) -> None:
    """Read a redirect's body so its connection goes back to the pool (a long one is dropped
    with its connection instead), then close it."""
    read = 0
    try:
        for chunk in response.iter_content(16 * 1024):
            read += len(chunk)
            if read > REDIRECT_BODY_BYTES:
                break
    except (requests.exceptions.RequestException, OSError):
        pass  # the connection is dropped; the redirect itself was answered
    finally:
        response.close()

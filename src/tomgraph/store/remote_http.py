"""HTTP for the remote store: one keep-alive session, credentials, bounded retries, clear errors.

Everything the remote store sends (queries, updates, Graph Store Protocol transfers) goes
through :class:`HttpClient`, so that authentication, TLS, timeouts, retries and the wording of
errors are decided once. Errors always name the URL that failed, because a person reading
"401" needs to know which of three endpoints refused them.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import requests
from requests.auth import AuthBase, HTTPBasicAuth

from .. import __version__
from ..errors import QuerySyntaxError, QueryTimeout, StoreError, StoreUnavailable, UsageError

RETRY_STATUSES = frozenset({500, 502, 503, 504})
"""Server-side failures worth another try; any other status is the answer."""


@dataclass(frozen=True)
class RetryPolicy:
    """How hard to try before giving up: ``attempts`` in all, waits doubling from ``backoff``.

    The defaults ride out a server restart or a proxy hiccup (about two seconds of waiting)
    without making a person at a terminal wait long for a server that is really down.
    """

    attempts: int = 4
    backoff: float = 0.25
    max_backoff: float = 4.0

    def wait(self, retry: int) -> float:
        """Seconds to sleep before retry number ``retry`` (0-based), with a little jitter."""
        base: float = min(self.max_backoff, self.backoff * (2**retry))
        return base * (0.9 + 0.2 * random.random())


class BearerAuth(AuthBase):
    """``Authorization: Bearer TOKEN`` (tokens from an identity provider, or Neptune proxies)."""

    def __init__(self, token: str) -> None:
        self.token = token

    def __call__(self, request: requests.PreparedRequest) -> requests.PreparedRequest:
        request.headers["Authorization"] = f"Bearer {self.token}"
        return request


Body = bytes | Mapping[str, Any] | Path | None
"""A request body: raw bytes, form fields (URL-encoded), or a file streamed from disk."""


class HttpClient:
    """A session shared by every request of one store handle (connection reuse matters: the
    validation engine and the web pages send many small queries).
    """

    def __init__(
        self,
        *,
        username: str | None = None,
        password: str | None = None,
        token: str | None = None,
        verify_tls: bool | str = True,
        timeout: float = 60.0,
        retry: RetryPolicy | None = None,
    ) -> None:
        if token and (username or password):
            raise UsageError("give either a bearer token or a username and password, not both")
        if password and not username:
            raise UsageError("a password was given without a username (TOMGRAPH_USERNAME)")
        self.session = requests.Session()
        self.session.headers["User-Agent"] = f"tomgraph/{__version__}"
        self.session.verify = verify_tls
        auth: AuthBase | None = None
        if token:
            auth = BearerAuth(token)
        elif username:
            auth = HTTPBasicAuth(username, password or "")
        self.session.auth = auth
        self.has_credentials = auth is not None
        self.timeout = timeout
        self.retry = retry or RetryPolicy()
        self.server: str | None = None
        """The ``Server`` header of the last answer: lets the store use a server's fast paths."""

    def close(self) -> None:
        self.session.close()

    def request(
        self,
        method: str,
        url: str,
        *,
        what: str,
        params: Mapping[str, str | list[str]] | None = None,
        body: Body = None,
        headers: Mapping[str, str] | None = None,
        stream: bool = False,
        resend_safe: bool = True,
        absent_ok: bool = False,
    ) -> requests.Response:
        """Send one request, retrying connection failures and 5xx answers with backoff.

        ``what`` names the operation in error messages (``query``, ``update``, ``load``...).
        ``resend_safe=False`` (updates) stops a retry when the request may have reached the
        server before the connection broke; a refused connection is always safe to retry.
        ``absent_ok`` returns a 404 to the caller (a graph store's "no such graph").
        """
        last: Exception | None = None
        tried = 0
        asked = 0.0  # a server's Retry-After, honoured up to the policy's longest wait
        for attempt in range(self.retry.attempts):
            tried = attempt + 1
            if attempt:
                time.sleep(max(self.retry.wait(attempt - 1), asked))
            asked = 0.0
            try:
                response = self._send(method, url, params, body, headers, stream)
            except requests.exceptions.ConnectTimeout as exc:
                last = exc
                continue
            except requests.exceptions.Timeout as exc:
                raise QueryTimeout(
                    f"{_safe(url)}: no answer to the {what} within {self.timeout:g} s "
                    "(raise the timeout, or simplify the request)"
                ) from exc
            except requests.exceptions.SSLError as exc:
                raise StoreError(
                    f"{_safe(url)}: TLS certificate check failed ({_reason(exc)}); point "
                    "REQUESTS_CA_BUNDLE at your CA bundle, or set TOMGRAPH_VERIFY_TLS=0 to test"
                ) from exc
            except requests.exceptions.ConnectionError as exc:
                last = exc
                if resend_safe or _refused(exc):
                    continue
                break
            except requests.exceptions.RequestException as exc:
                raise StoreError(f"{_safe(url)}: {what} failed: {_reason(exc)}") from exc
            self.server = response.headers.get("Server", self.server)
            if response.status_code in RETRY_STATUSES and attempt + 1 < self.retry.attempts:
                asked = _retry_after(response, self.retry.max_backoff)
                response.close()
                continue
            if response.status_code >= 400 and not (absent_ok and response.status_code == 404):
                try:
                    raise_for_status(response, url, what, attempts=attempt + 1,
                                     credentials=self.has_credentials)
                finally:
                    response.close()
            return response
        assert last is not None
        raise _connection_error(url, what, last, tried)

    def _send(
        self,
        method: str,
        url: str,
        params: Mapping[str, str | list[str]] | None,
        body: Body,
        headers: Mapping[str, str] | None,
        stream: bool,
    ) -> requests.Response:
        timeout = (min(10.0, self.timeout), self.timeout)
        if isinstance(body, Path):
            # Reopened on every attempt, so that a retry sends the file from its start.
            with open(body, "rb") as fh:
                return self.session.request(
                    method, url, params=params, data=fh, headers=headers, timeout=timeout,
                    stream=stream,
                )
        return self.session.request(
            method, url, params=params, data=body, headers=headers, timeout=timeout,
            stream=stream,
        )


def raise_for_status(
    response: requests.Response, url: str, what: str, *, attempts: int = 1,
    credentials: bool = False,
) -> None:
    """Turn an HTTP failure into an error a person can act on, naming ``url``."""
    status = response.status_code
    detail = _detail(response)
    where = _safe(url)
    if status == 400 and what in ("query", "update"):
        # The server's own words only: a web front end shows them without the internal URL.
        raise QuerySyntaxError(detail, source=f"{where} rejected the {what}")
    if status == 401:
        hint = (
            "the server refused the credentials given"
            if credentials
            else "the server wants credentials: set TOMGRAPH_USERNAME and TOMGRAPH_PASSWORD, "
            "or TOMGRAPH_TOKEN"
        )
        raise StoreError(f"{where}: 401 Unauthorized: {hint}")
    if status == 403:
        raise StoreError(
            f"{where}: 403 Forbidden: these credentials may not run this {what}"
            + (" (writes need an account with write access)" if what != "query" else "")
        )
    if status == 404:
        raise StoreError(
            f"{where}: 404 Not Found: there is no SPARQL service at this URL; check the "
            "endpoint path (docs/remote.md lists each server's)"
        )
    if status in (405, 406, 415):
        raise StoreError(
            f"{where}: {status} {response.reason}: this endpoint does not accept a {what} as "
            f"sent (is it the query, update or graph store URL?): {detail}"
        )
    if status >= 500:
        tries = f" after {attempts} attempts" if attempts > 1 else ""
        raise StoreUnavailable(
            f"{where}: the server failed ({status} {response.reason}){tries}: {detail}"
        )
    raise StoreError(f"{where}: {what} failed ({status} {response.reason}): {detail}")


def _connection_error(url: str, what: str, exc: Exception, attempts: int) -> StoreUnavailable:
    reason = (
        "connection refused (is the server running, on this port?)"
        if _refused(exc)
        else _reason(exc)
    )
    tries = f" (tried {attempts} times)" if attempts > 1 else ""
    return StoreUnavailable(
        f"{_safe(url)}: cannot reach the server for the {what}: {reason}{tries}"
    )


def _retry_after(response: requests.Response, ceiling: float) -> float:
    """Seconds a 503's ``Retry-After`` asks for (numeric form only), at most ``ceiling``."""
    try:
        return min(ceiling, max(0.0, float(response.headers.get("Retry-After", 0))))
    except ValueError:
        return 0.0


def _refused(exc: Exception) -> bool:
    text = repr(exc)
    return "refused" in text.lower() or "Errno 111" in text


def _reason(exc: Exception) -> str:
    """The innermost meaningful message of a requests/urllib3 exception chain."""
    text = str(exc.args[0]) if exc.args else str(exc)
    if "Caused by " in text:
        text = text.split("Caused by ", 1)[1].strip("()")
    return text[:300]


def _detail(response: requests.Response) -> str:
    """The first lines of an error body: servers put the parser message there."""
    try:
        text = response.text.strip()
    except (requests.RequestException, UnicodeDecodeError):
        return response.reason or ""
    if text.lstrip().startswith("<"):  # an HTML error page: its text is noise
        return response.reason or ""
    return " ".join(text.split())[:500] or (response.reason or "")


def _safe(url: str) -> str:
    """``url`` without any ``user:password@`` part, fit for messages and logs."""
    parts = urlsplit(url)
    if parts.username or parts.password:
        netloc = parts.hostname or ""
        if parts.port:
            netloc += f":{parts.port}"
        parts = parts._replace(netloc=netloc)
    return urlunsplit(parts)


def stream_to(response: requests.Response, sink: Callable[[bytes], Any], url: str) -> None:
    """Copy a streamed body to ``sink`` chunk by chunk, mapping mid-stream failures."""
    try:
        for chunk in response.iter_content(chunk_size=1 << 20):
            if chunk:
                sink(chunk)
    except requests.RequestException as exc:
        raise StoreError(f"{_safe(url)}: the transfer broke off: {_reason(exc)}") from exc
    finally:
        response.close()


class ResponseReader:
    """A binary reader over a streamed response, for parsers that pull bytes (pyoxigraph)."""

    def __init__(self, response: requests.Response) -> None:
        self._raw = response.raw
        self._response = response

    def read(self, size: int = -1) -> bytes:
        data: bytes = self._raw.read(None if size < 0 else size, decode_content=True)
        return data

    def readable(self) -> bool:
        return True

    def close(self) -> None:
        self._response.close()

"""Rendered pages kept in memory, so a repeated read costs a dict lookup, not a page.

A cached query result still leaves a page to label its terms and render its template, and
Flask's request machinery around it costs more than Oxigraph's own server takes to answer the
query. So a page rendered once is kept, keyed on what it depends on: the path and query
string, the request headers pages vary on, and the store's version (plus the TTL window for a
remote store, as in :func:`tomgraph.web.caching.current_tag`). A WSGI layer in front of Flask
answers the next identical request from memory (``304`` when the client already holds it),
until a write through tomgraph moves the version (under ``tomgraph serve``, even before a task
thread takes the request: :mod:`tomgraph.web.server_hits`).

Kept only where that is certainly safe: anonymous GETs (no cookie, no ``Authorization``) of
the read-only page blueprints, in an app that does not require sign-in, for responses that
set no cookie (nor start a session). Requests answered from memory
are counted in the metrics and logged like any other, under the route that rendered them
(:func:`tomgraph.web.ops.observe_kept_page`). Bounded in bytes (``PAGE_CACHE_BYTES``; 0 turns it
off), least recently used dropped first.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable
from typing import Any

from flask import Flask, Response, request, session
from werkzeug.http import parse_etags

from .ops import UNMATCHED, observe_kept_page
from .ops.access_log import REQUEST_ID_HEADER

_KEY = "tomgraph.page_cache"
_DROPPED_HEADERS = frozenset(("content-length", "x-request-id", "set-cookie"))
"""Headers recomputed for every response (or, for cookies, never kept)."""
_VARY_ENVIRON = ("HTTP_ACCEPT", "HTTP_ACCEPT_LANGUAGE")
"""The request headers pages vary on (besides the cookie, which is never present here)."""

Entry = tuple[str, list[tuple[str, str]], bytes, str | None, str]
"""Status line, headers, body, ETag (unquoted), the route that rendered it (for metrics)."""
Key = tuple[Any, ...]
StartResponse = Callable[..., Any]


class PageCache:
    """Least-recently-used rendered responses, bounded by their total bytes."""

    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max_bytes
        self._entries: OrderedDict[Key, Entry] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()
        self.hits = 0

    def __len__(self) -> int:
        return len(self._entries)

    @property
    def size(self) -> int:
        """Bytes of page bodies held."""
        return self._bytes

    def get(self, key: Key) -> Entry | None:
        with self._lock:
            entry = self._entries.get(key)
            if entry is not None:
                self._entries.move_to_end(key)
                self.hits += 1
            return entry

    def put(self, key: Key, entry: Entry) -> None:
        size = len(entry[2])
        if size > self.max_bytes // 8:
            return  # one huge page must not push out everything else
        with self._lock:
            if key in self._entries:
                return
            self._entries[key] = entry
            self._bytes += size
            while self._bytes > self.max_bytes and self._entries:
                body = self._entries.popitem(last=False)[1][2]
                self._bytes -= len(body)


def page_cache(app: Flask) -> PageCache | None:
    """The app's page cache, made on first use; ``None`` when ``PAGE_CACHE_BYTES`` is 0."""
    cache: PageCache | None = app.extensions.get(_KEY)
    if cache is None:
        limit = int(app.config.get("PAGE_CACHE_BYTES", 32 * 1024 * 1024) or 0)
        if limit <= 0:
            return None
        cache = app.extensions.setdefault(_KEY, PageCache(limit))
    return cache


def install(app: Flask) -> None:
    """Put the page cache's WSGI layer in front of ``app`` (once)."""
    if app.extensions.get(_KEY + ".installed"):
        return
    app.extensions[_KEY + ".installed"] = True
    app.wsgi_app = _FastPath(app, app.wsgi_app)  # type: ignore[method-assign]


def _anyone_may_read(app: Flask) -> bool:
    value = str(app.config.get("REQUIRE_LOGIN") or "").lower()
    return value in ("", "0", "false", "no", "none")


def _key(app: Flask, environ: dict[str, Any]) -> Key | None:
    """What a page depends on, or ``None`` when this request must not use the cache."""
    if (environ.get("REQUEST_METHOD") != "GET" or "HTTP_COOKIE" in environ
            or "HTTP_AUTHORIZATION" in environ):
        return None
    store = app.extensions["tomgraph"]
    window = None
    if store.remote:
        ttl = app.config.get("ETAG_REMOTE_TTL") or app.config.get("CACHE_TTL")
        if not ttl:
            return None  # others may write it: no reuse without a TTL
        window = int(time.time() // float(ttl))
    return (environ.get("PATH_INFO", ""), environ.get("QUERY_STRING", ""),
            *(environ.get(h, "") for h in _VARY_ENVIRON), store.version, window)


Answer = tuple[str, list[tuple[str, str]], bytes]
"""Status line, headers (``Content-Length`` included but on a 304), body: ready to send."""


def answer(app: Flask, environ: dict[str, Any]) -> Answer | None:
    """The response to a request for a page rendered before, or ``None`` to render it.

    ``environ`` needs only the CGI names the key reads (method, path, query string and the
    ``HTTP_*`` request headers), so a server can ask before it builds a WSGI environment.
    """
    started = time.perf_counter()
    cache = app.extensions.get(_KEY)
    if cache is None:
        return None
    key = _key(app, environ)
    entry = cache.get(key) if key is not None else None
    if entry is None:
        return None
    status, headers, body, tag, route = entry
    wanted = environ.get("HTTP_IF_NONE_MATCH")
    if tag is not None and wanted and parse_etags(wanted).contains(tag):
        status, headers, body = "304 NOT MODIFIED", [("ETag", f'"{tag}"')], b""
    else:
        headers = [*headers, ("Content-Length", str(len(body)))]
    rid = observe_kept_page(app, environ, route=route, status=int(status[:3]), size=len(body),
                            seconds=time.perf_counter() - started)
    return status, [*headers, (REQUEST_ID_HEADER, rid)], body


class _FastPath:
    """Answers a request for a page rendered before, without entering Flask."""

    def __init__(self, app: Flask, inner: Callable[..., Iterable[bytes]]) -> None:
        self.app = app
        self.inner = inner

    def __call__(self, environ: dict[str, Any], start_response: StartResponse
                 ) -> Iterable[bytes]:
        hit = answer(self.app, environ)
        if hit is None:
            return self.inner(environ, start_response)
        status, headers, body = hit
        start_response(status, headers)
        return [body]


def request_key(app: Flask) -> Key | None:
    """This request's key, taken when it starts: a write while the page renders must not
    file the page under the version after the write."""
    return _key(app, request.environ)


def keep_response(app: Flask, key: Key | None, tag: str, response: Response) -> None:
    """Remember ``response`` if it is a complete anonymous page that sets no cookie."""
    cache = page_cache(app)
    if (cache is None or response.status_code != 200 or response.is_streamed
            or response.direct_passthrough or "Set-Cookie" in response.headers
            or session.modified or not _anyone_may_read(app)):
        return
    blueprint = request.blueprint or ""
    if blueprint != "pages" and not blueprint.startswith("pages."):
        return
    if key is None:
        return
    headers = [(k, v) for k, v in response.headers.items() if k.lower() not in _DROPPED_HEADERS]
    route = request.url_rule.rule if request.url_rule is not None else UNMATCHED
    cache.put(key, (response.status, headers, response.get_data(), tag, route))

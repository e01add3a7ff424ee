"""Small real HTTP servers that stand in front of Oxigraph to play a misbehaving network.

:class:`Gateway` forwards every request to a live ``oxigraph serve`` and records what it
received (so tests can see the Authorization header actually sent). Rules make it refuse
credentials, fail some requests with a status, or stall, as a proxy, a load balancer or an
overloaded server would.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import requests
from werkzeug.serving import BaseWSGIServer, make_server
from werkzeug.wrappers import Request, Response

from tomgraph.store.remote_http import RetryPolicy

FAST_RETRY = RetryPolicy(attempts=3, backoff=0.01, max_backoff=0.05)
"""Retries that do not slow the suite down."""

HOP_BY_HOP = {"connection", "transfer-encoding", "content-encoding", "content-length",
              "keep-alive"}


@dataclass
class Seen:
    """One request as the gateway received it."""

    method: str
    path: str
    query: str
    headers: dict[str, str]


@dataclass
class Gateway:
    """A forwarding proxy to ``upstream`` with scriptable faults."""

    upstream: str
    require_authorization: str | None = None
    """The exact ``Authorization`` header to demand (401 without it, 403 if it differs)."""
    fail: Callable[[Request], int | None] | None = None
    """Decides, per request, a status to answer instead of forwarding (``None``: forward)."""
    delay: float = 0.0
    seen: list[Seen] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._server: BaseWSGIServer | None = None
        self._thread: threading.Thread | None = None
        self._upstream = requests.Session()

    @property
    def url(self) -> str:
        assert self._server is not None
        return f"http://127.0.0.1:{self._server.server_port}"

    def __enter__(self) -> Gateway:
        self._server = make_server("127.0.0.1", 0, self._app, threaded=True)
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        assert self._server is not None and self._thread is not None
        self._server.shutdown()
        self._server.server_close()
        self._thread.join()
        self._upstream.close()

    def _app(self, environ: dict, start_response: Callable) -> object:
        request = Request(environ)
        self.seen.append(
            Seen(request.method, request.path, request.query_string.decode(),
                 dict(request.headers))
        )
        return self._answer(request)(environ, start_response)

    def _answer(self, request: Request) -> Response:
        if self.delay:
            time.sleep(self.delay)
        if self.require_authorization is not None:
            given = request.headers.get("Authorization")
            if given is None:
                return Response("credentials required", 401,
                                {"WWW-Authenticate": 'Basic realm="tomgraph"'})
            if given != self.require_authorization:
                return Response("not allowed", 403)
        if self.fail is not None:
            status = self.fail(request)
            if status is not None:
                return Response(f"injected failure {status}", status)
        headers = {k: v for k, v in request.headers.items()
                   if k.lower() not in ("host", "authorization", "content-length")}
        answer = self._upstream.request(
            request.method, self.upstream + request.path, params=request.query_string,
            data=request.get_data(), headers=headers, timeout=30,
        )
        kept = {k: v for k, v in answer.headers.items() if k.lower() not in HOP_BY_HOP}
        return Response(answer.content, answer.status_code, kept)


def count_calls(statuses: list[int], match: Callable[[Request], bool]) -> Callable:
    """A ``fail`` rule answering ``statuses`` in turn to matching requests, then forwarding."""
    queue = list(statuses)

    def rule(request: Request) -> int | None:
        if match(request) and queue:
            return queue.pop(0)
        return None

    return rule

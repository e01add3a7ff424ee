"""Running it: health checks, Prometheus metrics, access log and the ``/sparql`` rate limit.

Registering ``bp`` (as ``create_app`` does) installs app-wide before/after-request hooks:
every request gets an id (``X-Request-ID``, echoed in the response), is counted and timed
by route, and is logged as one JSON line. Routes: ``/healthz`` (the process answers; no
store access), ``/readyz`` (the store answers a trivial query within ``READY_TIMEOUT``,
503 otherwise) and ``/metrics`` (text exposition format). Settings: see ``DEFAULTS`` in
``tomgraph.web.app`` and docs/operations.md.
"""

from __future__ import annotations

import math
import time
from pathlib import Path
from typing import Any

from flask import Blueprint, Flask, Response, current_app, g, request
from flask.blueprints import BlueprintSetupState
from werkzeug.middleware.proxy_fix import ProxyFix

from ..security import bearer_token_matches
from .access_log import (
    REQUEST_ID_HEADER,
    access_logger,
    emit,
    record,
    record_of_environ,
    request_id,
)
from .health import Readiness
from .metrics import CONTENT_TYPE, Metrics
from .rate_limit import RateLimiter

bp = Blueprint("ops", __name__)
_KEY = "tomgraph.ops"
LIMITED_ENDPOINTS = {"endpoint.sparql"}
"""Flask endpoint names the ``/sparql`` rate limit applies to."""
UNMATCHED = "(unmatched)"


class Ops:
    """The ops state of one app (kept in ``app.extensions``, never global)."""

    def __init__(self, app: Flask) -> None:
        config = app.config
        self.metrics = Metrics()
        self.readiness = Readiness(app.extensions["tomgraph"], float(config["READY_TIMEOUT"]))
        per_minute = float(config.get("RATE_LIMIT_SPARQL") or 0)
        burst = int(config.get("RATE_LIMIT_BURST") or 0) or None
        self.limiter = RateLimiter(per_minute, burst) if per_minute > 0 else None
        self.log = access_logger() if config.get("ACCESS_LOG") else None
        self.max_query = int(config.get("ACCESS_LOG_MAX_QUERY") or 0)
        self.store_size = _StoreSize(app, float(config.get("METRICS_STORE_SIZE_EVERY") or 60))
        _register_gauges(app, self)


@bp.record_once
def _install(state: BlueprintSetupState) -> None:
    app: Flask = state.app  # type: ignore[assignment]
    app.extensions[_KEY] = Ops(app)
    proxies = int(app.config.get("PROXY_COUNT") or 0)
    if proxies > 0:
        # Behind N trusted reverse proxies: the client address, scheme and host they saw.
        app.wsgi_app = ProxyFix(  # type: ignore[method-assign]
            app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies, x_port=proxies
        )
    app.before_request(_before)
    app.after_request(_after)


def _ops() -> Ops:
    ops: Ops = current_app.extensions[_KEY]
    return ops


def _route() -> str:
    rule = request.url_rule
    return rule.rule if rule is not None else UNMATCHED


def _before() -> Response | None:
    g.ops_start = time.perf_counter()
    g.request_id = request_id(request.headers.get(REQUEST_ID_HEADER))
    ops = _ops()
    if ops.limiter is not None and request.endpoint in LIMITED_ENDPOINTS:
        wait = ops.limiter.take(request.remote_addr or "unknown")
        if wait > 0:
            ops.metrics.rate_limited()
            return Response(
                "Too many queries from your address; slow down and try again.\n",
                status=429,
                headers={"Retry-After": str(max(1, math.ceil(wait)))},
                content_type="text/plain; charset=utf-8",
            )
    return None


def _after(response: Response) -> Response:
    start = g.get("ops_start")
    rid = g.get("request_id") or request_id(None)
    response.headers[REQUEST_ID_HEADER] = rid
    if start is None:
        return response
    seconds = time.perf_counter() - start
    ops = _ops()
    route = _route()
    ops.metrics.observe(route, request.method, response.status_code, seconds)
    if ops.log is not None:
        size = None if response.is_streamed else response.calculate_content_length()
        emit(ops.log, record(request, rid=rid, route=route, status=response.status_code,
                             seconds=seconds, size=size, max_query=ops.max_query))
    return response


def observe_kept_page(app: Flask, environ: dict[str, Any], *, route: str, status: int,
                      size: int, seconds: float) -> str:
    """Count and log a request answered from the page cache, before Flask saw it, as the
    hooks above do for every other request; returns the request's id for its response."""
    rid = request_id(environ.get("HTTP_X_REQUEST_ID"))
    ops: Ops | None = app.extensions.get(_KEY)
    if ops is None:
        return rid
    ops.metrics.observe(route, environ.get("REQUEST_METHOD", "GET"), status, seconds)
    if ops.log is not None:
        emit(ops.log, record_of_environ(environ, client=_client(app, environ), rid=rid,
                                        route=route, status=status, seconds=seconds,
                                        size=size, max_query=ops.max_query))
    return rid


def _client(app: Flask, environ: dict[str, Any]) -> str | None:
    """The client's address as ProxyFix gives it to Flask: behind N trusted proxies, the
    N-th address from the right of ``X-Forwarded-For``."""
    proxies = int(app.config.get("PROXY_COUNT") or 0)
    if proxies > 0 and "werkzeug.proxy_fix.orig" not in environ:
        forwarded = [a.strip() for a in environ.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        if len(forwarded) >= proxies and forwarded[-proxies]:
            return forwarded[-proxies]
    address: str | None = environ.get("REMOTE_ADDR")
    return address


@bp.route("/healthz")
def healthz() -> Response:
    """The process is up and answering HTTP; never touches the store."""
    return _plain("ok\n", 200)


@bp.route("/readyz")
def readyz() -> Response:
    """The store answers a trivial query in time: 200, else 503 (take it out of rotation)."""
    problem = _ops().readiness.check()
    if problem:
        return _plain(f"not ready: {problem}\n", 503, {"Retry-After": "5"})
    return _plain("ready\n", 200)


@bp.route("/metrics")
def metrics() -> Response:
    """Prometheus metrics; behind ``METRICS_TOKEN`` (a bearer token) when one is set."""
    token = current_app.config.get("METRICS_TOKEN")
    if token and not bearer_token_matches(str(token), request.headers.get("Authorization")):
        return _plain("Metrics need 'Authorization: Bearer <token>'.\n", 401,
                      {"WWW-Authenticate": 'Bearer realm="tomgraph-metrics"'})
    response = Response(_ops().metrics.render(), status=200, content_type=CONTENT_TYPE)
    response.headers["Cache-Control"] = "no-store"
    return response


def _plain(text: str, status: int, headers: dict[str, str] | None = None) -> Response:
    response = Response(text, status=status, headers=headers,
                        content_type="text/plain; charset=utf-8")
    response.headers["Cache-Control"] = "no-store"
    return response


def _directory_bytes(location: Path) -> float | None:
    """Bytes of the files under ``location``.

    The store's engine deletes and renames files as it compacts (and a load swaps whole
    directories), so a file listed may be gone when it is measured: such files count as
    nothing, and a walk that loses its directory is tried once more.
    """
    for _ in range(2):
        total = 0
        try:
            for entry in location.rglob("*"):
                try:
                    if entry.is_file():
                        total += entry.stat().st_size
                except OSError:
                    continue
        except OSError:
            continue
        return float(total)
    return None


class _StoreSize:
    """Quads in the store and bytes on disk, counted at most every ``every`` seconds.

    Counting a large on-disk store walks it all, far too slow to do on every scrape.
    """

    def __init__(self, app: Flask, every: float) -> None:
        self.store = app.extensions["tomgraph"]
        self.every = every
        self._at = -math.inf
        self._quads: float | None = None
        self._bytes: float | None = None

    def _refresh(self) -> None:
        now = time.monotonic()
        if now - self._at < self.every:
            return
        self._at = now
        try:
            self._quads = float(self.store.count())
        except Exception:  # noqa: BLE001 - a store that fails to count has no size gauge
            self._quads = None
        location = Path(self.store.location) if self.store.persistent else None
        if location is not None and not self.store.remote and location.is_dir():
            self._bytes = _directory_bytes(location)

    def quads(self) -> float | None:
        self._refresh()
        return self._quads

    def bytes(self) -> float | None:
        self._refresh()
        return self._bytes


def _register_gauges(app: Flask, ops: Ops) -> None:
    from ..endpoint.state import endpoint_state

    def endpoint_value(name: str) -> Any:
        return lambda: getattr(endpoint_state(app), name)

    ops.metrics.counter("tomgraph_query_timeouts_total",
                        "Queries stopped with 503 because they overran the timeout.",
                        endpoint_value("timeouts"))
    ops.metrics.counter("tomgraph_query_worker_restarts_total",
                        "Query worker processes replaced (killed after a timeout, or died).",
                        endpoint_value("worker_restarts"))
    ops.metrics.gauge("tomgraph_store_quads", "Quads in the store (recounted every minute).",
                      ops.store_size.quads)
    ops.metrics.gauge("tomgraph_store_bytes", "Bytes the embedded store takes on disk.",
                      ops.store_size.bytes)

"""The Flask application factory.

Configuration flows defaults → the ``config`` mapping → ``TOMGRAPH_*`` environment variables.
The store is built here and kept in ``app.extensions["tomgraph"]``: never a module global, so
two apps (or two tests) never share a graph by accident.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from flask import Blueprint, Flask, Response, current_app

from ..errors import StoreError
from ..store import EmbeddedStore, Store, StoreConfig, load_bundled, open_store
from .current import get_store

__all__ = ["DEFAULTS", "blueprints", "create_app", "get_store"]

DEFAULTS: dict[str, Any] = {
    "STORE_PATH": None,  # directory of an embedded store; None → the bundled example
    "STORE_FILES": [],  # RDF files loaded into a fresh in-memory store instead
    "ENDPOINT": None,  # remote SPARQL endpoint
    "UPDATE_ENDPOINT": None,
    "GSP_ENDPOINT": None,
    "ALLOW_UPDATES": False,
    "UPDATE_TOKEN": None,
    "QUERY_TIMEOUT": 30.0,  # seconds
    "MAX_RESULT_ROWS": 100_000,
    "MAX_CONTENT_LENGTH": 10 * 1024 * 1024,  # bytes (Flask answers 413 above it)
    "INCLUDE_INFERRED": True,
    "REASON_ON_START": False,  # run the OWL reasoner over the store before serving
    "ETAG_REMOTE_TTL": None,  # seconds a remote store's ETag stays valid; None: no ETags
    "QUERY_CACHE_ROWS": 200_000,  # rows of query results kept in memory; 0: no cache
    "PAGE_CACHE_BYTES": 32 * 1024 * 1024,  # rendered pages kept for repeated reads; 0: none
    "CACHE_TTL": None,  # seconds a remote store's results (and ETags) are reused; None: not
    "SECRET_KEY": None,
    # Running it (tomgraph.web.ops; docs/operations.md)
    "READY_TIMEOUT": 2.0,  # seconds /readyz waits for the store's trivial query
    "ACCESS_LOG": True,  # one JSON line per request on the tomgraph.access logger
    "ACCESS_LOG_MAX_QUERY": 200,  # characters of SPARQL text logged (0: none)
    "RATE_LIMIT_SPARQL": 0,  # /sparql requests a minute per client (0: no limit)
    "RATE_LIMIT_BURST": 0,  # requests a client may send at once (0: a tenth of a minute's)
    "METRICS_TOKEN": None,  # bearer token /metrics requires (None: open)
    "METRICS_STORE_SIZE_EVERY": 60.0,  # seconds between recounts of the store's size
    "PROXY_COUNT": 0,  # trusted reverse proxies in front (X-Forwarded-* they set is used)
}

def create_app(config: Mapping[str, Any] | None = None, *, store: Store | None = None) -> Flask:
    """Build the app. ``store`` injects a ready store (tests); otherwise config names one."""
    app = Flask(__name__)
    app.config.from_mapping(DEFAULTS)
    if config:
        app.config.from_mapping(config)
    app.config.from_prefixed_env("TOMGRAPH")
    if not app.config["SECRET_KEY"]:
        app.config["SECRET_KEY"] = os.urandom(32)
    app.extensions["tomgraph"] = store if store is not None else _store_from_config(app.config)
    app.extensions["tomgraph.owns_store"] = store is None
    _keep_results(app.config, app.extensions["tomgraph"])
    if app.config["REASON_ON_START"]:
        _reason(app)
    app.register_error_handler(StoreError, _store_failed)
    for blueprint in blueprints():
        app.register_blueprint(blueprint)
    return app


def blueprints() -> list[Blueprint]:
    """Every area's blueprint, imported by name: a missing one fails here, loudly.

    Imported when an app is built rather than with this module, so that importing the factory
    stays cheap for the command line.
    """
    from . import auth, caching, editing, endpoint, ops, pages
    from .pages import views

    return [
        caching.bp,
        endpoint.bp,
        pages.bp,
        views.bp,
        ops.bp,
        auth.bp,  # sign-in and roles (docs/security.md)
        editing.bp,  # forms from the shapes, history, revert (docs/editing.md)
    ]


def _keep_results(config: Mapping[str, Any], store: Store) -> None:
    """Give the store a result cache: always for a store only tomgraph writes, and for a
    remote one (which others may write) only when ``CACHE_TTL`` bounds how stale it may be."""
    rows, ttl = config["QUERY_CACHE_ROWS"], config["CACHE_TTL"]
    if not rows or (store.remote and not ttl):
        return
    from ..store.cache import QueryCache

    store.query_cache = QueryCache(max_rows=rows, ttl=float(ttl) if store.remote else None)


def _reason(app: Flask) -> None:
    """Reason before serving; a failure is logged and the app serves the asserted facts."""
    from ..errors import ReasonerError
    from ..reasoning import reason

    try:
        report = reason(app.extensions["tomgraph"])
    except ReasonerError as exc:
        app.logger.warning("reasoning skipped: %s", exc)
        return
    app.logger.info(
        "reasoning: %s, %d inferred triples",
        "consistent" if report.consistent else "INCONSISTENT",
        report.inferred_triples,
    )


def _store_failed(exc: StoreError) -> Response:
    """A page whose store failed (a remote store down): 503, and the app keeps serving.

    The detail (it names the internal endpoint) goes to the log, not to the visitor.
    """
    current_app.logger.warning("store unavailable: %s", exc)
    return Response(
        "The graph store is not answering right now; try again in a moment.\n",
        status=503,
        headers={"Retry-After": "5"},
        content_type="text/plain; charset=utf-8",
    )


def _store_from_config(config: Mapping[str, Any]) -> Store:
    files = [Path(f) for f in config.get("STORE_FILES") or []]
    path = Path(config["STORE_PATH"]) if config.get("STORE_PATH") else None
    if files and path is None and not config.get("ENDPOINT"):
        # Files given without a store: the ontology and shapes plus those files, in memory.
        store: Store = EmbeddedStore()
        load_bundled(store, model=False)
    else:
        store = open_store(
            StoreConfig(
                path=path,
                endpoint=config.get("ENDPOINT"),
                update_endpoint=config.get("UPDATE_ENDPOINT"),
                gsp_endpoint=config.get("GSP_ENDPOINT"),
                **_remote_options(config),
            )
        )
    if files:
        store.load_files(files)
    return store


def _remote_options(config: Mapping[str, Any]) -> dict[str, Any]:
    """Credentials, TLS and timeout for a remote store (TOMGRAPH_USERNAME, ..., as the CLI).

    ``from_prefixed_env`` parses values as JSON, so a numeric password arrives as a number.
    A remote query is bounded by the HTTP timeout, so QUERY_TIMEOUT becomes that timeout.
    """
    def text(key: str) -> str | None:
        value = config.get(key)
        return None if value is None else str(value)

    verify = config.get("VERIFY_TLS", True)
    return {
        "username": text("USERNAME"),
        "password": text("PASSWORD"),
        "token": text("TOKEN"),
        "verify_tls": str(verify).lower() not in ("0", "false", "no"),
        "timeout": float(config.get("QUERY_TIMEOUT") or 60.0),
    }

"""Conditional reads: every page, named query and ``/sparql`` GET carries an ETag made from the
store's version, and a request whose ``If-None-Match`` still matches gets ``304 Not Modified``
before any query runs; a page already rendered for that tag is answered from memory
(:mod:`tomgraph.web.page_cache`).

The version moves with every write through tomgraph (:attr:`tomgraph.store.Store.version`),
so a repeated read costs nothing until the data changes. A remote service may be written by
others, whose writes tomgraph cannot see: there the tag also carries a time window of
``ETAG_REMOTE_TTL`` seconds (by default ``CACHE_TTL``, the result cache's), and with no TTL
configured (the default) remote stores get no tag.
"""

from __future__ import annotations

import hashlib
import secrets
import time

from flask import Blueprint, Response, current_app, g, request
from flask.blueprints import BlueprintSetupState

from .current import get_store
from .page_cache import install, keep_response, request_key

bp = Blueprint("caching", __name__)

_INSTANCE = secrets.token_hex(4)
"""Versions restart at 0 with the process: this keeps a tag from an earlier run from matching."""

_VARY = ("Accept", "Accept-Language", "Cookie")
"""Request headers a response may depend on (content negotiation, the session)."""


def current_tag() -> str | None:
    """The ETag (unquoted) of a GET to this URL as the store is now, or ``None`` for no tag."""
    if request.method not in ("GET", "HEAD") or request.path.startswith("/static/"):
        return None
    if (request.blueprint or "").startswith("ops"):
        return None  # health and metrics describe the process now, never a cached version
    store = get_store()
    window = ""
    if store.remote:
        ttl = current_app.config.get("ETAG_REMOTE_TTL") or current_app.config.get("CACHE_TTL")
        if not ttl:
            return None
        window = str(int(time.time() // float(ttl)))
    key = "\0".join(
        [request.full_path, *(request.headers.get(h, "") for h in _VARY), window]
    )
    digest = hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]
    return f"{_INSTANCE}-{store.version}-{digest}"


@bp.record_once
def _install(state: BlueprintSetupState) -> None:
    install(state.app)  # type: ignore[arg-type]


@bp.before_app_request
def answer_not_modified() -> Response | None:
    """304 straight away when the client already holds this version of the response."""
    tag = current_tag()
    g.tomgraph_etag = tag
    if tag is not None and request.if_none_match.contains(tag):
        response = Response(status=304)
        response.set_etag(tag)
        return response
    g.tomgraph_page_key = request_key(current_app) if tag is not None else None
    return None


@bp.after_app_request
def add_etag(response: Response) -> Response:
    """Tag successful reads, so that the next request can ask "changed since?"."""
    tag = g.get("tomgraph_etag")
    if (tag is not None and response.status_code == 200 and "ETag" not in response.headers
            and "no-store" not in response.headers.get("Cache-Control", "")):
        response.set_etag(tag)
        response.headers["Cache-Control"] = "no-cache"  # revalidate every time, cheaply
        response.vary.update(_VARY)
        keep_response(current_app, g.get("tomgraph_page_key"), tag, response)
    return response

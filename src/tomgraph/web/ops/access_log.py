"""One JSON line per request, with a request id, and nothing secret in it.

Never logged: the ``Authorization`` and ``Cookie`` headers, any query-string parameter whose
name suggests a secret (token, password, key, ...), and form bodies. SPARQL text (the
``query``/``update`` parameters) is cut to ``ACCESS_LOG_MAX_QUERY`` characters (0: left out),
because a query can quote the data it looks for.
"""

from __future__ import annotations

import json
import logging
import re
import sys
import uuid
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any
from urllib.parse import parse_qsl

from flask import Request

LOGGER_NAME = "tomgraph.access"
REQUEST_ID_HEADER = "X-Request-ID"
SECRET_NAMES = re.compile(r"token|passw|secret|key|auth|session|cookie|credential", re.I)
SPARQL_NAMES = {"query", "update"}
REDACTED = "[redacted]"
_SAFE_ID = re.compile(r"[A-Za-z0-9._-]{1,64}")
_MAX_FIELD = 256


def request_id(incoming: str | None) -> str:
    """The id a proxy already gave this request (if it is safe to echo), or a new one."""
    if incoming and _SAFE_ID.fullmatch(incoming):
        return incoming
    return uuid.uuid4().hex


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[:limit] + "…"


def safe_params(request: Request, max_query: int) -> dict[str, str]:
    """The query-string parameters fit for a log: secrets redacted, SPARQL cut short."""
    return _safe_pairs(request.args.items(multi=False), max_query)


def _safe_pairs(pairs: Iterable[tuple[str, str]], max_query: int) -> dict[str, str]:
    params: dict[str, str] = {}
    for name, value in pairs:
        if name in params:
            continue  # the first value of a repeated parameter, as Flask's ``args`` gives
        name = _cut(name, 64)
        if SECRET_NAMES.search(name):
            params[name] = REDACTED
        elif name in SPARQL_NAMES:
            if max_query > 0:
                params[name] = _cut(value, max_query)
        else:
            params[name] = _cut(value, _MAX_FIELD)
    return params


def record(
    request: Request, *, rid: str, route: str, status: int, seconds: float, size: int | None,
    max_query: int,
) -> dict[str, Any]:
    """The log record of one finished request."""
    return {
        "time": datetime.now(UTC).isoformat(timespec="milliseconds"),
        "request_id": rid,
        "client": request.remote_addr,
        "method": request.method,
        "path": _cut(request.path, _MAX_FIELD),
        "route": route,
        "params": safe_params(request, max_query),
        "status": status,
        "duration_ms": round(seconds * 1000, 2),
        "bytes": size,
        "user_agent": _cut(request.headers.get("User-Agent", ""), _MAX_FIELD),
    }


def record_of_environ(
    environ: dict[str, Any], *, client: str | None, rid: str, route: str, status: int,
    seconds: float, size: int | None, max_query: int,
) -> dict[str, Any]:
    """The log record of a request answered before Flask saw it (a page kept in memory):
    the same fields as :func:`record`, read from the WSGI environment."""
    return {
        "time": datetime.now(UTC).isoformat(timespec="milliseconds"),
        "request_id": rid,
        "client": client,
        "method": environ.get("REQUEST_METHOD", "GET"),
        "path": _cut(environ.get("PATH_INFO", ""), _MAX_FIELD),
        "route": route,
        "params": _safe_pairs(parse_qsl(environ.get("QUERY_STRING", ""),
                                        keep_blank_values=True), max_query),
        "status": status,
        "duration_ms": round(seconds * 1000, 2),
        "bytes": size,
        "user_agent": _cut(environ.get("HTTP_USER_AGENT", ""), _MAX_FIELD),
    }


def access_logger() -> logging.Logger:
    """The ``tomgraph.access`` logger, writing bare JSON lines to stderr unless configured.

    An application that configures logging itself (a handler on this logger or the root
    logger) keeps its own setup.
    """
    logger = logging.getLogger(LOGGER_NAME)
    if not logger.handlers and not logging.getLogger().handlers:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(message)s"))
        logger.addHandler(handler)
        logger.propagate = False
    logger.setLevel(logging.INFO)
    return logger


def emit(logger: logging.Logger, entry: dict[str, Any]) -> None:
    logger.info(json.dumps(entry, ensure_ascii=False, separators=(",", ":")))

"""Reading a SPARQL 1.1 Protocol request: which operation, which text, which dataset.

Everything the protocol forbids is answered here with the status the protocol suggests
(405 wrong method, 415 wrong media type or charset, 400 ambiguous or undecodable request),
before any engine sees the request.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from flask import Request

FORM = "application/x-www-form-urlencoded"
QUERY_TYPE = "application/sparql-query"
UPDATE_TYPE = "application/sparql-update"


class ProtocolError(Exception):
    """A request the protocol does not allow; ``status`` is the HTTP status to answer."""

    def __init__(self, status: int, message: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.headers = headers or {}


@dataclass
class Operation:
    """A query or an update, with the dataset parameters that came with it."""

    kind: Literal["query", "update"]
    text: str
    default_graphs: list[str] = field(default_factory=list)
    named_graphs: list[str] = field(default_factory=list)
    format_params: list[str] = field(default_factory=list)


def read_operation(request: Request) -> Operation | None:
    """The operation ``request`` carries, or ``None`` for a bare GET (service description)."""
    if request.method == "GET":
        return _from_params(request, dict(request.args.lists()), allow_update=False)
    if request.method != "POST":
        raise ProtocolError(405, f"{request.method} is not allowed: use GET or POST",
                            {"Allow": "GET, POST, OPTIONS"})
    media = request.mimetype
    _require_utf8(request)
    if media == FORM:
        params = dict(request.args.lists())
        for key, values in request.form.lists():
            params.setdefault(key, []).extend(values)
        operation = _from_params(request, params, allow_update=True)
        if operation is None:
            raise ProtocolError(400, "The form has neither a 'query' nor an 'update' field")
        return operation
    if media in (QUERY_TYPE, UPDATE_TYPE):
        params = dict(request.args.lists())
        if "query" in params or "update" in params:
            raise ProtocolError(
                400, f"A {media} body cannot come with a 'query' or 'update' URL parameter"
            )
        try:
            text = request.get_data(cache=False).decode("utf-8")
        except UnicodeDecodeError:
            raise ProtocolError(400, "The request body is not valid UTF-8") from None
        kind: Literal["query", "update"] = "query" if media == QUERY_TYPE else "update"
        return _operation(kind, text, params)
    shown = media or "no Content-Type"
    raise ProtocolError(
        415,
        f"Cannot read a POST body of {shown}: send {FORM}, {QUERY_TYPE} or {UPDATE_TYPE}",
    )


def _require_utf8(request: Request) -> None:
    charset = request.mimetype_params.get("charset")
    if charset and charset.lower().replace("_", "-") not in ("utf-8", "utf8", "us-ascii"):
        raise ProtocolError(415, f"Only UTF-8 is accepted, not {charset}")


def _from_params(
    request: Request, params: dict[str, list[str]], *, allow_update: bool
) -> Operation | None:
    queries, updates = params.get("query", []), params.get("update", [])
    if queries and updates:
        raise ProtocolError(400, "Send either 'query' or 'update', not both")
    if len(queries) > 1 or len(updates) > 1:
        raise ProtocolError(400, "Send exactly one 'query' or 'update', not several")
    if updates and not allow_update:
        raise ProtocolError(405, "Updates must be sent with POST", {"Allow": "POST"})
    if queries:
        return _operation("query", queries[0], params)
    if updates:
        return _operation("update", updates[0], params)
    return None


def _operation(
    kind: Literal["query", "update"], text: str, params: dict[str, list[str]]
) -> Operation:
    graphs, named = (
        ("default-graph-uri", "named-graph-uri")
        if kind == "query"
        else ("using-graph-uri", "using-named-graph-uri")
    )
    return Operation(
        kind=kind,
        text=text,
        default_graphs=params.get(graphs, []),
        named_graphs=params.get(named, []),
        format_params=params.get("format", []) + params.get("output", []),
    )

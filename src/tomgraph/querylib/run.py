"""Running a named query with parameters: check them, have the store bind them, run, and place
syntax errors."""

from __future__ import annotations

import re
from collections.abc import Mapping

import pyoxigraph as ox

from ..errors import QuerySyntaxError, UsageError
from ..sparql.values import bind
from ..store import without_inferred
from ..store.base import UNION, QueryResult, Store, Term
from .header import NamedQuery
from .library import get_query

_POSITION = re.compile(r"^error at (\d+):(\d+): ?(.*)$", re.DOTALL)


def run_named_query(store: Store, name: str, /, **params: object) -> QueryResult:
    """Run the library query ``name`` on ``store`` with ``params`` (text or Python values).

    ``None`` leaves an optional parameter unbound; defaults fill the ones not given.
    """
    return run_query(store, get_query(name), params)


def run_query(
    store: Store,
    query: NamedQuery,
    params: Mapping[str, object],
    *,
    include_inferred: bool = True,
) -> QueryResult:
    """Run ``query`` on ``store`` with ``params`` bound as typed RDF terms.

    ``include_inferred=False`` leaves out what ``tomgraph reason`` added: asserted facts only.
    """
    terms = resolve_params(query, params)
    dataset = UNION if include_inferred else without_inferred(store)
    try:
        return store.query(query.text, bindings=terms, dataset=dataset)
    except QuerySyntaxError:
        located = syntax_error(query.text, query.source)
        if located is not None:
            raise located from None
        raise


def bound_text(query: NamedQuery, params: Mapping[str, object]) -> str:
    """The query text as a store without native pre-binding runs it: every parameter that
    has a value bound by ``VALUES`` blocks (for engines that take only text, e.g. rdflib)."""
    return bind(query.text, resolve_params(query, params))


def resolve_params(query: NamedQuery, params: Mapping[str, object]) -> dict[str, Term]:
    """The terms to bind: given values, else defaults; unknown or missing ones are errors."""
    for name in params:
        query.param(name)
    terms: dict[str, Term] = {}
    for p in query.params:
        value = params.get(p.name)
        if value is None or value == "":
            value = p.default
        if value is None:
            if p.required:
                hint = f" (e.g. --param {p.name}={p.example})" if p.example else ""
                raise UsageError(f"query {query.name!r} needs parameter {p.name!r}{hint}")
            continue
        terms[p.name] = p.to_term(value)
    return terms


def syntax_error(text: str, source: str) -> QuerySyntaxError | None:
    """The parser's complaint about ``text`` with line and column, or ``None`` if it parses.

    Parsing runs on an empty in-memory store, so it costs nothing and reaches no service.
    """
    try:
        ox.Store().query(text)
    except SyntaxError as exc:
        message = str(exc)
        match = _POSITION.match(message)
        if match:
            line, column, detail = int(match[1]), int(match[2]), match[3]
            return QuerySyntaxError(detail, source=source, line=line, column=column)
        return QuerySyntaxError(message, source=source)
    except OSError:
        return None
    return None

"""Run one query and turn its result into response bytes or rows, and errors into statuses.

The same function runs inside a worker process or in a query thread of the web process (see
``web/querying.py`` for which), so a :class:`Job` and its :class:`Answer` are plain picklable
data. Serialising in the worker keeps the heavy part off the web process's GIL. Every query
path maps exceptions to HTTP statuses through :data:`ERROR_STATUS`, the one table.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

import pyoxigraph as ox

from ...errors import (
    QuerySyntaxError,
    QueryTimeout,
    StoreError,
    StoreUnavailable,
    TomgraphError,
)
from ...namespaces import PREFIXES
from ...store import AskResult, Dataset, GraphResult, QueryResult, SelectResult, Store
from ...store.base import Bindings, Term
from ...store.serialize import write_boolean
from .rowcap import CapReached, RowCap

SOLUTION_FORMATS: dict[str, ox.QueryResultsFormat] = {
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "text/csv": ox.QueryResultsFormat.CSV,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
}
GRAPH_FORMATS: dict[str, ox.RdfFormat] = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "application/ld+json": ox.RdfFormat.JSON_LD,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
}
TRUNCATED_HEADER = "Tomgraph-Results-Truncated"
"""Set (to the cap) when a result had more rows or triples than the cap and was cut."""


ERROR_STATUS: tuple[tuple[type[BaseException], int, str, str], ...] = (
    # (exception, status, message for a query, message for an update): first match wins.
    (QuerySyntaxError, 400, "Malformed query: {message}", "Malformed update: {message}"),
    (QueryTimeout, 503, "Query stopped: {error}. Narrow it (LIMIT, more specific patterns).",
     "The store cannot take the update now: {error}. Try again shortly."),
    (StoreUnavailable, 503, "The store cannot answer now: {error}. Try again shortly.",
     "The store cannot take the update now: {error}. Try again shortly."),
    (StoreError, 500, "Query failed: {error}", "Update failed: {error}"),
    (TomgraphError, 400, "{error}", "{error}"),
    # Evaluation errors Oxigraph raises while streaming (e.g. SERVICE disabled, I/O).
    ((ValueError, OSError, RuntimeError), 500, "Query failed: {error}", "Update failed: {error}"),
)  # type: ignore[assignment]
"""Exception → HTTP status and message, for /sparql, the editor, named queries and pages."""

RETRY_AFTER = {QueryTimeout: "1"}
"""Statuses that tell the client when to try again."""


@dataclass(frozen=True)
class Job:
    """One query as the endpoint runs it."""

    sparql: str
    dataset: Dataset
    base_iri: str | None
    solutions_format: str | None
    graph_format: str | None
    max_rows: int
    solutions_display: str | None = None
    graph_display: str | None = None
    bindings: Bindings | None = None
    rows: bool = False  # answer with a Table of terms (pages) rather than response bytes


@dataclass
class Table:
    """A result as terms, cut at the row cap: SELECT rows, CONSTRUCT triples or an ASK."""

    variables: list[str]
    rows: list[tuple[Term | None, ...]]
    boolean: bool | None = None
    graph: bool = False
    truncated: bool = False


@dataclass
class Answer:
    """An HTTP response in data form."""

    status: int
    body: bytes
    content_type: str = "text/plain; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)
    table: Table | None = None


def error(status: int, message: str) -> Answer:
    return Answer(status, (message.rstrip() + "\n").encode())


class QueryFailed(TomgraphError):
    """A query a worker process answered with an error status (its :class:`Answer`)."""

    def __init__(self, answer: Answer) -> None:
        super().__init__(answer.body.decode(errors="replace").strip())
        self.answer = answer


def status_of(exc: BaseException) -> int | None:
    """The HTTP status :data:`ERROR_STATUS` gives ``exc``; ``None`` for a programming error."""
    if isinstance(exc, QueryFailed):
        return exc.answer.status
    for kinds, status, _, _ in ERROR_STATUS:
        if isinstance(exc, kinds):
            return status
    return None


def answer_for(exc: BaseException, *, update: bool = False) -> Answer | None:
    """The error answer for ``exc`` from :data:`ERROR_STATUS`; ``None`` when it has none."""
    if isinstance(exc, QueryFailed):
        return exc.answer
    for kinds, status, query_text, update_text in ERROR_STATUS:
        if isinstance(exc, kinds):
            message = getattr(exc, "message", None) or str(exc)
            text = update_text if update else query_text
            answer = error(status, text.format(message=message, error=exc))
            for kind, seconds in RETRY_AFTER.items():
                if isinstance(exc, kind):
                    answer.headers["Retry-After"] = seconds
            return answer
    return None


def answer_job(store: Store, job: Job) -> Answer:
    """The answer to ``job`` against ``store`` (in a worker): results, or a 4xx/5xx saying why."""
    try:
        return evaluate(store, job)
    except Exception as exc:
        answer = answer_for(exc)
        if answer is None:
            raise
        return answer


def evaluate(store: Store, job: Job) -> Answer:
    """Like :func:`answer_job`, but errors are raised (the caller maps them)."""
    result = store.query(job.sparql, bindings=job.bindings, dataset=job.dataset,
                         base_iri=job.base_iri)
    return present(result, job)


def present(result: QueryResult, job: Job) -> Answer:
    """``result`` as ``job`` asks for it: terms (``job.rows``) or bytes, cut at the row cap."""
    if job.rows:
        return Answer(200, b"", table=_table(result, job.max_rows))
    if isinstance(result, SelectResult):
        return _solutions(result, job)
    if isinstance(result, AskResult):
        return _boolean(result, job)
    return _graph(result, job)


def _table(result: SelectResult | AskResult | GraphResult, cap: int) -> Table:
    """The result as terms, reading at most one row past ``cap`` (to know it was cut)."""
    if isinstance(result, AskResult):
        return Table([], [], boolean=result.value)
    stream: Iterator[Any] = iter(result)
    if isinstance(result, SelectResult):
        variables = result.variables
        rows = [tuple(r) for r in itertools.islice(stream, cap + 1)]
        graph = False
    else:
        variables = ["subject", "predicate", "object"]
        rows = [(t.subject, t.predicate, t.object)
                for t in itertools.islice(stream, cap + 1)]
        graph = True
    # A stream left unread (cut at the cap) is closed here: the engine's iterator must be
    # dropped by the thread that made it, never later by the garbage collector elsewhere.
    close = getattr(stream, "close", None)
    if close is not None:
        close()
    truncated = len(rows) > cap
    return Table(variables, rows[:cap] if truncated else rows, graph=graph, truncated=truncated)


def _not_acceptable(kind: str, offers: Iterable[str]) -> Answer:
    return error(406, f"Cannot send {kind} in the requested format; available: {', '.join(offers)}")


def _solutions(result: SelectResult, job: Job) -> Answer:
    if job.solutions_format is None:
        return _not_acceptable("SELECT results", SOLUTION_FORMATS)
    fmt = SOLUTION_FORMATS[job.solutions_format]
    # The engine's own stream when no row was read yet (as SelectResult.serialize uses it).
    native = result._native if result._rows is None else None
    result._native = None
    headers: dict[str, str] = {}
    if native is not None:
        # The engine writes; the sink stops it at the first row past the cap.
        sink = RowCap(fmt, job.max_rows)
        try:
            native.serialize(sink, format=fmt)
        except CapReached:
            pass
        body, cut = sink.body(), sink.cut
    else:  # rows already in Python (a cached result, a remote store): take up to the cap
        rows = list(itertools.islice(result, job.max_rows + 1))
        cut = len(rows) > job.max_rows
        body = SelectResult(result.variables, rows[: job.max_rows]).serialize(fmt)
    if cut:
        headers[TRUNCATED_HEADER] = str(job.max_rows)
    return Answer(200, body, _content_type(job.solutions_display or job.solutions_format), headers)


def _boolean(result: AskResult, job: Job) -> Answer:
    if job.solutions_format is None:
        return _not_acceptable("an ASK answer", SOLUTION_FORMATS)
    body = write_boolean(result.value, SOLUTION_FORMATS[job.solutions_format])
    return Answer(200, body, _content_type(job.solutions_display or job.solutions_format))


def _graph(result: GraphResult, job: Job) -> Answer:
    if job.graph_format is None:
        return _not_acceptable("a graph", GRAPH_FORMATS)
    fmt = GRAPH_FORMATS[job.graph_format]
    triples = list(itertools.islice(result, job.max_rows + 1))
    headers: dict[str, str] = {}
    if len(triples) > job.max_rows:
        triples = triples[: job.max_rows]
        headers[TRUNCATED_HEADER] = str(job.max_rows)
    prefixes = PREFIXES if fmt == ox.RdfFormat.TURTLE else None
    body = ox.serialize(triples, format=fmt, prefixes=prefixes) or b""
    return Answer(200, body, _content_type(job.graph_display or job.graph_format), headers)


def _content_type(media: str) -> str:
    if media.startswith("text/") or media.endswith(("json", "xml")):
        return f"{media}; charset=utf-8"
    return media

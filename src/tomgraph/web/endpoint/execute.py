"""Run one query and turn its result into response bytes.

The same function runs inside a worker process (embedded stores) or in the request thread
(remote stores), so a :class:`Job` and its :class:`Answer` are plain picklable data.
Serialising in the worker keeps the heavy part off the web process's GIL.
"""

from __future__ import annotations

import csv
import io
import itertools
import json
from collections.abc import Iterable
from dataclasses import dataclass, field

import pyoxigraph as ox

from ...errors import (
    QuerySyntaxError,
    QueryTimeout,
    StoreError,
    StoreUnavailable,
    TomgraphError,
)
from ...namespaces import PREFIXES
from ...store import AskResult, Dataset, GraphResult, SelectResult, Store
from ...store.serialize import write_boolean, write_solutions

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

_MIN_ROW_BYTES = 2
"""No serialised row is smaller than this, so shorter output cannot exceed the row cap."""


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


@dataclass
class Answer:
    """An HTTP response in data form."""

    status: int
    body: bytes
    content_type: str = "text/plain; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)


def error(status: int, message: str) -> Answer:
    return Answer(status, (message.rstrip() + "\n").encode())


def run_query(store: Store, job: Job) -> Answer:
    """The answer to ``job`` against ``store``: results, or a 4xx/5xx explaining why not."""
    try:
        result = store.query(job.sparql, dataset=job.dataset, base_iri=job.base_iri)
        if isinstance(result, SelectResult):
            return _solutions(result, job)
        if isinstance(result, AskResult):
            return _boolean(result, job)
        return _graph(result, job)
    except QuerySyntaxError as exc:
        return error(400, f"Malformed query: {exc.message}")
    except (StoreUnavailable, QueryTimeout) as exc:
        return error(503, f"The store cannot answer now: {exc}. Try again shortly.")
    except StoreError as exc:
        return error(500, f"Query failed: {exc}")
    except TomgraphError as exc:
        return error(400, str(exc))
    except (ValueError, OSError, RuntimeError) as exc:
        # Evaluation errors Oxigraph raises while streaming (e.g. SERVICE disabled, I/O).
        return error(500, f"Query failed: {exc}")


def _not_acceptable(kind: str, offers: Iterable[str]) -> Answer:
    return error(406, f"Cannot send {kind} in the requested format; available: {', '.join(offers)}")


def _solutions(result: SelectResult, job: Job) -> Answer:
    if job.solutions_format is None:
        return _not_acceptable("SELECT results", SOLUTION_FORMATS)
    fmt = SOLUTION_FORMATS[job.solutions_format]
    body = result.serialize(fmt)
    headers: dict[str, str] = {}
    if len(body) > job.max_rows * _MIN_ROW_BYTES:
        body, cut = _cap_solutions(body, fmt, job.max_rows)
        if cut:
            headers[TRUNCATED_HEADER] = str(job.max_rows)
    return Answer(200, body, _content_type(job.solutions_display or job.solutions_format), headers)


def _cap_solutions(body: bytes, fmt: ox.QueryResultsFormat, cap: int) -> tuple[bytes, bool]:
    """``body`` cut to ``cap`` rows if it has more; only large outputs ever get here."""
    if fmt == ox.QueryResultsFormat.JSON:
        data = json.loads(body)
        bindings = data["results"]["bindings"]
        if len(bindings) <= cap:
            return body, False
        data["results"]["bindings"] = bindings[:cap]
        return json.dumps(data, ensure_ascii=False).encode(), True
    if fmt == ox.QueryResultsFormat.CSV:
        records = list(itertools.islice(csv.reader(io.StringIO(body.decode())), cap + 2))
        if len(records) <= cap + 1:
            return body, False
        out = io.StringIO()
        csv.writer(out, lineterminator="\r\n").writerows(records[: cap + 1])
        return out.getvalue().encode(), True
    rows = body.count(b"<result>") if fmt == ox.QueryResultsFormat.XML else body.count(b"\n") - 1
    if rows <= cap:
        return body, False
    parsed = ox.parse_query_results(body, fmt)
    assert isinstance(parsed, ox.QuerySolutions)
    variables = [v.value for v in parsed.variables]
    kept = [tuple(s) for s in itertools.islice(parsed, cap)]
    return write_solutions(variables, kept, fmt), True  # type: ignore[arg-type]


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

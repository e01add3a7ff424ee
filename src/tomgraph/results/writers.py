"""Writing a query's answer in the format asked for: a table, SPARQL results, or RDF."""

from __future__ import annotations

from typing import IO

import pyoxigraph as ox

from ..errors import UsageError
from ..formats import RDF_FORMATS, RESULTS_FORMATS
from ..namespaces import PREFIXES
from ..store.base import AskResult, GraphResult, QueryResult, SelectResult, Store
from ..store.serialize import write_boolean
from .labels import fetch_labels, iris_in
from .table import render_table

SOLUTION_FORMATS = ("table", "csv", "tsv", "json", "xml")
"""Formats for SELECT (and ASK) answers."""

GRAPH_FORMATS = ("table", "turtle", "ntriples", "jsonld")
"""Formats for CONSTRUCT and DESCRIBE answers."""

OUTPUT_FORMATS = ("table", "csv", "tsv", "json", "xml", "turtle", "ntriples", "jsonld")
"""Every name ``tomgraph query --format`` accepts."""


def default_format(result: QueryResult) -> str:
    """Table for solutions and booleans, Turtle for triples."""
    return "turtle" if isinstance(result, GraphResult) else "table"


def write_result(
    result: QueryResult, fmt: str | None, out: IO[bytes], *, store: Store | None = None
) -> None:
    """``result`` written to ``out`` in ``fmt``; ``store`` supplies labels for tables."""
    fmt = (fmt or default_format(result)).lower()
    if fmt not in OUTPUT_FORMATS:
        raise UsageError(f"unknown output format {fmt!r} (known: {', '.join(OUTPUT_FORMATS)})")
    if isinstance(result, SelectResult):
        _write_select(result, fmt, out, store)
    elif isinstance(result, AskResult):
        _write_ask(result, fmt, out)
    else:
        _write_graph(result, fmt, out, store)


def _write_select(result: SelectResult, fmt: str, out: IO[bytes], store: Store | None) -> None:
    if fmt not in SOLUTION_FORMATS:
        raise UsageError(
            f"a SELECT query answers with solutions: use --format {', '.join(SOLUTION_FORMATS)}"
            f" (not {fmt})"
        )
    if fmt == "table":
        rows = list(result)
        labels = fetch_labels(store, iris_in(rows)) if store is not None else {}
        out.write(render_table(result.variables, rows, labels).encode())
        return
    out.write(result.serialize(RESULTS_FORMATS[fmt]))


def _write_ask(result: AskResult, fmt: str, out: IO[bytes]) -> None:
    if fmt == "table":
        out.write(b"yes\n" if result.value else b"no\n")
    elif fmt in RESULTS_FORMATS:
        out.write(write_boolean(result.value, RESULTS_FORMATS[fmt]))
    else:
        raise UsageError(f"an ASK query answers yes or no: use --format table, json or xml"
                         f" (not {fmt})")


def _write_graph(result: GraphResult, fmt: str, out: IO[bytes], store: Store | None) -> None:
    if fmt not in GRAPH_FORMATS:
        raise UsageError(
            f"a CONSTRUCT or DESCRIBE query answers with triples: use --format "
            f"{', '.join(GRAPH_FORMATS)} (not {fmt})"
        )
    if fmt == "table":
        rows = [(t.subject, t.predicate, t.object) for t in result]
        labels = fetch_labels(store, iris_in(rows)) if store is not None else {}
        out.write(render_table(["subject", "predicate", "object"], rows, labels).encode())
        return
    rdf_format = RDF_FORMATS[fmt]
    prefixes = PREFIXES if rdf_format == ox.RdfFormat.TURTLE else None
    data = ox.serialize(list(result), format=rdf_format, prefixes=prefixes)
    out.write(data if data is not None else b"")

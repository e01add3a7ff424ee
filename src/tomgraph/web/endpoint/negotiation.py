"""Content negotiation: which results format a request gets.

The choice is made before the query runs (the worker needs it), once for solutions (SELECT,
ASK) and once for graphs (CONSTRUCT, DESCRIBE); the result's kind picks one of the two.
Real clients are forgiving about Accept and so is this: ``format``/``output`` parameters
(SPARQLWrapper, hand-written links) override it, plain ``application/json`` or ``application/xml``
map to the SPARQL or RDF flavour that fits, and a browser gets something it can display.
"""

from __future__ import annotations

from dataclasses import dataclass

from werkzeug.datastructures import MIMEAccept

SOLUTIONS: dict[str, str] = {
    # media type offered → canonical media type of the format sent
    "application/sparql-results+json": "application/sparql-results+json",
    "application/sparql-results+xml": "application/sparql-results+xml",
    "text/csv": "text/csv",
    "text/tab-separated-values": "text/tab-separated-values",
    "application/json": "application/sparql-results+json",
    "application/xml": "application/sparql-results+xml",
    "text/xml": "application/sparql-results+xml",
}
"""SELECT/ASK: offers in server preference order (the first is the default)."""

GRAPHS: dict[str, str] = {
    "text/turtle": "text/turtle",
    "application/n-triples": "application/n-triples",
    "application/ld+json": "application/ld+json",
    "application/rdf+xml": "application/rdf+xml",
    "application/x-turtle": "text/turtle",
    "text/n3": "text/turtle",
    "text/plain": "application/n-triples",
    "application/json": "application/ld+json",
    "application/xml": "application/rdf+xml",
    "text/xml": "application/rdf+xml",
}
"""CONSTRUCT/DESCRIBE: offers in server preference order (the first is the default)."""

BROWSER = "text/html"

_NAMES: dict[str, tuple[str | None, str | None]] = {
    "json": ("application/sparql-results+json", "application/ld+json"),
    "xml": ("application/sparql-results+xml", "application/rdf+xml"),
    "csv": ("text/csv", None),
    "tsv": ("text/tab-separated-values", None),
    "turtle": (None, "text/turtle"),
    "ttl": (None, "text/turtle"),
    "n3": (None, "text/turtle"),
    "nt": (None, "application/n-triples"),
    "ntriples": (None, "application/n-triples"),
    "n-triples": (None, "application/n-triples"),
    "jsonld": (None, "application/ld+json"),
    "json-ld": (None, "application/ld+json"),
    "rdfxml": (None, "application/rdf+xml"),
    "rdf+xml": (None, "application/rdf+xml"),
    "rdf": (None, "application/rdf+xml"),
}


@dataclass(frozen=True)
class Choice:
    """The media type to send for each kind of result; ``None`` means 406 Not Acceptable.

    ``display`` is the Content-Type actually sent: the canonical type, or a type a browser
    shows inline (``application/json``, ``text/plain``) when a person is looking.
    """

    solutions: str | None
    graph: str | None
    solutions_display: str | None = None
    graph_display: str | None = None


def negotiate(accept: MIMEAccept, format_params: list[str]) -> Choice:
    """The formats for a request's Accept header and ``format``/``output`` parameters."""
    solutions = graph = None
    for value in format_params:
        sol, gra = _named(value)
        solutions = solutions or sol
        graph = graph or gra
    if solutions and graph:
        return Choice(solutions, graph)
    if not accept:
        return Choice(solutions or _first(SOLUTIONS), graph or _first(GRAPHS))
    best_solutions = accept.best_match([*SOLUTIONS, BROWSER])
    best_graph = accept.best_match([*GRAPHS, BROWSER])
    return Choice(
        solutions or _pick(best_solutions, SOLUTIONS),
        graph or _pick(best_graph, GRAPHS),
        solutions_display="application/json" if not solutions and best_solutions == BROWSER
        else None,
        graph_display="text/plain" if not graph and best_graph == BROWSER else None,
    )


def _first(offers: dict[str, str]) -> str:
    return next(iter(offers.values()))


def _pick(best: str | None, offers: dict[str, str]) -> str | None:
    if best is None:
        return None
    if best == BROWSER:
        return _first(offers)
    return offers[best]


def _named(value: str) -> tuple[str | None, str | None]:
    value = value.strip().lower()
    if value in _NAMES:
        return _NAMES[value]
    media = value.split(";")[0].strip()
    return SOLUTIONS.get(media), GRAPHS.get(media)

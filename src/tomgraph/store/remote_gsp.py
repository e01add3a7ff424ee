"""Moving whole graphs to and from a remote store.

With a SPARQL 1.1 Graph Store HTTP Protocol endpoint (``?graph=IRI``, indirect identification)
a graph travels as one streamed N-Triples body each way: the server parses or writes it in
bulk, with no per-triple work in Python. Stores without one (Amazon Neptune) fall back to
SPARQL: ``INSERT DATA`` in batches to load, a streamed ``CONSTRUCT`` to read.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Protocol

import requests

from ..sparql import internal_query
from .remote_http import HttpClient
from .remote_sparql import with_bindings

NTRIPLES = "application/n-triples"

INSERT_BATCH_LINES = 20_000
"""Triples per ``INSERT DATA`` request without a graph store: big enough to amortise the
round trip, small enough for servers' default request-size limits (a few MB)."""


class GraphTransfer(Protocol):
    """Bulk movement of one graph's triples."""

    def append(self, graph: str, ntriples: Path, *, bulk: bool) -> None:
        """Add the triples of the N-Triples file ``ntriples`` to ``graph``.

        ``bulk`` allows a faster, non-transactional load where the server has one: callers
        pass it only for graphs they can simply drop again if anything fails.
        """

    def fetch(self, graph: str) -> requests.Response | None:
        """The triples of ``graph`` as a streamed N-Triples response (caller closes it), or
        ``None`` when the graph does not exist."""


class GraphStoreProtocol:
    """A SPARQL 1.1 Graph Store HTTP Protocol endpoint."""

    def __init__(self, http: HttpClient, url: str) -> None:
        self.http = http
        self.url = url

    def append(self, graph: str, ntriples: Path, *, bulk: bool) -> None:
        params = {"graph": graph}
        if bulk and (self.http.server or "").startswith("Oxigraph"):
            # Oxigraph's bulk loader: several times faster than a transaction for big graphs.
            params["no_transaction"] = ""
        response = self.http.request(
            "POST", self.url, what="load", params=params, body=ntriples,
            headers={"Content-Type": NTRIPLES},
        )
        response.close()

    def fetch(self, graph: str) -> requests.Response | None:
        response = self.http.request(
            "GET", self.url, what="export", params={"graph": graph},
            headers={"Accept": NTRIPLES}, stream=True, absent_ok=True,
        )
        if response.status_code == 404:  # no such graph: the same as an empty one
            response.close()
            return None
        return response


class SparqlTransfer:
    """Graph transfer over the query and update endpoints, for stores with no graph store."""

    def __init__(self, http: HttpClient, query_url: str, update_url: str) -> None:
        self.http = http
        self.query_url = query_url
        self.update_url = update_url

    def append(self, graph: str, ntriples: Path, *, bulk: bool) -> None:
        for batch in _batches(ntriples, INSERT_BATCH_LINES):
            update = f"INSERT DATA {{ GRAPH <{graph}> {{\n{batch}}} }}"
            response = self.http.request(
                "POST", self.update_url, what="load", body={"update": update},
            )
            response.close()

    def fetch(self, graph: str) -> requests.Response | None:
        from pyoxigraph import NamedNode

        query = with_bindings(internal_query("remote-graph-triples"), {"g": NamedNode(graph)})
        return self.http.request(
            "POST", self.query_url, what="export", body={"query": query},
            headers={"Accept": NTRIPLES}, stream=True,
        )


def _batches(path: Path, size: int) -> Iterator[str]:
    """The lines of ``path`` in groups of ``size`` (N-Triples keeps one triple per line)."""
    lines: list[str] = []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                lines.append(line)
                if len(lines) >= size:
                    yield "".join(lines)
                    lines = []
    if lines:
        yield "".join(lines)

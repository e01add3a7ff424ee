"""Comparing stores: exact quads, and graphs up to blank-node renaming."""

from __future__ import annotations

import io

import rdflib
from pyoxigraph import RdfFormat
from rdflib.compare import isomorphic

from tomgraph.store import EmbeddedStore


def quads(store: EmbeddedStore) -> list[str]:
    """Every quad, as text, sorted: equal lists mean the store is exactly the same."""
    return sorted(str(q) for q in store.oxigraph)


def graph_of(store: EmbeddedStore, graph: str | None = None) -> rdflib.Graph:
    """``graph`` (or the union) as an rdflib graph, for isomorphism checks."""
    buffer = io.BytesIO()
    store.export(buffer, RdfFormat.N_TRIPLES, graph=graph)
    return rdflib.Graph().parse(data=buffer.getvalue().decode("utf-8"), format="nt")


def same_graph(a: rdflib.Graph, b: rdflib.Graph) -> bool:
    return len(a) == len(b) and isomorphic(a, b)

"""Quads and reads shared by the changeset tests: labels in the model graph, and what it holds."""

from __future__ import annotations

import pyoxigraph as ox

from tomgraph.changes import NQuads
from tomgraph.namespaces import MODEL_GRAPH
from tomgraph.store import Dataset, Store

MODEL = ox.NamedNode(MODEL_GRAPH)
LABEL = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")


def quad(s: str, label: str, graph: ox.NamedNode | ox.DefaultGraph = MODEL) -> ox.Quad:
    """``<https://example.org/s> rdfs:label "label"`` in ``graph`` (the model graph)."""
    return ox.Quad(ox.NamedNode(f"https://example.org/{s}"), LABEL, ox.Literal(label), graph)


def model_quads(store: Store) -> set[ox.Quad]:
    """Every quad of the model graph, as the store answers it."""
    result = store.query("SELECT ?s ?p ?o { ?s ?p ?o }", dataset=Dataset((MODEL_GRAPH,)))
    return {ox.Quad(s, p, o, MODEL) for s, p, o in result}  # type: ignore[misc]


def nquads(*quads: ox.Quad) -> NQuads:
    """``quads`` as the N-Quads text a bulk changeset carries."""
    return NQuads.of("".join(f"{q} .\n" for q in quads).encode(), len(quads))

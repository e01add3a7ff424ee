"""Export a graph as an exchange file: an imported model as it came, our own model mapped."""

from __future__ import annotations

from typing import IO

import pyoxigraph as ox

from ..store.base import Term

from ..namespaces import MODEL_GRAPH
from ..sparql import internal_query
from ..store import Store
from .from_rdf import Rebuilder
from .mapping import Mapping, default_mapping
from .model import Model
from .own_model import own_model
from .writer import write_model


def graph_triples(store: Store, graph: str) -> list[tuple[Term, Term, Term]]:
    result = store.query(
        internal_query("archimate-graph-triples"), bindings={"g": ox.NamedNode(graph)}
    )
    return [(row[0], row[1], row[2]) for row in result.rows]  # type: ignore[union-attr,misc]


def model_of(store: Store, graph: str = MODEL_GRAPH, mapping: Mapping | None = None) -> Model:
    """The ArchiMate model ``graph`` holds: the imported one (from ``am:`` statements, so the
    export is lossless), or else our own model mapped through the ontology's annotations."""
    triples = graph_triples(store, graph)
    rebuilt = Rebuilder(triples)
    if rebuilt.has_model():
        return rebuilt.model()
    return own_model(triples, mapping or default_mapping(), "tomgraph model")


def export_graph(store: Store, out: IO[bytes], *, graph: str = MODEL_GRAPH,
                 mapping: Mapping | None = None) -> Model:
    model = model_of(store, graph, mapping)
    write_model(model, out)
    return model

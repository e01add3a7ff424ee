"""Export a graph as an exchange file: an imported model as it came, our own model mapped."""

from __future__ import annotations

from typing import IO

import pyoxigraph as ox

from ..namespaces import MODEL_GRAPH
from ..sparql import internal_query
from ..store import Store
from .from_rdf import Rebuilder
from .mapping import Mapping, default_mapping
from .model import Model
from .own_model import own_model
from .vocabulary import Statement
from .writer import write_model


def graph_triples(store: Store, graph: str) -> list[Statement]:
    """Every statement of ``graph``."""
    result = store.query(
        internal_query("archimate-graph-triples"), bindings={"g": ox.NamedNode(graph)}
    )
    out: list[Statement] = []
    for s, p, o, _g in result.rows:  # type: ignore[union-attr]
        if isinstance(s, ox.NamedNode | ox.BlankNode) and isinstance(p, ox.NamedNode) and (
            isinstance(o, ox.NamedNode | ox.BlankNode | ox.Literal)
        ):
            out.append((s, p, o))
    return out


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

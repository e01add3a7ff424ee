"""Export a graph as an exchange file: an imported model as it came, our own model mapped."""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import IO

import pyoxigraph as ox

from ..namespaces import MODEL_GRAPH
from ..store import Store
from .from_rdf import Rebuilder, am_facts
from .mapping import Mapping, default_mapping
from .model import Model
from .own_model import own_model
from .stream_export import stream_model
from .vocabulary import Statement
from .writer import write_model


def graph_triples(store: Store, graph: str) -> list[Statement]:
    """Every statement of ``graph``, read through the store's bulk export (N-Triples), which
    is several times faster than a SELECT over every statement."""
    if graph not in store.graphs():
        return []
    buffer = io.BytesIO()
    store.export(buffer, ox.RdfFormat.N_TRIPLES, graph=graph)
    out: list[Statement] = []
    for t in ox.parse(buffer.getvalue(), ox.RdfFormat.N_TRIPLES):
        s, o = t.subject, t.object
        if isinstance(s, ox.NamedNode | ox.BlankNode) and not isinstance(o, ox.Triple):
            out.append((s, t.predicate, o))
    return out


def model_of(store: Store, graph: str = MODEL_GRAPH, mapping: Mapping | None = None) -> Model:
    """The ArchiMate model ``graph`` holds: the imported one (from ``am:`` statements, so the
    export is lossless), or else our own model mapped through the ontology's annotations."""
    if graph not in store.graphs():
        return own_model([], mapping or default_mapping(), "tomgraph model")
    buffer = io.BytesIO()
    store.export(buffer, ox.RdfFormat.N_TRIPLES, graph=graph)
    rebuilt = Rebuilder(am_facts(buffer.getvalue()))
    if rebuilt.has_model():
        return rebuilt.model()
    return own_model(graph_triples(store, graph), mapping or default_mapping(), "tomgraph model")


@dataclass
class ExportReport:
    """What an export wrote. ``model`` is the whole model when it was built in memory (our
    own model mapped, or a store that does not group statements by subject); an imported
    model streamed out of the store keeps only what is not elements and relationships."""

    model: Model
    elements: int
    relationships: int

    @property
    def views(self) -> int:
        return len(self.model.views)


def export_graph(store: Store, out: IO[bytes], *, graph: str = MODEL_GRAPH,
                 mapping: Mapping | None = None) -> ExportReport:
    """Write the model ``graph`` holds to ``out`` as an exchange file.

    An imported model is streamed (see :mod:`.stream_export`): memory holds one element or
    relationship at a time. Our own model is mapped in memory (:func:`model_of`).
    """
    if graph in store.graphs():
        streamed = stream_model(store, graph)
        if streamed is not None:
            try:
                write_model(streamed.model, out,
                            elements=(streamed.elements, streamed.element_count),
                            relationships=(streamed.relationships, streamed.relationship_count))
            finally:
                streamed.close()
            m = streamed.model
            return ExportReport(m, streamed.element_count + len(m.elements),
                                streamed.relationship_count + len(m.relationships))
    model = model_of(store, graph, mapping)
    write_model(model, out)
    return ExportReport(model, len(model.elements), len(model.relationships))

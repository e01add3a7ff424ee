"""Validate an entity as it would be after a save, before anything is written.

The entity's new statements and those of the entities it links to are validated in a small
in-memory store with the ontology and shapes, so findings can be shown beside the fields in
well under a second even on a large model. Rules that look further across the model are
re-checked by the full validation the dashboard runs after the save.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

import pyoxigraph as ox
from flask import current_app

from ...errors import TomgraphError
from ...namespaces import ONTOLOGY_GRAPH, SHAPES_GRAPH
from ...store import EmbeddedStore, Store
from ...validation import validate
from ...validation.validate import Finding
from ..pages.validation_view import summarise
from .entity_state import entity_quads

_CACHE = "tomgraph.editing.schema"


def _schema(store: Store) -> dict[str, bytes]:
    """The ontology and shapes graphs as N-Triples, kept while their sizes stay the same."""
    key = (store.count(ONTOLOGY_GRAPH), store.count(SHAPES_GRAPH))
    cached = current_app.extensions.get(_CACHE)
    if cached and cached[0] == key:
        return cached[1]  # type: ignore[no-any-return]
    graphs = {}
    for graph in (ONTOLOGY_GRAPH, SHAPES_GRAPH):
        buffer = io.BytesIO()
        if store.count(graph):
            store.export(buffer, ox.RdfFormat.N_TRIPLES, graph=graph)
        graphs[graph] = buffer.getvalue()
    current_app.extensions[_CACHE] = (key, graphs)
    return graphs


def preview_findings(store: Store, subject: str, quads: Sequence[ox.Quad]) -> list[Finding]:
    """The findings on ``subject`` if its model statements were ``quads``."""
    linked = {q.object.value for q in quads if isinstance(q.object, ox.NamedNode)}
    staging = EmbeddedStore()
    try:
        for graph, data in _schema(store).items():
            if data:
                staging.load_bytes(data, ox.RdfFormat.N_TRIPLES, graph=graph, source=graph)
        neighbours = [q for iri in sorted(linked - {subject}) for q in entity_quads(store, iri)]
        staging.apply([*quads, *neighbours])
        try:
            summary = summarise(validate(staging))
        except TomgraphError:
            return []
        return summary.by_focus.get(subject, [])
    finally:
        staging.close()

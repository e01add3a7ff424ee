"""An entity's asserted statements in the model graph, and its version for optimistic saves.

The version is a hash of those statements: a form carries the version it was built from, and
a save whose version no longer matches was made against statements someone else has changed.
"""

from __future__ import annotations

import hashlib

import pyoxigraph as ox

from ...namespaces import MODEL_GRAPH
from ...store import Store
from ..pages.rdf import select

NEW = "new"
"""The version of an entity that does not exist yet."""


def entity_quads(store: Store, iri: str) -> list[ox.Quad]:
    """The model-graph quads with ``iri`` as subject."""
    subject = ox.NamedNode(iri)
    graph = ox.NamedNode(MODEL_GRAPH)
    return [
        ox.Quad(subject, p, o, graph)  # type: ignore[arg-type]
        for _, p, o in select(store, "edit-entity", {"s": subject})
    ]


def version_of(quads: list[ox.Quad]) -> str:
    """A short hash of the quads, independent of their order."""
    if not quads:
        return NEW
    lines = sorted(f"{q.predicate} {q.object}" for q in quads)
    return hashlib.sha256("\n".join(lines).encode()).hexdigest()[:16]

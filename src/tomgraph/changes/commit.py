"""Apply a changeset and record it, in one store transaction."""

from __future__ import annotations

import pyoxigraph as ox

from ..namespaces import MODEL_GRAPH
from ..store import Store
from ..store.nquads import NQuadsStream
from .changeset import Changeset, NQuads
from .history import MAX_KEPT_SUBJECTS, history_quads

BULK_ABOVE = 50_000
"""Changesets adding and removing at least this many quads go to the store's bulk write path
(:meth:`Store.apply_nquads`) as N-Quads text, which a store on disk writes at bulk-load speed;
smaller ones are one :meth:`Store.apply`."""


def commit(store: Store, change: Changeset, *, record: bool = True) -> ox.NamedNode | None:
    """Write ``change`` to ``store`` with its history entry; returns the changeset's IRI.

    Both the data and the history are written by one store write (:meth:`Store.apply`, or
    :meth:`Store.apply_nquads` for a bulk change), so a failure (or a kill) leaves neither.
    An empty changeset writes nothing and returns ``None``.
    """
    if isinstance(change.added_nquads, NQuadsStream):
        return _commit_stream(store, change, change.added_nquads, record)
    if change.empty:
        return None
    node: ox.NamedNode | None = None
    recorded: list[ox.Quad] = []
    if record:
        node, recorded = history_quads(change)
    if change.added_nquads is not None or change.added_count + len(change.removed) >= BULK_ABOVE:
        # The bulk path: the changeset's own quads and its history as one N-Quads document,
        # written by the store in one step with the removals.
        more = _nquads((*change.added, *recorded))
        bulk = change.added_nquads or NQuads((), 0)
        store.apply_nquads(NQuads((*bulk.chunks, more), bulk.count + len(change.added)
                                  + len(recorded)), change.removed)
        return node
    store.apply([*change.all_added(), *recorded], change.removed)
    return node


def _nquads(quads: tuple[ox.Quad, ...]) -> bytes:
    """N-Quads text of ``quads``, those in the default graph put in the model graph (as
    :meth:`Store.apply` does)."""
    default = ox.DefaultGraph()
    model = ox.NamedNode(MODEL_GRAPH)
    return "".join(
        f"{ox.Quad(q.subject, q.predicate, q.object, model) if q.graph_name == default else q} .\n"
        for q in quads
    ).encode()


def _commit_stream(store: Store, change: Changeset, stream: NQuadsStream,
                   record: bool) -> ox.NamedNode | None:
    """The bulk path for quads still being produced: the store reads them as they come and
    the history entry, made once the stream is closed (its count final), ends the same
    document, so both (and the removals) are one store write. An empty changeset writes
    nothing."""
    stream.note_subjects(MAX_KEPT_SUBJECTS)
    made: list[ox.NamedNode] = []

    def tail() -> bytes:
        if change.empty:
            return b""
        recorded: list[ox.Quad] = []
        if record:
            node, recorded = history_quads(change)
            made.append(node)
        return _nquads((*change.added, *recorded))

    try:
        store.apply_nquads(stream.then(tail), change.removed)
    finally:
        stream.abandon()
    return made[0] if made else None


def commit_if_unchanged(
    store: Store, change: Changeset, subject: ox.NamedNode, expected: list[ox.Quad]
) -> ox.NamedNode | None:
    """Write ``change`` with its history entry only while ``subject``'s statements in the
    model graph are still ``expected`` (what the editor's form was built from); returns the
    changeset's IRI, or ``None`` when someone else changed the entity first (nothing is
    written). The check and the write are one atomic update in the store itself, so saves
    through different web servers sharing a store cannot overwrite each other."""
    node, recorded = history_quads(change)
    added = [*change.added, *recorded]
    proof = recorded[0]
    if store.apply_guarded(added, change.removed, subject=subject, expected=expected,
                           proof=proof):
        return node
    return None

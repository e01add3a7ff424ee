"""Every importer and the editor write through one changeset commit: all or nothing, recorded."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from change_helpers import LABEL, MODEL, model_quads, quad

from tomgraph.changes import HISTORY_GRAPH, Changeset, commit, diff_graph
from tomgraph.changes.history import parse_quads
from tomgraph.errors import StoreError
from tomgraph.store import Dataset, Store


def test_a_commit_adds_and_removes_and_records_who_and_why(backend_store: Store) -> None:
    commit(backend_store, Changeset(added=(quad("a", "A"), quad("b", "B"))))
    node = commit(
        backend_store,
        Changeset(added=(quad("a", "A2"),), removed=(quad("a", "A"),), agent="alice",
                  comment="rename A", activity="edit"),
    )
    assert model_quads(backend_store) == {quad("a", "A2"), quad("b", "B")}
    row = next(iter(backend_store.query(
        "SELECT ?who ?why ?added ?removed ?change WHERE { ?change "
        "<http://www.w3.org/ns/prov#wasAssociatedWith> ?who ; "
        "<http://www.w3.org/2000/01/rdf-schema#comment> ?why ; "
        "<https://w3id.org/tomgraph/ontology#addedQuads> ?added ; "
        "<https://w3id.org/tomgraph/ontology#removedQuads> ?removed }",
        dataset=Dataset((HISTORY_GRAPH,)),
        bindings={"change": node},  # type: ignore[dict-item]
    )))
    assert [t.value for t in row[:2]] == ["alice", "rename A"]
    assert parse_quads(row[2].value) == [quad("a", "A2")]
    assert parse_quads(row[3].value) == [quad("a", "A")]


def test_a_changeset_in_the_default_graph_lands_in_the_model_graph(backend_store: Store) -> None:
    q = quad("c", "C")
    commit(backend_store, Changeset(added=(ox.Quad(q.subject, q.predicate, q.object),)))
    assert model_quads(backend_store) == {q}


def test_an_empty_changeset_writes_nothing(backend_store: Store) -> None:
    assert commit(backend_store, Changeset()) is None
    assert backend_store.count() == 0


def test_a_changeset_that_cannot_be_written_leaves_the_store_as_it_was(
    backend_store: Store,
) -> None:
    commit(backend_store, Changeset(added=(quad("a", "A"),)), record=False)
    blank = ox.Quad(ox.BlankNode(), LABEL, ox.Literal("x"), MODEL)
    with pytest.raises(StoreError, match="blank node"):
        commit(backend_store, Changeset(added=(quad("b", "B"),), removed=(blank,)))
    assert model_quads(backend_store) == {quad("a", "A")}
    assert HISTORY_GRAPH not in backend_store.graphs()


def test_diff_graph_is_minimal_and_its_inverse_undoes_it(backend_store: Store) -> None:
    old = [quad("a", "A"), quad("b", "B")]
    new = [quad("b", "B"), quad("c", "C")]
    change = diff_graph(old, new, agent="import")
    assert change.removed == (quad("a", "A"),) and change.added == (quad("c", "C"),)
    commit(backend_store, Changeset(added=tuple(old)))
    commit(backend_store, change)
    assert model_quads(backend_store) == set(new)
    commit(backend_store, change.inverse(agent="bob", comment="undo"))
    assert model_quads(backend_store) == set(old)

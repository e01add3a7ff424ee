"""A bulk changeset (N-Quads text, as a whole-model import builds it) goes through the same
commit: one transaction with its history, all or nothing, and it can be reverted."""

from __future__ import annotations

import threading

import pyoxigraph as ox
import pytest
from change_helpers import model_quads, nquads, quad

from tomgraph.changes import Changeset, NQuads, commit, load_changeset
from tomgraph.changes.history import MAX_KEPT_QUADS
from tomgraph.errors import StoreError
from tomgraph.namespaces import MODEL_GRAPH
from tomgraph.store import EmbeddedStore, Store
from tomgraph.store.nquads import NQuadsStream


def test_a_bulk_changeset_is_written_with_its_history_and_can_be_reverted(
    backend_store: Store,
) -> None:
    added = (quad("a", 'A "quoted"\nline'), quad("b", "B"))
    node = commit(backend_store, Changeset(added_nquads=nquads(*added), activity="import",
                                           source="model.xml"))
    assert node is not None
    assert model_quads(backend_store) == set(added)
    recorded = load_changeset(backend_store, node.value)
    assert recorded is not None
    assert set(recorded.added) == set(added)
    assert recorded.subjects() == ["https://example.org/a", "https://example.org/b"]
    commit(backend_store, recorded.inverse(agent="alice", reverts=node.value))
    assert model_quads(backend_store) == set()


def test_bulk_quads_that_are_not_n_quads_write_nothing_at_all(backend_store: Store) -> None:
    bad = NQuads.of(f"{quad('a', 'A')} .\n<https://example.org/b> oops .\n".encode(), 2)
    before = backend_store.count()
    with pytest.raises((StoreError, SyntaxError)):
        commit(backend_store, Changeset(added_nquads=bad))
    assert backend_store.count() == before


def test_subjects_are_counted_only_up_to_a_limit() -> None:
    many = nquads(*(quad(str(i), "x") for i in range(50)))
    change = Changeset(added_nquads=many)
    assert change.subjects_up_to(10) is None
    assert len(change.subjects_up_to(50) or []) == 50
    assert change.added_count == 50
    assert MODEL_GRAPH in many.data.decode()


def test_text_in_chunks_reads_as_one_document_even_when_a_line_spans_two_chunks(
    backend_store: Store,
) -> None:
    text = nquads(quad("a", "A"), quad("b", "B"), quad("c", "C")).data
    chunked = NQuads((text[:10], text[10:70], text[70:]), 3)
    assert chunked.quads() == nquads(quad("a", "A"), quad("b", "B"), quad("c", "C")).quads()
    assert chunked.subjects(10) == [f"https://example.org/{s}" for s in "abc"]
    commit(backend_store, Changeset(added_nquads=chunked))
    assert model_quads(backend_store) == {quad("a", "A"), quad("b", "B"), quad("c", "C")}


def produce(stream: NQuadsStream, *quads: ox.Quad, fail: Exception | None = None) -> None:
    """What an importer does on its own thread: put the quads, then close (or fail)."""
    for q in quads:
        stream.put(f"{q} .\n".encode(), 1)
    if fail is not None:
        stream.fail(fail)
    else:
        stream.close()


def test_a_streamed_changeset_is_written_as_it_is_produced_with_its_history(
    backend_store: Store,
) -> None:
    added = tuple(quad(str(i), f"label {i}") for i in range(20))
    stream = NQuadsStream(keep_up_to=MAX_KEPT_QUADS, max_chunks=2)
    producer = threading.Thread(target=produce, args=(stream, *added))
    producer.start()
    node = commit(backend_store, Changeset(added_nquads=stream, activity="import"))
    producer.join()
    assert node is not None
    assert model_quads(backend_store) == set(added)
    recorded = load_changeset(backend_store, node.value)
    assert recorded is not None and set(recorded.added) == set(added)
    commit(backend_store, recorded.inverse(agent="alice", reverts=node.value))
    assert model_quads(backend_store) == set()


def test_a_streamed_changeset_whose_producer_fails_writes_nothing_at_all(
    backend_store: Store,
) -> None:
    stream = NQuadsStream(max_chunks=2)
    producer = threading.Thread(
        target=produce,
        args=(stream, *(quad(str(i), "x") for i in range(20))),
        kwargs={"fail": ValueError("the file is bad after all")},
    )
    producer.start()
    before = backend_store.count()
    with pytest.raises((ValueError, StoreError)):
        commit(backend_store, Changeset(added_nquads=stream, activity="import"))
    producer.join()
    assert backend_store.count() == before


def test_an_empty_stream_is_no_change() -> None:
    stream = NQuadsStream()
    stream.close()
    store = EmbeddedStore()
    assert commit(store, Changeset(added_nquads=stream)) is None
    assert store.count() == 0

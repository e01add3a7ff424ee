"""A save checks the entity's version and writes in one atomic step inside the store.

Two writers (threads here; web servers sharing a remote store in production), each with its
own connection, save one entity as fast as they can. Every save that reports success must
have replaced exactly the label the save before it wrote: a chain with no fork, so no
update is lost or silently overwritten.
"""

from __future__ import annotations

import threading
import time

import pyoxigraph as ox

from tomgraph.changes import Changeset, commit, commit_if_unchanged
from tomgraph.namespaces import MODEL_GRAPH, RDFS
from tomgraph.store import Store

ENTITY = ox.NamedNode("https://example.org/cap/1")
LABEL = ox.NamedNode(RDFS + "label")
GRAPH = ox.NamedNode(MODEL_GRAPH)


def quads_of(store: Store) -> list[ox.Quad]:
    result = store.query(f"SELECT ?p ?o WHERE {{ GRAPH <{MODEL_GRAPH}> {{ {ENTITY} ?p ?o }} }}")
    return [ox.Quad(ENTITY, p, o, GRAPH) for p, o in result]  # type: ignore[misc, arg-type]


def relabel(current: list[ox.Quad], text: str) -> Changeset:
    old = [q for q in current if q.predicate == LABEL]
    return Changeset(added=(ox.Quad(ENTITY, LABEL, ox.Literal(text), GRAPH),),
                     removed=tuple(old), agent="test")


def test_a_guarded_save_writes_while_the_entity_is_as_it_was_read(backend_store: Store) -> None:
    commit(backend_store, relabel([], "start"))
    current = quads_of(backend_store)
    assert commit_if_unchanged(backend_store, relabel(current, "next"), ENTITY, current)
    assert [q.object.value for q in quads_of(backend_store)] == ["next"]


def test_a_guarded_save_against_a_stale_read_writes_nothing(backend_store: Store) -> None:
    commit(backend_store, relabel([], "start"))
    stale = quads_of(backend_store)
    commit(backend_store, relabel(stale, "someone else"))
    before = backend_store.count()
    assert commit_if_unchanged(backend_store, relabel(stale, "mine"), ENTITY, stale) is None
    assert [q.object.value for q in quads_of(backend_store)] == ["someone else"]
    assert backend_store.count() == before  # neither the data nor a history entry


def test_a_guarded_creation_fails_when_the_entity_already_exists(backend_store: Store) -> None:
    commit(backend_store, relabel([], "first"))
    assert commit_if_unchanged(backend_store, relabel([], "second"), ENTITY, []) is None


def _second_connection(store: Store) -> Store:
    """Another client of the same store: a second connection to a remote store (as a second
    web server has), the same object for an embedded one (only one process can open it)."""
    if not store.remote:
        return store
    from tomgraph.store.remote import RemoteStore

    assert isinstance(store, RemoteStore)
    return RemoteStore(store.endpoint, update_endpoint=store.update_endpoint,
                       gsp_endpoint=store.gsp_endpoint)


def test_two_writers_hammering_one_entity_lose_no_update(backend_store: Store) -> None:
    commit(backend_store, relabel([], "start"))
    stores = [backend_store, _second_connection(backend_store)]
    saved: list[tuple[str, str]] = []  # (label replaced, label written) of each success
    refused = [0]
    lock = threading.Lock()
    stop = time.monotonic() + 3

    def work(n: int) -> None:
        store, i = stores[n], 0
        while time.monotonic() < stop:
            current = quads_of(store)
            old = next(q.object.value for q in current if q.predicate == LABEL)
            text = f"writer {n} save {i}"
            i += 1
            if commit_if_unchanged(store, relabel(current, text), ENTITY, current):
                with lock:
                    saved.append((old, text))
            else:
                with lock:
                    refused[0] += 1

    threads = [threading.Thread(target=work, args=(n,)) for n in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if stores[1] is not backend_store:
        stores[1].close()
    following = dict(saved)
    assert len(following) == len(saved), "two saves replaced the same label: one was lost"
    label, steps = "start", 0
    while label in following:
        label, steps = following[label], steps + 1
    assert steps == len(saved) > 1
    assert [q.object.value for q in quads_of(backend_store)] == [label]

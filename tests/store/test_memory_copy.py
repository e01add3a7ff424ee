"""An in-memory copy of a store's graphs holds exactly their quads, blank nodes included.

Validation of a store on disk works on such a copy (``tomgraph.store.snapshot_memory``); the
copy is read in parts (one per graph and predicate), quad by quad on one thread or as text on
several when cores are idle, so these tests check both ways: the parts add up to the graphs and
nothing is renamed on the way.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest

from tomgraph.store import EmbeddedStore, snapshot_memory
from tomgraph.store.snapshot_memory import copy_parts, memory_copy

EX = "http://example.com/"
MODEL, OTHER, LEFT_OUT = f"{EX}model", f"{EX}other", f"{EX}left-out"

DATA = f"""
<{EX}a> a <{EX}Capability> ; <{EX}label> "A" ; <{EX}owner> _:who ; <{EX}note> "see _:b0 here" .
_:who a <{EX}Person> ; <{EX}label> "Someone"@en ; <{EX}age> 41 .
<{EX}b> a <{EX}Capability> ; <{EX}label> "B\\nwith \\"quotes\\" and é" ; <{EX}list> ( 1 2 ) .
""".encode()


def _quads(store: ox.Store, graphs: tuple[str, ...]) -> set[ox.Quad]:
    return {q for g in graphs for q in store.quads_for_pattern(None, None, None, ox.NamedNode(g))}


@pytest.fixture(params=[1, 2], ids=["one thread", "two threads"], autouse=True)
def threads(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> int:
    monkeypatch.setattr(snapshot_memory, "copy_threads", lambda: request.param)
    return int(request.param)


@pytest.fixture
def on_disk(tmp_path: Path) -> Iterator[EmbeddedStore]:
    with EmbeddedStore(tmp_path / "db") as store:
        store.load_bytes(DATA, ox.RdfFormat.TURTLE, graph=MODEL)
        store.load_bytes(f"<{EX}x> <{EX}mentions> <{EX}a> .".encode(), ox.RdfFormat.TURTLE,
                         graph=OTHER)
        store.load_bytes(f"<{EX}y> <{EX}label> \"not copied\" .".encode(),
                         ox.RdfFormat.TURTLE, graph=LEFT_OUT)
        yield store


def test_the_copy_holds_the_same_quads_as_the_graphs_it_copies(on_disk: EmbeddedStore) -> None:
    copy = memory_copy(on_disk, (MODEL, OTHER))
    assert copy is not None
    with copy:
        assert set(copy.oxigraph) == _quads(on_disk.oxigraph, (MODEL, OTHER))
        assert copy.count(LEFT_OUT) == 0


def test_blank_nodes_keep_their_names_across_predicates_so_links_between_them_hold(
    on_disk: EmbeddedStore,
) -> None:
    copy = memory_copy(on_disk, (MODEL,))
    assert copy is not None
    with copy:
        owners = [q.object for q in copy.oxigraph.quads_for_pattern(
            ox.NamedNode(f"{EX}a"), ox.NamedNode(f"{EX}owner"), None, None)]
        assert len(owners) == 1 and isinstance(owners[0], ox.BlankNode)
        kinds = [q.object for q in copy.oxigraph.quads_for_pattern(
            owners[0], ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"), None,
            None)]
        assert kinds == [ox.NamedNode(f"{EX}Person")]


def test_the_parts_of_a_copy_cover_every_triple_largest_first(on_disk: EmbeddedStore) -> None:
    parts = copy_parts(on_disk.oxigraph, (MODEL, OTHER, MODEL))
    assert sum(p.quads for p in parts) == on_disk.count(MODEL) + on_disk.count(OTHER)
    assert [p.quads for p in parts] == sorted((p.quads for p in parts), reverse=True)
    assert len({(p.graph, p.predicate) for p in parts}) == len(parts)


def test_a_copy_of_an_empty_graph_is_an_empty_store(tmp_path: Path) -> None:
    with EmbeddedStore(tmp_path / "db") as store:
        copy = memory_copy(store, (MODEL,))
        assert copy is not None
        with copy:
            assert copy.count() == 0


def test_a_copy_uses_no_more_threads_than_there_are_idle_cores(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.undo()
    monkeypatch.setattr(snapshot_memory.os, "cpu_count", lambda: 2)
    monkeypatch.setattr(snapshot_memory.os, "getloadavg", lambda: (1.0, 1.0, 1.0))
    assert snapshot_memory.copy_threads() == 2
    monkeypatch.setattr(snapshot_memory.os, "getloadavg", lambda: (6.0, 5.0, 4.0))
    assert snapshot_memory.copy_threads() == 1
    monkeypatch.setattr(snapshot_memory.os, "cpu_count", lambda: 64)
    monkeypatch.setattr(snapshot_memory.os, "getloadavg", lambda: (0.0, 0.0, 0.0))
    assert snapshot_memory.copy_threads() == snapshot_memory.MAX_COPY_THREADS

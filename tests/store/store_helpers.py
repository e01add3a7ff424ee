"""Comparing stores: exact quads, and graphs up to blank-node renaming."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pyoxigraph as ox
import rdflib
from pyoxigraph import RdfFormat
from rdflib.compare import isomorphic

import tomgraph
from tomgraph.store import EmbeddedStore, file_replica


def quads(store: EmbeddedStore) -> list[str]:
    """Every quad, as text, sorted: equal lists mean the store is exactly the same."""
    return sorted(str(q) for q in store.oxigraph)


def graph_of(store: EmbeddedStore, graph: str | None = None) -> rdflib.Graph:
    """``graph`` (or the union) as an rdflib graph, for isomorphism checks."""
    buffer = io.BytesIO()
    store.export(buffer, RdfFormat.N_TRIPLES, graph=graph)
    return rdflib.Graph().parse(data=buffer.getvalue().decode("utf-8"), format="nt")


def same_graph(a: rdflib.Graph, b: rdflib.Graph) -> bool:
    return len(a) == len(b) and isomorphic(a, b)


def replica_quads(store: EmbeddedStore, graphs: tuple[str, ...]) -> ox.Store:
    """The store's replica parsed, as validation parses it."""
    replica = store.current_replica()
    assert replica is not None, "the store has no replica"
    parsed = ox.Store()
    file_replica.read_into(Path(store.location), replica, parsed, graphs)
    return parsed


def same_content(store: EmbeddedStore, parsed: ox.Store, graphs: tuple[str, ...]) -> None:
    """The two hold the same quads in ``graphs``, blank nodes matched by count (each parse
    names them afresh, as each load does)."""
    for graph in graphs:
        node = ox.NamedNode(graph)
        ours = list(store.oxigraph.quads_for_pattern(None, None, None, node))
        theirs = list(parsed.quads_for_pattern(None, None, None, node))
        assert len(ours) == len(theirs), graph

        def named(quads: list[ox.Quad]) -> set[ox.Quad]:
            return {q for q in quads
                    if not isinstance(q.subject, ox.BlankNode)
                    and not isinstance(q.object, ox.BlankNode)}

        assert named(ours) == named(theirs), graph
    stray = {g for g in parsed.named_graphs() if g.value not in graphs}  # type: ignore[union-attr]
    assert not stray


def child_env() -> dict[str, str]:
    """The child imports this checkout's package, whatever is installed."""
    src = str(Path(tomgraph.__file__).resolve().parents[1])
    return {**os.environ, "PYTHONPATH": src + os.pathsep + os.environ.get("PYTHONPATH", "")}

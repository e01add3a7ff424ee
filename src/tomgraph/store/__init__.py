"""Stores: one interface (:class:`Store`), one backend per module, chosen by :func:`open_store`."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .. import bundled
from .base import (
    UNION,
    AskResult,
    Dataset,
    GraphResult,
    LoadReport,
    QueryResult,
    SelectResult,
    Snapshot,
    Store,
    Term,
)
from .embedded import EmbeddedStore

__all__ = [
    "UNION",
    "AskResult",
    "Dataset",
    "EmbeddedStore",
    "GraphResult",
    "LoadReport",
    "QueryResult",
    "SelectResult",
    "Snapshot",
    "Store",
    "StoreConfig",
    "Term",
    "example_store",
    "load_bundled",
    "open_store",
    "without_inferred",
]


@dataclass
class StoreConfig:
    """Where the data is: a directory, a SPARQL endpoint, or (neither) the bundled example."""

    path: Path | None = None
    endpoint: str | None = None
    update_endpoint: str | None = None
    gsp_endpoint: str | None = None
    username: str | None = None
    password: str | None = None
    token: str | None = None
    verify_tls: bool = True
    timeout: float = 60.0
    read_only: bool = False


def open_store(config: StoreConfig | None = None) -> Store:
    """The store ``config`` names; with nothing named, a fresh in-memory copy of the example."""
    config = config or StoreConfig()
    if config.endpoint:
        from .remote import RemoteStore

        return RemoteStore.from_config(config)
    if config.path is not None:
        return EmbeddedStore(config.path, read_only=config.read_only)
    return example_store()


def example_store() -> EmbeddedStore:
    """An in-memory store holding the bundled ontology, shapes and example programme."""
    store = EmbeddedStore()
    load_bundled(store)
    return store


def load_bundled(store: Store, *, model: bool = True) -> None:
    """Load the ontology and shapes (and, with ``model``, the example) into their graphs."""
    for graph, files in bundled.bundled_graphs().items():
        if files and (model or graph != bundled.MODEL_GRAPH):
            store.load_files(files, graph=graph)


def without_inferred(store: Store) -> Dataset:
    """The union of every graph but the reasoner's: asserted facts only."""
    from ..namespaces import INFERRED_GRAPH

    graphs = tuple(g for g in store.graphs() if not g.startswith(INFERRED_GRAPH))
    return Dataset(default_graphs=graphs, named_graphs=graphs)

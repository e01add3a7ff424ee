"""The two sides of a diff, each opened as an in-memory store with the ontology and shapes.

A side is a file of any RDF format, a design workbook (``.xlsx``) or a folder of CSV sheets,
or an embedded store directory, optionally narrowed to one named graph. Whatever it is, its
model lands in the model graph of a fresh store beside the bundled ontology and shapes, so
labels, property facts and validation read the same on both sides.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from ..errors import InputError, UsageError
from ..formats import guess_rdf_format
from ..namespaces import GRAPH_BASE, MODEL_GRAPH, ONTOLOGY_GRAPH, SHAPES_GRAPH
from ..sparql import internal_query
from ..store import Dataset, EmbeddedStore, GraphResult, load_bundled

NOT_MODEL = (ONTOLOGY_GRAPH, SHAPES_GRAPH, GRAPH_BASE + "inferred", GRAPH_BASE + "history")
"""Graphs that are not the design itself: a diff of models leaves them out."""


def _is_store_dir(path: Path) -> bool:
    return path.is_dir() and (path / "CURRENT").is_file()


def _is_csv_dir(path: Path) -> bool:
    return path.is_dir() and any(path.glob("*.csv"))


def model_quads(path: Path, *, graph: str | None = None) -> list[ox.Quad]:
    """The model quads ``path`` holds (for a workbook, resolved against the bundled shapes)."""
    if not path.exists():
        raise InputError("no such file or folder", source=path)
    if path.suffix.lower() in (".xlsx", ".xlsm") or _is_csv_dir(path):
        from ..spreadsheets import workbook_quads

        resolver = EmbeddedStore()
        load_bundled(resolver, model=False)
        try:
            return list(workbook_quads(path, resolver))
        finally:
            resolver.close()
    if _is_store_dir(path):
        source = EmbeddedStore(path, read_only=True)
    elif path.is_dir():
        raise UsageError(f"{path}: a folder that is neither a store nor CSV sheets")
    else:
        source = EmbeddedStore()
        guess_rdf_format(path)  # an unknown extension fails here, naming the file
        source.load_files([path], graph=MODEL_GRAPH)
    try:
        graphs = [graph] if graph else [g for g in source.graphs() if g not in NOT_MODEL
                                        and not g.startswith(GRAPH_BASE + "inferred")]
        if graph and graph not in source.graphs():
            raise UsageError(f"{path}: no graph {graph}")
        if not graphs:
            return []
        model = ox.NamedNode(MODEL_GRAPH)
        result = source.query(internal_query("union-triples"),
                              dataset=Dataset(default_graphs=tuple(graphs)))
        assert isinstance(result, GraphResult)
        return [ox.Quad(t.subject, t.predicate, t.object, model) for t in result]
    finally:
        source.close()


def open_model(path: Path, *, graph: str | None = None) -> EmbeddedStore:
    """A fresh in-memory store: bundled ontology and shapes, and ``path``'s model."""
    store = EmbeddedStore()
    load_bundled(store, model=False)
    store.apply(model_quads(path, graph=graph))
    return store

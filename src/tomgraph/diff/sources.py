"""The two versions of a design, loaded side by side into one store for comparing.

A version is a file of any RDF format, a design workbook (``.xlsx``) or a folder of CSV
sheets, or an embedded store directory, optionally narrowed to one named graph. Both land in
one fresh in-memory store beside the bundled ontology and shapes, each in its own graph
(:data:`OLD_GRAPH`, :data:`NEW_GRAPH`), so the engine itself finds what differs and labels,
property facts and validation read the same for both.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from ..errors import InputError, UsageError
from ..formats import guess_rdf_format
from ..namespaces import GRAPH_BASE, MODEL_GRAPH, ONTOLOGY_GRAPH, SHAPES_GRAPH
from ..sparql import internal_query
from ..store import Dataset, EmbeddedStore, GraphResult, Store, load_bundled

OLD_GRAPH = GRAPH_BASE + "diff/old"
NEW_GRAPH = GRAPH_BASE + "diff/new"
NOT_MODEL = (ONTOLOGY_GRAPH, SHAPES_GRAPH, GRAPH_BASE + "history")
"""Graphs that are not the design itself: a diff of models leaves them out."""
TRIPLE_FORMATS = (ox.RdfFormat.N_TRIPLES, ox.RdfFormat.TURTLE, ox.RdfFormat.RDF_XML,
                  ox.RdfFormat.N3)


def _is_store_dir(path: Path) -> bool:
    return path.is_dir() and (path / "CURRENT").is_file()


def _is_csv_dir(path: Path) -> bool:
    return path.is_dir() and any(path.glob("*.csv"))


def _model_graphs(source: Store, graph: str | None, path: Path) -> tuple[str, ...]:
    graphs = source.graphs()
    if graph:
        if graph not in graphs:
            raise UsageError(f"{path}: no graph {graph}")
        return (graph,)
    return tuple(g for g in graphs
                 if g not in NOT_MODEL and not g.startswith(GRAPH_BASE + "inferred"))


def _copy(source: Store, graphs: tuple[str, ...], into: Store, target: str) -> None:
    if not graphs:
        return
    result = source.query(internal_query("union-triples"), dataset=Dataset(default_graphs=graphs))
    assert isinstance(result, GraphResult)
    node = ox.NamedNode(target)
    into.apply([ox.Quad(t.subject, t.predicate, t.object, node) for t in result])


def load_version(store: EmbeddedStore, path: Path, target: str, *,
                 graph: str | None = None) -> None:
    """Load the model ``path`` holds into graph ``target`` of ``store``."""
    if not path.exists():
        raise InputError("no such file or folder", source=path)
    if path.suffix.lower() in (".xlsx", ".xlsm") or _is_csv_dir(path):
        from ..spreadsheets import workbook_quads

        node = ox.NamedNode(target)
        store.apply([ox.Quad(q.subject, q.predicate, q.object, node)
                     for q in workbook_quads(path, store)])
        return
    if _is_store_dir(path):
        with EmbeddedStore(path, read_only=True) as source:
            _copy(source, _model_graphs(source, graph, path), store, target)
        return
    if path.is_dir():
        raise UsageError(f"{path}: a folder that is neither a store nor CSV sheets")
    if guess_rdf_format(path) in TRIPLE_FORMATS and not graph:
        store.load_files([path], graph=target)  # the engine parses straight into place
        return
    with EmbeddedStore() as source:
        source.load_files([path], graph=MODEL_GRAPH)
        _copy(source, _model_graphs(source, graph, path), store, target)


def open_versions(old: Path, new: Path, *, graph: str | None = None,
                  load_old: bool = True, old_graph: str | None = None,
                  new_graph: str | None = None) -> EmbeddedStore:
    """One in-memory store: bundled ontology and shapes, ``old`` and ``new`` side by side.

    ``old_graph`` / ``new_graph`` pick a named graph of each side (two graphs of one store
    compare a draft with the model); ``graph`` is the default for both.
    ``load_old=False`` loads only the new version, for when the difference is already known
    (see :func:`ntriples_difference`) and no validation of the old version is wanted.
    """
    store = EmbeddedStore()
    try:
        load_bundled(store, model=False)
        if load_old:
            load_version(store, old, OLD_GRAPH, graph=old_graph or graph)
        load_version(store, new, NEW_GRAPH, graph=new_graph or graph)
    except BaseException:
        store.close()
        raise
    return store


def is_ntriples(path: Path) -> bool:
    return path.is_file() and path.suffix.lower() == ".nt"


def ntriples_difference(old: Path, new: Path) -> tuple[list[ox.Triple], list[ox.Triple]]:
    """(added, removed) between two N-Triples files, from their lines.

    One triple per line makes most of the work a set difference of lines; the lines that
    differ are parsed, and pairs that are the same triple written differently cancel out.
    Lines with blank nodes are compared after canonical labelling, since two files never
    share blank-node labels. Much faster than loading both files to compare in a store.
    """
    sides: list[set[bytes]] = []
    for path in (old, new):
        # Lines written differently (trailing blanks, escapes) differ here and cancel out
        # below, once parsed; only CRLF endings are evened out first, cheaply.
        data = path.read_bytes()
        if b"\r" in data:
            data = data.replace(b"\r\n", b"\n")
        lines = set(data.split(b"\n"))
        lines.discard(b"")
        sides.append(lines)
    gone_lines, came_lines = sides[0] - sides[1], sides[1] - sides[0]

    def parse(lines: set[bytes], path: Path) -> tuple[set[ox.Triple], set[ox.Triple]]:
        plain: set[ox.Triple] = set()
        blank: set[ox.Triple] = set()
        data = b"\n".join(lines) + b"\n"
        has_blank = b"_:" in data
        try:
            for t in ox.parse(data, ox.RdfFormat.N_TRIPLES):
                triple = ox.Triple(t.subject, t.predicate, t.object)
                if has_blank and (isinstance(t.subject, ox.BlankNode)
                                  or isinstance(t.object, ox.BlankNode)):
                    blank.add(triple)
                else:
                    plain.add(triple)
        except SyntaxError as exc:
            raise InputError(f"not valid N-Triples: {exc}", source=path) from None
        return plain, blank

    gone, gone_blank = parse(gone_lines, old)
    came, came_blank = parse(came_lines, new)
    if gone_blank or came_blank:
        # Blank-node triples: every such line of each file, canonically labelled.
        old_blank = parse({ln for ln in sides[0] if b"_:" in ln}, old)[1]
        new_blank = parse({ln for ln in sides[1] if b"_:" in ln}, new)[1]
        from ..store.stable_turtle import canonical_triples

        a, b = set(canonical_triples(old_blank)), set(canonical_triples(new_blank))
        gone_blank, came_blank = a - b, b - a
    return sorted((came - gone) | came_blank, key=str), sorted((gone - came) | gone_blank, key=str)

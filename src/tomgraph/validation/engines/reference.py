"""The reference engine: pySHACL, the most complete SHACL implementation in Python.

It is the yardstick every other engine is measured against (W3C suite, our own shapes), and
the fallback when the fast engine meets a feature it does not compile. It copies the graphs
out of the store into rdflib, so it works on any backend but is slow on large models.
"""

from __future__ import annotations

import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from threading import Lock

import pyshacl
import rdflib
from rdflib import XSD, Graph, Literal, URIRef
from rdflib.term import Node

from ...store import Dataset, SelectResult, Store
from ..results import SH, ValidationOutcome
from . import DEFAULT_DATA_GRAPHS, DEFAULT_SHAPES_GRAPHS
from .rdflib_speedup import prepared_queries
from .reports import results_from_report
from .terms import ox_to_rdflib

_ALL_TRIPLES = "SELECT ?s ?p ?o WHERE { ?s ?p ?o }"


def graph_from_store(store: Store, graphs: Sequence[str]) -> Graph:
    """The RDF merge of ``graphs`` as an rdflib graph, read through the store's query interface.

    A SELECT rather than an export keeps literal lexical forms exactly as stored and works the
    same on the embedded and remote backends.
    """
    graph = Graph()
    result = store.query(_ALL_TRIPLES, dataset=Dataset(default_graphs=tuple(graphs)))
    assert isinstance(result, SelectResult)
    add = graph.add
    for s, p, o in result:
        add((ox_to_rdflib(s), ox_to_rdflib(p), ox_to_rdflib(o)))  # type: ignore[arg-type]
    return graph


_NORMALIZE_LOCK = Lock()


@contextmanager
def literals_as_written() -> Iterator[None]:
    """Parse with rdflib without rewriting literals (``"1"^^xsd:boolean`` stays as written).

    rdflib's switch is process-wide, so it is flipped under a lock and always restored.
    """
    with _NORMALIZE_LOCK:
        saved = rdflib.NORMALIZE_LITERALS
        rdflib.NORMALIZE_LITERALS = False
        try:
            yield
        finally:
            rdflib.NORMALIZE_LITERALS = saved


def parse_files(paths: Sequence[Path]) -> Graph:
    """The RDF merge of ``paths``, each parsed with its own location as base IRI."""
    from rdflib.util import guess_format

    graph = Graph()
    with literals_as_written():
        for path in paths:
            fmt = guess_format(str(path)) or "turtle"
            graph.parse(path, format=fmt, publicID=Path(path).resolve().as_uri())
    return graph


def validate_rdflib(
    data: Graph, shapes: Graph, *, use_shapes: Sequence[str] | None = None
) -> ValidationOutcome:
    """Run pySHACL on rdflib graphs with the settings tomgraph relies on.

    ``inference="none"``: subclass targets work because the ontology is part of the data
    graph, and inference would add facts the other engines do not see. ``advanced=True`` turns
    on SHACL-SPARQL constraints, which our cross-entity rules use. ``inplace=True`` because
    pySHACL's defensive copy would re-create every literal with rdflib's normalised lexical
    form (``"01"`` becomes ``"1"``) and cost time; the caller's ``data`` is ours to use up.
    """
    start = time.perf_counter()
    ignored = _false_flags(shapes)
    with prepared_queries():
        _conforms, report, _text = pyshacl.validate(
            data,
            shacl_graph=shapes,
            ont_graph=None,
            inference="none",
            advanced=True,
            allow_warnings=True,
            inplace=True,
            use_shapes=list(use_shapes) if use_shapes is not None else None,
        )
    assert isinstance(report, Graph)
    if ignored:
        for triple in ignored:
            shapes.add(triple)
    results = results_from_report(report)
    return ValidationOutcome(results, engine="reference", seconds=time.perf_counter() - start)


BOOLEAN_FLAGS = ("uniqueLang", "closed", "deactivated", "qualifiedValueShapesDisjoint")
_TRUE = Literal("true", datatype=XSD.boolean)


def _false_flags(shapes: Graph) -> list[tuple[Node, Node, Node]]:
    """Take out boolean shape flags that are not literally ``true``, and return them.

    SHACL switches these features on only with the value ``true``; pySHACL also accepts any
    literal whose value is true (``"1"^^xsd:boolean``), which the W3C suite tests against
    (``uniqueLang-002``). Removing such flags for the run gives the standard's answer.
    """
    removed = []
    for flag in BOOLEAN_FLAGS:
        for s, p, o in list(shapes.triples((None, URIRef(SH + flag), None))):
            if o != _TRUE or str(o) != "true":
                removed.append((s, p, o))
                shapes.remove((s, p, o))
    return removed


class ReferenceEngine:
    """pySHACL over graphs copied out of the store."""

    name = "reference"

    def validate(
        self,
        store: Store,
        *,
        data_graphs: Sequence[str] = DEFAULT_DATA_GRAPHS,
        shapes_graphs: Sequence[str] = DEFAULT_SHAPES_GRAPHS,
        use_shapes: Sequence[str] | None = None,
    ) -> ValidationOutcome:
        """Validate the union of ``data_graphs`` against the shapes in ``shapes_graphs``.

        ``use_shapes`` (shape IRIs) limits the run to those shapes: the fast engine's fallback.
        """
        start = time.perf_counter()
        data = graph_from_store(store, data_graphs)
        shapes = graph_from_store(store, shapes_graphs)
        outcome = validate_rdflib(data, shapes, use_shapes=use_shapes)
        outcome.seconds = time.perf_counter() - start
        return outcome

"""SHACL engines behind one interface, chosen by name (``reference`` or ``fast``).

Every engine takes a store and the graphs to use, and returns engine-neutral
:class:`~tomgraph.validation.results.ValidationOutcome` results so that engines can be swapped
and compared result by result.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from ...errors import UsageError
from ...namespaces import MODEL_GRAPH, ONTOLOGY_GRAPH, SHAPES_GRAPH
from ...store import Store
from ..results import ValidationOutcome

DEFAULT_DATA_GRAPHS: tuple[str, ...] = (MODEL_GRAPH, ONTOLOGY_GRAPH)
"""The data a design is validated as: the model plus the ontology (for rdfs:subClassOf)."""

DEFAULT_SHAPES_GRAPHS: tuple[str, ...] = (SHAPES_GRAPH,)


class Engine(Protocol):
    """A SHACL validator."""

    name: str

    def validate(
        self,
        store: Store,
        *,
        data_graphs: Sequence[str] = DEFAULT_DATA_GRAPHS,
        shapes_graphs: Sequence[str] = DEFAULT_SHAPES_GRAPHS,
    ) -> ValidationOutcome:
        """Validate the union of ``data_graphs`` against the shapes in ``shapes_graphs``."""
        ...


def _reference() -> Engine:
    from .reference import ReferenceEngine

    return ReferenceEngine()


def _fast() -> Engine:
    from .fast import FastEngine

    return FastEngine()


@dataclass(frozen=True)
class EngineEntry:
    """An engine in the registry: what users type, what it is, how to make one."""

    name: str
    description: str
    make: Callable[[], Engine]


ENGINES: dict[str, EngineEntry] = {
    e.name: e
    for e in (
        EngineEntry("reference", "pySHACL", _reference),
        EngineEntry("fast", "SHACL compiled to SPARQL, run inside the store", _fast),
    )
}
"""The one registry of SHACL engines: the CLI's ``--engine``, :func:`validate` and the web app
read their names here. Each is imported lazily so that choosing one never pays for loading the
other."""

ENGINE_NAMES: tuple[str, ...] = tuple(ENGINES)
DEFAULT_ENGINE = "fast"


def check_engine(name: str) -> str:
    """``name`` if it names an engine; an unknown name is the caller's mistake, not a crash."""
    if name not in ENGINES:
        raise UsageError(
            f"unknown SHACL engine {name!r} (choose one of: {', '.join(ENGINE_NAMES)})"
        )
    return name


def get_engine(name: str = DEFAULT_ENGINE) -> Engine:
    """The engine called ``name`` (see :func:`check_engine` for unknown names)."""
    return ENGINES[check_engine(name)].make()


DATA_GRAPH = "urn:tomgraph:validation:data"
SHAPES_ONLY_GRAPH = "urn:tomgraph:validation:shapes"


def validate_files(
    data: Sequence[Path],
    shapes: Sequence[Path],
    *,
    engine: str | Engine = DEFAULT_ENGINE,
) -> ValidationOutcome:
    """Validate RDF files against shape files without a tomgraph store of one's own.

    For inputs that are not a tomgraph model (the W3C suite, a shape file under test). The
    reference engine reads the files with rdflib directly, so it sees every literal exactly
    as written. Other engines run on a throw-away in-memory store (data and shapes in graphs
    of their own, each file with its own location as base IRI); when Oxigraph would store a
    literal differently from how it is written (it keeps XSD values in canonical form), the
    answer could differ from the reference, so those inputs go to the reference and the
    outcome says so (``fast+reference``).
    """
    from ...store import EmbeddedStore
    from .reference import ReferenceEngine, parse_files, validate_rdflib
    from .storage import rewritten_literals

    chosen = get_engine(engine) if isinstance(engine, str) else engine
    if isinstance(chosen, ReferenceEngine) or rewritten_literals([*data, *shapes]):
        outcome = validate_rdflib(parse_files(data), parse_files(shapes))
        if not isinstance(chosen, ReferenceEngine):
            outcome.engine = f"{chosen.name}+reference"
        return outcome
    store = EmbeddedStore()
    try:
        store.load_files(list(data), graph=DATA_GRAPH)
        store.load_files(list(shapes), graph=SHAPES_ONLY_GRAPH)
        return chosen.validate(store, data_graphs=[DATA_GRAPH], shapes_graphs=[SHAPES_ONLY_GRAPH])
    finally:
        store.close()

"""SHACL engines behind one interface, chosen by name (``reference`` or ``fast``).

Every engine takes a store and the graphs to use, and returns engine-neutral
:class:`~tomgraph.validation.results.ValidationOutcome` results so that engines can be swapped
and compared result by result.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

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

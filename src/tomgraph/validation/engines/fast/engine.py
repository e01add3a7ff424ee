"""The fast engine: SHACL compiled to SPARQL and run where the data is.

The data never leaves the store: on the embedded store the checks run at Oxigraph's native
speed, and on a remote triplestore they are pushed to the server through the same
:meth:`Store.query` calls. Only the (small) shapes graph is read into Python. Shapes that use
features the compiler does not handle are validated by the reference engine in the same run,
and the outcome's ``engine`` then reads ``fast+reference``.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor

import pyoxigraph as ox

from ....store import Dataset, SelectResult, Store, Term
from ...results import ValidationOutcome, ValidationResult
from .. import DEFAULT_DATA_GRAPHS, DEFAULT_SHAPES_GRAPHS
from ..terms import ox_nt, result_order
from .plan import PlannedQuery, Planner
from .shapes import ShapesGraph
from .sparql_constraints import fill_message
from .values import casts_for

WORKERS = 2
"""Queries run on this many threads; Oxigraph evaluates them without holding the GIL."""


class FastEngine:
    """SHACL Core and SHACL-SPARQL constraints as SPARQL queries inside the store."""

    name = "fast"

    def validate(
        self,
        store: Store,
        *,
        data_graphs: Sequence[str] = DEFAULT_DATA_GRAPHS,
        shapes_graphs: Sequence[str] = DEFAULT_SHAPES_GRAPHS,
    ) -> ValidationOutcome:
        """Validate the union of ``data_graphs`` against the shapes in ``shapes_graphs``."""
        start = time.perf_counter()
        shapes = ShapesGraph.from_store(store, shapes_graphs)
        plan = Planner(shapes, casts=casts_for(store)).plan()
        notes = [f"{ox_nt(s)}: {why}" for s, why in plan.fallback.items()]
        if plan.fallback and any(isinstance(s, ox.BlankNode) for s in plan.fallback):
            # pySHACL can only be limited to named shapes: hand it the whole run.
            outcome = self._reference(store, data_graphs, shapes_graphs, None)
            outcome.notes = notes
            outcome.seconds = time.perf_counter() - start
            return outcome
        dataset = Dataset(default_graphs=tuple(data_graphs))
        results: list[ValidationResult] = []
        with ThreadPoolExecutor(WORKERS) as pool:
            for found in pool.map(lambda q: list(run(store, q, dataset)), plan.queries):
                results += found
        engine = self.name
        if plan.fallback:
            extra = self._reference(store, data_graphs, shapes_graphs,
                                    [s.value for s in plan.fallback
                                     if isinstance(s, ox.NamedNode)])
            results += extra.results
            engine = f"{self.name}+reference"
        ordered = sorted(results, key=result_order)
        return ValidationOutcome(ordered, engine=engine, seconds=time.perf_counter() - start,
                                 notes=notes)

    @staticmethod
    def _reference(
        store: Store, data: Sequence[str], shapes: Sequence[str], use: list[str] | None
    ) -> ValidationOutcome:
        from ..reference import ReferenceEngine

        outcome = ReferenceEngine().validate(store, data_graphs=data, shapes_graphs=shapes,
                                             use_shapes=use)
        outcome.engine = "fast+reference"
        return outcome


def run(store: Store, planned: PlannedQuery, dataset: Dataset) -> Iterable[ValidationResult]:
    """The results one planned query finds."""
    check = planned.check
    result = store.query(planned.sparql, dataset=dataset)
    assert isinstance(result, SelectResult)
    shape = ox_nt(check.shape) or ""
    sparql = check.query is not None and check.component == "SPARQLConstraintComponent"
    for row in result.dicts():
        focus = row.get("this")
        if focus is None:
            continue
        value: Term | None = row.get("value") if (check.reports_value or sparql) else None
        if sparql and value is None and check.result_path is None:
            value = focus
        path = ox_nt(row["path"]) if "path" in row and (check.dynamic_path or sparql) else \
            check.result_path
        message = check.message
        if message and check.templated:
            message = fill_message(message, row)
        yield ValidationResult(
            focus_node=ox_nt(focus) or "",
            result_path=path,
            severity=check.severity,
            source_shape=shape,
            constraint_component=check.component_iri,
            value=ox_nt(value),
            message=message,
            severity_iri=check.severity_iri,
        )

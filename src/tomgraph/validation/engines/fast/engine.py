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

import pyoxigraph as ox

from ....store import Dataset, SelectResult, Store
from ...results import ValidationOutcome, ValidationResult
from .. import DEFAULT_DATA_GRAPHS, DEFAULT_SHAPES_GRAPHS
from ..terms import ox_nt, result_order
from .parallel import run_all
from .plan import PlannedQuery, Planner
from .shapes import ShapesGraph
from .sparql_constraints import fill_message
from .values import casts_for


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
        results = run_all(store, plan.queries, dataset, run)
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

    def validate_focus(
        self,
        store: Store,
        focus_nodes: frozenset[str],
        *,
        data_graphs: Sequence[str] = DEFAULT_DATA_GRAPHS,
        shapes_graphs: Sequence[str] = DEFAULT_SHAPES_GRAPHS,
    ) -> tuple[list[ValidationResult], set[str]] | None:
        """Results for ``focus_nodes`` (N-Triples IRIs), and the shapes checked in whole.

        Shapes whose results may depend on other entities (SHACL-SPARQL, nested value
        shapes) are checked over every focus node and named in the second item; ``None``
        when some shape needs the reference engine (the caller validates everything).
        """
        shapes = ShapesGraph.from_store(store, shapes_graphs)
        plan = Planner(shapes, casts=casts_for(store), only=focus_nodes).plan()
        if plan.fallback:
            return None
        dataset = Dataset(default_graphs=tuple(data_graphs))
        results = [r for q in plan.queries for r in run(store, q, dataset)]
        return results, plan.whole

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
    """The results one planned query finds.

    Rows are read as tuples by column position: a large model yields hundreds of thousands of
    results, and building a dict per row would cost more than the query itself.
    """
    check = planned.check
    result = store.query(planned.sparql, dataset=dataset)
    assert isinstance(result, SelectResult)
    variables = result.variables
    column = {name: i for i, name in enumerate(variables)}
    at_this = column.get("this")
    if at_this is None:
        return
    shape = ox_nt(check.shape) or ""
    sparql = check.query is not None and check.component == "SPARQLConstraintComponent"
    at_value = column.get("value") if (check.reports_value or sparql) else None
    at_path = column.get("path") if (check.dynamic_path or sparql) else None
    focus_is_value = sparql and check.result_path is None
    templated = bool(check.message and check.templated)
    severity, component, severity_iri = check.severity, check.component_iri, check.severity_iri
    for row in result:
        focus = row[at_this]
        if focus is None:
            continue
        value = row[at_value] if at_value is not None else None
        if value is None and focus_is_value:
            value = focus
        path = check.result_path
        if at_path is not None and row[at_path] is not None:
            path = ox_nt(row[at_path])
        message = check.message
        if templated:
            assert message is not None
            message = fill_message(message, {v: t for v, t in zip(variables, row, strict=True)
                                             if t is not None})
        yield ValidationResult(
            focus_node=ox_nt(focus) or "",
            result_path=path,
            severity=severity,
            source_shape=shape,
            constraint_component=component,
            value=ox_nt(value),
            message=message,
            severity_iri=severity_iri,
        )

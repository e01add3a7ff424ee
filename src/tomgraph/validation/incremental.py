"""Re-validate after a change: only the focus nodes the change can affect, then re-score.

A change's *affected* nodes are the subjects and IRI objects of its quads. Shapes whose
results depend only on a focus node's own statements (one-step or inverse paths) and its
values' types are checked for the affected nodes alone: types never change here, since a
change to ``rdf:type`` asks for a full run. Shapes that look further (SHACL-SPARQL rules
across entities, shapes applied to value nodes, longer paths) are checked again in whole.
Group memberships (for scores) are re-read only when a changed predicate is one the
membership queries use. Anything this cannot follow (a type changed, so
targets and scores' denominators change; shapes or ontology edited; a shape needing the
reference engine) returns ``None`` and the caller validates everything. The result equals a
full validation (tests/validation/test_incremental.py checks that on random edits).
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterable, Sequence

import pyoxigraph as ox

from ..changes import Changeset
from ..labels import LABEL_PREDICATES, lookup
from ..namespaces import MODEL_GRAPH, RDF, SHAPES_GRAPH
from ..store import Store
from ..terms import nt
from .catalogue import query_text
from .engines.fast.engine import FastEngine
from .engines.terms import result_order
from .labels import MEMBERSHIP_QUERIES, load_memberships
from .results import ValidationOutcome
from .scores import compute_scores
from .validate import ValidationReport, _findings, _name_scores, paused_gc

LABELS = set(LABEL_PREDICATES)


def affected_nodes(store: Store, changes: Iterable[Changeset]) -> set[str] | None:
    """IRIs whose results the changes may alter; ``None`` if only a full run will do."""
    seeds: set[str] = set()
    for change in changes:
        for q in (*change.added, *change.removed):
            graph = q.graph_name
            if not (isinstance(graph, ox.DefaultGraph) or graph.value == MODEL_GRAPH):
                if graph.value.endswith("/history"):
                    continue
                return None
            if q.predicate.value == RDF + "type":
                return None
            if isinstance(q.subject, ox.NamedNode):
                seeds.add(q.subject.value)
            if isinstance(q.object, ox.NamedNode):
                seeds.add(q.object.value)
    return seeds


def revalidate(
    store: Store, report: ValidationReport, changes: Sequence[Changeset]
) -> ValidationReport | None:
    """``report`` brought up to date with ``changes`` (already in ``store``), or ``None``."""
    start = time.perf_counter()
    if report.outcome is None or report.engine != "fast":
        return None
    affected = affected_nodes(store, changes)
    if affected is None:
        return None
    focus = frozenset(str(ox.NamedNode(a)) for a in affected)
    found = FastEngine().validate_focus(store, focus, data_graphs=report.data_graphs)
    if found is None:
        return None
    fresh, whole = found
    kept = [r for r in report.outcome.results
            if r.source_shape not in whole and r.focus_node not in focus]
    results = sorted([*kept, *fresh], key=result_order)
    labels = report.labels
    _relabel(store, labels.names, changes, report.data_graphs)
    with paused_gc():
        memberships = report.memberships
        if _touches_memberships(changes):
            memberships = load_memberships(store, report.data_graphs)
        scores = compute_scores(report.catalogue, results, memberships)
        _name_scores(scores, labels)
        findings = _findings(results, report.catalogue, labels)
    outcome = ValidationOutcome(results, engine=report.engine,
                                seconds=time.perf_counter() - start)
    return ValidationReport(
        findings=findings, scores=scores, engine=report.engine,
        seconds=time.perf_counter() - start, catalogue=report.catalogue, labels=labels,
        memberships=memberships, programme=report.programme, data_graphs=report.data_graphs,
        outcome=outcome,
    )


def _touches_memberships(changes: Iterable[Changeset]) -> bool:
    """Whether a changed predicate's local name appears in a membership query (conservative:
    a false match only costs re-reading the memberships)."""
    texts = " ".join(query_text(n) for n in MEMBERSHIP_QUERIES.values())
    for change in changes:
        for q in (*change.added, *change.removed):
            local = re.split(r"[#/]", q.predicate.value)[-1]
            if local and local in texts:
                return True
    return False


def _relabel(
    store: Store, names: dict[str, str], changes: Iterable[Changeset], graphs: Sequence[str]
) -> None:
    """Look up again, with the one label policy, the labels of subjects whose labels changed."""
    touched: set[str] = set()
    for change in changes:
        for q in (*change.removed, *change.added):
            if q.predicate.value in LABELS and isinstance(q.subject, ox.NamedNode):
                touched.add(q.subject.value)
    if not touched:
        return
    for iri in touched:
        names.pop(nt(ox.NamedNode(iri)), None)
    found = lookup(store, touched, (*graphs, SHAPES_GRAPH))
    names.update({nt(ox.NamedNode(iri)): label for iri, label in found.items()})

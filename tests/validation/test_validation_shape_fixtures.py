"""Every shape has a passing fixture (the complete model) and a failing one (a mutation).

The complete model satisfies every shape, and every check targets something in it, so the
pass means something. Each mutation breaks its model in one way and must be caught by its own
shape and by no other shape (except those it declares on an ``# also:`` line).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

import pyoxigraph as ox
import pytest
from shape_fixtures import (
    COMPLETE,
    TOMSH,
    also_expected,
    copy_of,
    model_store,
    mutated_copy,
    mutation_names,
)

from tomgraph.namespaces import MODEL_GRAPH
from tomgraph.store import EmbeddedStore
from tomgraph.validation import ValidationReport, validate


@pytest.fixture
def complete_store() -> Iterator[EmbeddedStore]:
    store = model_store(COMPLETE)
    yield store
    store.close()


@pytest.fixture(scope="module")
def all_mutations_store() -> Iterator[EmbeddedStore]:
    """Every mutated copy of the complete model side by side, plus one unmutated copy."""
    store = model_store(COMPLETE)
    for name in mutation_names():
        store.load_bytes(mutated_copy(name), ox.RdfFormat.N_TRIPLES, graph=MODEL_GRAPH)
    yield store
    store.close()


REFERENCE_SAMPLE = [
    "Capability-placeInHierarchy", "Capability-technologySupport", "Process-supportedByFeature",
    "Project-hldApproved", "HLD-project", "OperatingModel-targetDimensions", "Benefit-kind",
    "CashableBenefit-value", "Dependency-criticalMitigation", "Coherence-dependencyOnEarlierStage",
]
"""Mutations the (slow) reference engine also checks: one or more per shapes file."""


def test_the_complete_model_passes_every_shape(complete_store):
    report = validate(complete_store)
    assert [(f.focus_label, f.shape.short) for f in report.findings] == []


def test_every_check_targets_something_in_the_complete_model(complete_store):
    report = validate(complete_store)
    idle = [s.short for s in report.catalogue.checks() if not report.catalogue.focus.get(s.iri)]
    assert idle == []


def test_every_check_has_a_mutation_and_every_mutation_a_check(complete_store):
    catalogue = validate(complete_store).catalogue
    checks = {s.iri.strip("<>").removeprefix(TOMSH) for s in catalogue.checks()}
    assert checks == set(mutation_names())


def test_every_node_shape_is_exercised_through_its_checks(complete_store):
    """Node shapes that only gather property shapes fail when any of their checks fails."""
    catalogue = validate(complete_store).catalogue
    covered = set(mutation_names())
    sh_property = ox.NamedNode("http://www.w3.org/ns/shacl#property")
    props: dict[str, set[str]] = defaultdict(set)
    for quad in complete_store.oxigraph.quads_for_pattern(None, sh_property, None):
        props[quad.subject.value.removeprefix(TOMSH)].add(quad.object.value.removeprefix(TOMSH))
    gatherers = [s for s in catalogue.shapes.values() if not s.is_check]
    assert gatherers, "expected node shapes that gather property shapes"
    for shape in gatherers:
        local = shape.iri.strip("<>").removeprefix(TOMSH)
        assert props[local] & covered, f"{local} has no property shape with a failing fixture"


@pytest.fixture(scope="module")
def mutation_report(all_mutations_store) -> ValidationReport:
    return validate(all_mutations_store, engine="fast")


def test_the_unmutated_copy_still_passes(mutation_report):
    assert [f.focus for f in mutation_report.findings if copy_of(f.focus) == ""] == []


@pytest.mark.parametrize("name", mutation_names())
def test_each_mutation_is_caught_by_its_shape_and_no_other(name, mutation_report):
    fired = {
        f.shape.iri.strip("<>").removeprefix(TOMSH)
        for f in mutation_report.findings
        if copy_of(f.focus) == name
    }
    assert fired == {name} | also_expected(name)


def fired_by_copy(report: ValidationReport) -> dict[str, set[str]]:
    fired: dict[str, set[str]] = defaultdict(set)
    for f in report.findings:
        fired[copy_of(f.focus)].add(f.shape.iri.strip("<>").removeprefix(TOMSH))
    return fired


@pytest.mark.slow
def test_the_reference_engine_catches_a_sample_of_mutations_the_same_way():
    store = model_store(COMPLETE)
    for name in REFERENCE_SAMPLE:
        store.load_bytes(mutated_copy(name), ox.RdfFormat.N_TRIPLES, graph=MODEL_GRAPH)
    fired = fired_by_copy(validate(store, engine="reference"))
    assert dict(fired) == {name: {name} | also_expected(name) for name in REFERENCE_SAMPLE}

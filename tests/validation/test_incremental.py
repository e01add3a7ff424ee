"""Re-validating only what a change can affect gives exactly what a full validation gives."""

from __future__ import annotations

import io
from collections.abc import Iterator

import pyoxigraph as ox
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tomgraph.changes import Changeset, commit
from tomgraph.generate import generate
from tomgraph.namespaces import DCTERMS, MODEL_GRAPH, RDF, RDFS, TOM
from tomgraph.store import EmbeddedStore, load_bundled
from tomgraph.validation import ValidationReport, validate
from tomgraph.validation.incremental import affected_nodes, revalidate

CAPABILITIES = 150
PREDICATES = [RDFS + "label", DCTERMS + "description", TOM + "owner", TOM + "serviceArea",
              TOM + "level", TOM + "parentCapability", TOM + "currentMaturity",
              TOM + "targetMaturity"]


@pytest.fixture(scope="module")
def base_quads() -> list[ox.Quad]:
    text = io.StringIO()
    generate(text, CAPABILITIES, seed=7)
    store = EmbeddedStore()
    load_bundled(store, model=False)
    store.load_bytes(text.getvalue().encode(), ox.RdfFormat.N_TRIPLES)
    quads = list(store.oxigraph)  # type: ignore[attr-defined]
    store.close()
    return quads


@pytest.fixture
def store(base_quads: list[ox.Quad]) -> Iterator[EmbeddedStore]:
    fresh = EmbeddedStore()
    fresh.apply(base_quads)
    yield fresh
    fresh.close()


def model_triples(store: EmbeddedStore) -> list[ox.Quad]:
    return [q for q in store.oxigraph.quads_for_pattern(  # type: ignore[attr-defined]
        None, None, None, ox.NamedNode(MODEL_GRAPH))
        if isinstance(q.subject, ox.NamedNode) and q.predicate.value != RDF + "type"]


def same(a: ValidationReport, b: ValidationReport) -> None:
    assert a.outcome is not None and b.outcome is not None
    assert sorted(map(repr, a.outcome.results)) == sorted(map(repr, b.outcome.results))
    assert {k: v.value for k, v in a.scores.entities.items()} == \
        {k: v.value for k, v in b.scores.entities.items()}
    assert a.scores.programme.value == b.scores.programme.value
    assert {k: v.value for k, v in a.scores.projects.items()} == \
        {k: v.value for k, v in b.scores.projects.items()}


edits = st.lists(
    st.tuples(st.sampled_from(["remove", "copy", "swap"]), st.integers(0, 10**6),
              st.integers(0, 10**6)),
    min_size=1, max_size=6,
)


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(edits=edits)
def test_incremental_revalidation_equals_a_full_one_after_random_edits(
    store: EmbeddedStore, edits: list[tuple[str, int, int]]
) -> None:
    report = validate(store)
    assert report.engine == "fast"
    for kind, i, j in edits:
        triples = model_triples(store)
        quad = triples[i % len(triples)]
        other = triples[j % len(triples)]
        if kind == "remove":
            change = Changeset(removed=(quad,), agent="test")
        elif kind == "copy":  # give the entity another entity's value for some property
            added = ox.Quad(quad.subject, other.predicate, other.object, quad.graph_name)
            change = Changeset(added=(added,), agent="test")
        else:  # point one statement at another statement's value
            if quad.predicate.value not in PREDICATES:
                continue
            moved = ox.Quad(quad.subject, quad.predicate, other.object, quad.graph_name)
            change = Changeset(added=(moved,), removed=(quad,), agent="test")
        if (change.added and change.added[0] in set(triples)):
            continue
        commit(store, change)
        updated = revalidate(store, report, [change])
        assert updated is not None
        report = updated
    same(report, validate(store))


def test_a_type_change_asks_for_a_full_validation(store: EmbeddedStore) -> None:
    subject = model_triples(store)[0].subject
    change = Changeset(added=(ox.Quad(subject, ox.NamedNode(RDF + "type"),
                                      ox.NamedNode(TOM + "Capability"),
                                      ox.NamedNode(MODEL_GRAPH)),), agent="test")
    assert affected_nodes(store, [change]) is None


def test_the_affected_nodes_are_the_subjects_and_objects_of_the_change(
    store: EmbeddedStore,
) -> None:
    quad = next(q for q in model_triples(store) if q.predicate.value == TOM + "parentCapability")
    affected = affected_nodes(store, [Changeset(removed=(quad,), agent="test")])
    assert affected == {quad.subject.value, quad.object.value}

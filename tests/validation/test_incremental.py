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
from tomgraph.namespaces import DCTERMS, MODEL_GRAPH, ONTOLOGY_GRAPH, RDF, RDFS, TOM
from tomgraph.store import EmbeddedStore, load_bundled
from tomgraph.validation import ValidationReport, validate
from tomgraph.validation.incremental import Kept, affected_nodes, prepare, revalidate
from tomgraph.web.pages.validation_view import ValidationSummary, patched_summary, summarise

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
    for table in ("projects", "operating_models", "service_areas", "groups"):
        assert {k: (v.value, v.label) for k, v in getattr(a.scores, table).items()} == \
            {k: (v.value, v.label) for k, v in getattr(b.scores, table).items()}, table
    assert [(s.shape.iri, s.targeted, s.failed) for s in a.scores.by_shape] == \
        [(s.shape.iri, s.targeted, s.failed) for s in b.scores.by_shape]
    assert [(repr(f.result), f.focus_label, f.focus_kind, f.value_label) for f in a.findings] \
        == [(repr(f.result), f.focus_label, f.focus_kind, f.value_label) for f in b.findings]


CROSS_ENTITY = [TOM + p for p in (
    "delivers", "includesCapability", "dependsOn", "dependent", "lifecycleStage", "serviceArea",
    "enabledBy", "parentCapability", "realises", "supports", "contributesTo", "conformsTo",
    "hasDimensionDesign", "dependencyStatus", "targetMaturity", "currentMaturity", "hasDesign",
    "needsNoTechnology", "state", "evolvesFrom")]
"""Predicates the SHACL-SPARQL rules follow across entities (shapes/*.ttl)."""

edits = st.lists(
    st.tuples(st.sampled_from(["remove", "copy", "swap", "link", "unlink", "retype", "untype",
                               "new"]),
              st.integers(0, 10**6), st.integers(0, 10**6)),
    min_size=1, max_size=6,
)


def typed(store: EmbeddedStore) -> list[ox.Quad]:
    return [q for q in store.oxigraph.quads_for_pattern(  # type: ignore[attr-defined]
        None, ox.NamedNode(RDF + "type"), None, ox.NamedNode(MODEL_GRAPH))
        if isinstance(q.subject, ox.NamedNode)]


def random_change(store: EmbeddedStore, kind: str, i: int, j: int) -> Changeset | None:
    """One edit of ``kind``; ``None`` when it would change nothing."""
    triples = model_triples(store)
    quad, other = triples[i % len(triples)], triples[j % len(triples)]
    types = typed(store)
    if kind == "remove":
        return Changeset(removed=(quad,), agent="test")
    if kind == "copy":  # give the entity another entity's value for some property
        added = ox.Quad(quad.subject, other.predicate, other.object, quad.graph_name)
        return None if added in set(triples) else Changeset(added=(added,), agent="test")
    if kind == "swap":  # point one statement at another statement's value
        if quad.predicate.value not in PREDICATES:
            return None
        moved = ox.Quad(quad.subject, quad.predicate, other.object, quad.graph_name)
        return None if moved in set(triples) else Changeset(
            added=(moved,), removed=(quad,), agent="test")
    if kind == "link":  # link two entities by a predicate a cross-entity rule follows
        a, b = types[i % len(types)].subject, types[j % len(types)].subject
        predicate = ox.NamedNode(CROSS_ENTITY[(i + j) % len(CROSS_ENTITY)])
        added = ox.Quad(a, predicate, b, ox.NamedNode(MODEL_GRAPH))
        return None if added in set(triples) else Changeset(added=(added,), agent="test")
    if kind == "unlink":
        links = [q for q in triples if q.predicate.value in CROSS_ENTITY]
        return Changeset(removed=(links[i % len(links)],), agent="test") if links else None
    if kind == "retype":  # give an entity another entity's type
        added = ox.Quad(quad.subject, ox.NamedNode(RDF + "type"), types[j % len(types)].object,
                        quad.graph_name)
        return None if added in set(types) else Changeset(added=(added,), agent="test")
    if kind == "untype":
        return Changeset(removed=(types[i % len(types)],), agent="test")
    # "new": an entity as the New form makes it: a type, a label and a link or two
    node = ox.NamedNode(f"https://example.org/new/{i}-{j}")
    g = ox.NamedNode(MODEL_GRAPH)
    added = (ox.Quad(node, ox.NamedNode(RDF + "type"), types[i % len(types)].object, g),
             ox.Quad(node, ox.NamedNode(RDFS + "label"), ox.Literal(f"New {i}", language="en"), g),
             ox.Quad(node, other.predicate, other.object, g),
             ox.Quad(types[j % len(types)].subject,
                     ox.NamedNode(CROSS_ENTITY[i % len(CROSS_ENTITY)]), node, g))
    return None if (node, None) in {(q.subject, None) for q in types} else Changeset(
        added=added, agent="test")


def replay(store: EmbeddedStore, report: ValidationReport,
           edits: list[tuple[str, int, int]]) -> Iterator[ValidationReport]:
    """Commit each edit that applies to ``store`` and yield ``report`` re-validated after it."""
    for kind, i, j in edits:
        change = random_change(store, kind, i, j)
        if change is None:
            continue
        commit(store, change)
        updated = revalidate(store, report, [change])
        assert updated is not None
        report = updated
        yield report


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(edits=edits)
def test_incremental_revalidation_equals_a_full_one_after_random_edits(
    base_quads: list[ox.Quad], edits: list[tuple[str, int, int]]
) -> None:
    store = EmbeddedStore()  # a fresh copy per example: the edits must replay alike
    store.apply(base_quads)
    report = validate(store)
    assert report.engine == "fast"
    reports = [report, *replay(store, report, edits)]
    same(reports[-1], validate(store))
    store.close()


def test_several_changes_at_once_are_followed_like_one_at_a_time(store: EmbeddedStore) -> None:
    report = validate(store)
    changes = [c for k, (i, j) in zip(["link", "untype", "new", "unlink", "retype"],
                                      [(3, 7), (11, 2), (5, 5), (8, 1), (13, 21)], strict=True)
               if (c := random_change(store, k, i, j)) is not None]
    for change in changes:
        commit(store, change)
    updated = revalidate(store, report, changes)
    assert updated is not None
    same(updated, validate(store))


def test_a_type_change_is_followed_without_a_full_validation(store: EmbeddedStore) -> None:
    report = validate(store)
    subject = model_triples(store)[0].subject
    change = Changeset(added=(ox.Quad(subject, ox.NamedNode(RDF + "type"),
                                      ox.NamedNode(TOM + "Capability"),
                                      ox.NamedNode(MODEL_GRAPH)),), agent="test")
    commit(store, change)
    updated = revalidate(store, report, [change])
    assert updated is not None
    same(updated, validate(store))


def test_a_change_to_the_ontology_asks_for_a_full_validation(store: EmbeddedStore) -> None:
    change = Changeset(added=(ox.Quad(ox.NamedNode(TOM + "Capability"),
                                      ox.NamedNode(RDFS + "comment"), ox.Literal("x"),
                                      ox.NamedNode(ONTOLOGY_GRAPH)),), agent="test")
    assert affected_nodes(store, [change]) is None


def test_a_change_naming_a_blank_node_asks_for_a_full_validation(store: EmbeddedStore) -> None:
    """A report parsed from the store's loaded files names blank nodes afresh, so the
    store's names for them cannot place a patch."""
    change = Changeset(added=(ox.Quad(ox.NamedNode(TOM + "x"), ox.NamedNode(RDFS + "seeAlso"),
                                      ox.BlankNode(), ox.NamedNode(MODEL_GRAPH)),), agent="test")
    assert affected_nodes(store, [change]) is None


def test_the_affected_nodes_are_the_subjects_and_objects_of_the_change(
    store: EmbeddedStore,
) -> None:
    quad = next(q for q in model_triples(store) if q.predicate.value == TOM + "parentCapability")
    affected = affected_nodes(store, [Changeset(removed=(quad,), agent="test")])
    assert affected == {quad.subject.value, quad.object.value}


def same_summary(a: ValidationSummary, b: ValidationSummary) -> None:
    """What pages read of two dashboard summaries is the same."""
    assert dict(a.by_focus) == dict(b.by_focus)
    assert dict(a.worst) == dict(b.worst)
    assert dict(a.entity_scores) == dict(b.entity_scores)
    assert {k: sorted(v) for k, v in a.projects_of.items()} == \
        {k: sorted(v) for k, v in b.projects_of.items()}
    assert [(s.iri, s.value) for table in a.scores.values() for s in table] == \
        [(s.iri, s.value) for table in b.scores.values() for s in table]
    assert [(s.shape.iri, s.targeted, s.failed) for s in a.shapes] == \
        [(s.shape.iri, s.targeted, s.failed) for s in b.shapes]
    assert a.programme == b.programme and a.counts() == b.counts()


@settings(max_examples=15, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(edits=edits)
def test_the_dashboard_patched_after_each_save_equals_one_made_afresh(
    base_quads: list[ox.Quad], edits: list[tuple[str, int, int]]
) -> None:
    store = EmbeddedStore()
    store.apply(base_quads)
    report = validate(store)
    summary = summarise(report)
    for updated in replay(store, report, edits):
        summary = patched_summary(summary, updated)
    same_summary(summary, summarise(validate(store)))
    store.close()


def test_indexes_prepared_after_a_full_validation_serve_the_first_save(
        store: EmbeddedStore) -> None:
    report = validate(store)
    prepare(store, report)
    kept = report.incremental
    assert isinstance(kept, Kept)
    change = random_change(store, "link", 3, 7)
    assert change is not None
    commit(store, change)
    updated = revalidate(store, report, [change])
    assert updated is not None and updated.incremental is kept
    same(updated, validate(store))

"""The fast engine compiles shapes to SPARQL, answers as the reference does, and says when not."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import IO

from pyoxigraph import RdfFormat

from tomgraph.namespaces import MODEL_GRAPH, SHAPES_GRAPH
from tomgraph.store import UNION, Dataset, EmbeddedStore, LoadReport, QueryResult, Store, Term
from tomgraph.validation.engines import get_engine
from tomgraph.validation.engines.fast.rewrite import not_exists_to_minus
from tomgraph.validation.results import Severity, ValidationOutcome

PREFIXES = """
@prefix ex: <http://example.org/> .
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
"""

DATA = PREFIXES + """
ex:Manager rdfs:subClassOf ex:Person .
ex:ann a ex:Manager ; ex:name "Ann"@en, "Anne"@en ; ex:age 200 ; ex:code "AB-1" ;
    ex:start 5 ; ex:end 3 ; ex:knows ex:bob, "not a node" ; ex:status ex:Active ;
    ex:email "ann@example.org" ; ex:nick "Ann" .
ex:bob a ex:Person ; ex:name "Bob" ; ex:age "old" ; ex:code "x" ; ex:status ex:Gone ;
    ex:knows ex:ann ; ex:boss ex:ann ; ex:unexpected 1 .
ex:dan a ex:Person ; ex:boss ex:bob .
ex:cat a ex:Animal .
"""

SHAPES = PREFIXES + """
ex:PersonShape a sh:NodeShape ;
    sh:targetClass ex:Person ;
    sh:closed true ; sh:ignoredProperties ( <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> ) ;
    sh:property ex:name, ex:age, ex:code, ex:start, ex:knows, ex:status, ex:email, ex:nick,
        ex:boss, ex:end, ex:reach .
ex:name sh:path ex:name ; sh:minCount 1 ; sh:maxCount 1 ; sh:uniqueLang true ;
    sh:languageIn ( "en" ) .
ex:age sh:path ex:age ; sh:datatype xsd:integer ; sh:maxInclusive 150 ; sh:severity sh:Warning .
ex:code sh:path ex:code ; sh:pattern "^[A-Z]{2}-[0-9]$" ; sh:minLength 3 ; sh:maxLength 4 .
ex:start sh:path ex:start ; sh:lessThan ex:end .
ex:end sh:path ex:end ; sh:disjoint ex:start .
ex:knows sh:path ex:knows ; sh:nodeKind sh:IRI ; sh:class ex:Person ;
    sh:qualifiedValueShape [ sh:class ex:Manager ] ; sh:qualifiedMinCount 1 .
ex:status sh:path ex:status ; sh:in ( ex:Active ex:Away ) ; sh:severity sh:Info .
ex:email sh:path ex:email ;
    sh:or ( [ sh:pattern "@example.org$" ] [ sh:datatype xsd:anyURI ] ) ;
    sh:not [ sh:pattern "^admin" ] .
ex:nick sh:path ex:nick ; sh:equals ex:name .
ex:boss sh:path ex:boss ;
    sh:xone ( [ sh:class ex:Manager ] [ sh:class ex:Person ] ) ;
    sh:node ex:HasName .
ex:reach sh:path [ sh:oneOrMorePath ex:knows ] ; sh:hasValue ex:cat .
ex:HasName a sh:NodeShape ; sh:property [ sh:path ex:name ; sh:minCount 2 ] .
ex:Off a sh:NodeShape ; sh:targetClass ex:Person ; sh:deactivated true ;
    sh:property [ sh:path ex:name ; sh:maxCount 0 ] .
ex:Odd a sh:NodeShape ; sh:targetNode ex:cat ; sh:severity ex:Odd ; sh:class ex:Person .
"""


def store_with(data: str, shapes: str) -> EmbeddedStore:
    store = EmbeddedStore()
    store.load_bytes(data.encode(), RdfFormat.TURTLE, graph=MODEL_GRAPH)
    store.load_bytes(shapes.encode(), RdfFormat.TURTLE, graph=SHAPES_GRAPH)
    return store


def keys(outcome: ValidationOutcome) -> Counter[tuple[object, ...]]:
    return Counter((*r.key(), r.severity_iri) for r in outcome.results)


def components(outcome: ValidationOutcome) -> set[str]:
    return {r.constraint_component.rsplit("#", 1)[-1][:-1] for r in outcome.results}


def test_core_constraints_compile_to_sparql_and_match_the_reference():
    store = store_with(DATA, SHAPES)
    fast = get_engine("fast").validate(store)
    assert fast.engine == "fast" and not fast.notes
    assert keys(fast) == keys(get_engine("reference").validate(store))
    # Every component in the shapes above found something to report.
    assert components(fast) >= {
        "MinCountConstraintComponent", "MaxCountConstraintComponent",
        "UniqueLangConstraintComponent", "LanguageInConstraintComponent",
        "DatatypeConstraintComponent", "MaxInclusiveConstraintComponent",
        "PatternConstraintComponent", "MinLengthConstraintComponent",
        "LessThanConstraintComponent", "NodeKindConstraintComponent",
        "ClassConstraintComponent", "QualifiedMinCountConstraintComponent",
        "InConstraintComponent", "EqualsConstraintComponent", "XoneConstraintComponent",
        "NodeConstraintComponent", "HasValueConstraintComponent",
        "ClosedConstraintComponent",
    }


def test_severity_comes_from_the_shape_and_deactivated_shapes_report_nothing():
    outcome = get_engine("fast").validate(store_with(DATA, SHAPES))
    by_shape = {r.source_shape: r for r in outcome.results}
    assert by_shape["<http://example.org/age>"].severity is Severity.WARNING
    assert by_shape["<http://example.org/status>"].severity is Severity.INFO
    assert by_shape["<http://example.org/code>"].severity is Severity.VIOLATION
    odd = by_shape["<http://example.org/Odd>"]
    assert (odd.severity, odd.severity_iri) == (Severity.VIOLATION, "http://example.org/Odd")
    assert "<http://example.org/Off>" not in by_shape


SPARQL_SHAPES = PREFIXES + """
ex:prefixes sh:declare [ sh:prefix "ex" ; sh:namespace "http://example.org/"^^xsd:anyURI ] .
ex:BossShape a sh:NodeShape ;
    sh:targetClass ex:Person ;
    sh:sparql [
        sh:prefixes ex:prefixes ;
        sh:message "{$this} reports to {?value}, who knows nobody" ;
        sh:select \"\"\"
            SELECT $this ?value WHERE {
                $this ex:boss ?value .
                FILTER NOT EXISTS { ?value ex:knows ?someone . ?someone a ex:Animal }
            }\"\"\" ;
    ] .
"""


def test_sparql_constraints_run_once_for_all_focus_nodes_with_messages_filled_in():
    store = store_with(DATA, SPARQL_SHAPES)
    fast = get_engine("fast").validate(store)
    assert fast.engine == "fast"
    assert keys(fast) == keys(get_engine("reference").validate(store))
    messages = sorted(r.message or "" for r in fast.results)
    assert messages == [
        "http://example.org/bob reports to http://example.org/ann, who knows nobody",
        "http://example.org/dan reports to http://example.org/bob, who knows nobody",
    ]


CUSTOM_COMPONENT = PREFIXES + """
ex:MaxWords a sh:ConstraintComponent ;
    sh:parameter [ sh:path ex:maxWords ] ;
    sh:validator [ a sh:SPARQLAskValidator ;
        sh:ask "ASK { FILTER (STRLEN(STR($value)) <= $maxWords) }" ] .
ex:NameShape a sh:NodeShape ; sh:targetClass ex:Person ;
    sh:property [ sh:path ex:name ; ex:maxWords 3 ] .
ex:AgeShape a sh:NodeShape ; sh:targetClass ex:Person ;
    sh:property [ sh:path ex:age ; sh:datatype xsd:integer ] .
"""


def test_a_feature_the_compiler_lacks_goes_to_the_reference_and_the_outcome_says_so():
    store = store_with(DATA, CUSTOM_COMPONENT)
    fast = get_engine("fast").validate(store)
    assert fast.engine == "fast+reference"
    assert any("NameShape" in note and "component" in note for note in fast.notes)
    assert keys(fast) == keys(get_engine("reference").validate(store))


class QueryOnlyStore(Store):
    """A store that answers SPARQL queries and nothing else, like a read-only endpoint."""

    def __init__(self, inner: Store) -> None:
        self.inner = inner
        self.remote = True

    def query(self, sparql: str, *, bindings: Mapping[str, Term] | None = None,
              dataset: Dataset = UNION, base_iri: str | None = None) -> QueryResult:
        return self.inner.query(sparql, bindings=bindings, dataset=dataset, base_iri=base_iri)

    def count(self, graph: str | None = None) -> int:
        raise AssertionError("validation must not need count()")

    def graphs(self) -> list[str]:
        raise AssertionError("validation must not need graphs()")

    def export(self, output: IO[bytes], format: RdfFormat, *, graph: str | None = None) -> None:
        raise AssertionError("the fast engine must not copy the data out")

    def update(self, sparql: str, *, base_iri: str | None = None) -> None:
        raise AssertionError("validation must not write")

    def load_bytes(self, data: object, format: RdfFormat, **kwargs: object) -> int:  # type: ignore[override]
        raise AssertionError("validation must not write")

    def load_files(self, paths: Sequence[Path], **kwargs: object) -> LoadReport:  # type: ignore[override]
        raise AssertionError("validation must not write")

    def clear(self, graph: str | None = None) -> None:
        raise AssertionError("validation must not write")


def test_the_fast_engine_needs_nothing_from_a_store_but_sparql_queries():
    embedded = store_with(DATA, SHAPES)
    remote_like = get_engine("fast").validate(QueryOnlyStore(embedded))
    assert remote_like.engine == "fast"
    assert keys(remote_like) == keys(get_engine("fast").validate(embedded))


def test_not_exists_becomes_minus_only_where_both_mean_the_same():
    safe = "SELECT $this WHERE { $this ex:p ?x . FILTER NOT EXISTS { ?y ex:q ?x . ?y ex:r $this } }"
    rewritten = not_exists_to_minus(safe)
    assert "NOT EXISTS" not in rewritten
    assert rewritten.endswith("MINUS {  ?y ex:q ?x . ?y ex:r $this  }}")
    # ?x is only bound inside an OPTIONAL: MINUS would ignore it where NOT EXISTS would not.
    unsafe = ("SELECT $this WHERE { OPTIONAL { $this ex:p ?x } "
              "FILTER NOT EXISTS { ?y ex:q ?x . ?y ex:r $this } }")
    assert not_exists_to_minus(unsafe) == unsafe
    # A block with its own FILTER is not a plain graph pattern.
    filtered = "SELECT $this WHERE { FILTER NOT EXISTS { $this ex:q ?x FILTER(?x > 1) } }"
    assert not_exists_to_minus(filtered) == filtered


def test_every_store_backend_gives_the_same_results(backend_example_store, example_store):
    """On a remote triplestore the checks run on the server and find exactly the same."""
    outcome = get_engine("fast").validate(backend_example_store)
    assert outcome.engine == "fast", outcome.notes
    assert keys(outcome) == keys(get_engine("fast").validate(example_store))
    assert outcome.results


def _no_other_threads(seconds: float = 15.0) -> None:
    """Wait for threads earlier tests left behind (an app's idle query threads end after a
    few seconds): the engine forks only in a process with no other thread."""
    import threading
    import time

    deadline = time.monotonic() + seconds
    while threading.active_count() > 1 and time.monotonic() < deadline:
        time.sleep(0.1)
    assert threading.active_count() == 1, [t.name for t in threading.enumerate()]


def test_a_large_in_memory_store_is_checked_by_forked_workers_with_the_same_results(
    example_store, monkeypatch
):
    from tomgraph.validation.engines.fast import parallel

    _no_other_threads()

    on_threads = get_engine("fast").validate(example_store)
    forked: list[int] = []
    real = parallel._forked

    def spy(*args: object) -> list[object]:
        forked.append(1)
        return real(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(parallel, "MIN_TRIPLES_TO_FORK", 0)
    monkeypatch.setattr(parallel, "WORKERS", 2)
    monkeypatch.setattr(parallel, "_forked", spy)
    in_processes = get_engine("fast").validate(example_store)
    assert forked, "the engine did not fork"
    assert in_processes.results == on_threads.results
    assert [r.message for r in in_processes.results] == [r.message for r in on_threads.results]


def test_stores_that_cannot_fork_safely_use_threads(tmp_path, example_store, monkeypatch):
    """On disk (RocksDB has native threads) or beside other threads, forking could deadlock."""
    import threading

    from tomgraph.validation.engines.fast import parallel

    monkeypatch.setattr(parallel, "MIN_TRIPLES_TO_FORK", 0)
    monkeypatch.setattr(parallel, "WORKERS", 2)
    _no_other_threads()
    assert parallel._can_fork(example_store)
    on_disk = EmbeddedStore(tmp_path / "store")
    try:
        assert not parallel._can_fork(on_disk)
    finally:
        on_disk.close()
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        assert not parallel._can_fork(example_store)
    finally:
        stop.set()
        other.join()

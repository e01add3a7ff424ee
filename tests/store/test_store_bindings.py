"""Pre-binding is the store's job: one term or a batch of terms per variable, on every backend.

A binding means what substitution means: the variable has its value everywhere in the query,
in sub-queries and MINUS groups too, whether the SELECT projects it or not.
"""

from __future__ import annotations

import pyoxigraph as ox

from tomgraph.labels import lookup
from tomgraph.sparql import internal_query
from tomgraph.store.base import Store
from tomgraph.store.cache import QueryCache
from tomgraph.store.embedded import EmbeddedStore

EX = "http://example.org/"
RDFS_LABEL = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
SKOS_PREF = ox.NamedNode("http://www.w3.org/2004/02/skos/core#prefLabel")


def iri(name: str) -> ox.NamedNode:
    return ox.NamedNode(EX + name)


def _fill(store: Store) -> None:
    store.update(
        f"""INSERT DATA {{ GRAPH <{EX}g> {{
            <{EX}a> <{EX}p> 1 . <{EX}b> <{EX}p> 5 . <{EX}c> <{EX}p> 7 .
            <{EX}a> <{EX}q> 2 . <{EX}b> <{EX}q> 9 .
            <{EX}a> <{RDFS_LABEL.value}> "Alpha"@en , "Alfa"@de .
            <{EX}b> <{SKOS_PREF.value}> "Bravo" .
        }} }}"""
    )


def _values(result: object) -> list[tuple[str | None, ...]]:
    return sorted(tuple(t.value if t is not None else None for t in row)  # type: ignore[attr-defined]
                  for row in result)  # type: ignore[attr-defined]


def test_a_variable_bound_to_a_sequence_takes_each_term(backend_store: Store) -> None:
    _fill(backend_store)
    result = backend_store.query(
        f"SELECT ?s ?v WHERE {{ ?s <{EX}p> ?v }}", bindings={"s": [iri("a"), iri("c")]}
    )
    assert _values(result) == [(EX + "a", "1"), (EX + "c", "7")]


def test_an_empty_sequence_matches_nothing(backend_store: Store) -> None:
    _fill(backend_store)
    result = backend_store.query(f"SELECT ?s WHERE {{ ?s <{EX}p> ?v }}", bindings={"s": []})
    assert _values(result) == []


def test_two_bound_variables_take_every_combination(backend_store: Store) -> None:
    _fill(backend_store)
    one = ox.Literal("1", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer"))
    result = backend_store.query(
        f"SELECT ?s WHERE {{ ?s <{EX}p> ?v }}",
        bindings={"s": [iri("a"), iri("b")], "v": one},
    )
    assert _values(result) == [(EX + "a",)]


def test_a_binding_reaches_into_a_sub_query_it_is_not_projected_from(
    backend_store: Store,
) -> None:
    _fill(backend_store)
    result = backend_store.query(
        f"SELECT ?v WHERE {{ {{ SELECT ?v WHERE {{ ?s <{EX}p> ?v }} }} }}",
        bindings={"s": iri("b")},
    )
    assert _values(result) == [("5",)]


def test_a_binding_used_only_in_a_minus_filter_is_bound_there(backend_store: Store) -> None:
    _fill(backend_store)
    three = ox.Literal("3", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer"))
    result = backend_store.query(
        f"SELECT ?s WHERE {{ ?s <{EX}p> ?v MINUS {{ ?s <{EX}q> ?w FILTER (?w > ?min) }} }}",
        bindings={"min": three},
    )
    assert _values(result) == [(EX + "a",), (EX + "c",)]


def test_labels_are_looked_up_for_a_batch_of_resources(backend_store: Store) -> None:
    _fill(backend_store)
    wanted = [iri("a"), iri("b"), iri("c")]
    result = backend_store.query(
        internal_query("labels"), bindings={"s": wanted, "p": [RDFS_LABEL, SKOS_PREF]}
    )
    assert sorted((s, label) for s, _, label in _values(result)) == [
        (EX + "a", "Alfa"), (EX + "a", "Alpha"), (EX + "b", "Bravo"),
    ]
    assert lookup(backend_store, [EX + "a"]) == {EX + "a": "Alpha"}  # English first


def test_the_result_cache_tells_batches_apart() -> None:
    store = EmbeddedStore()
    store.query_cache = QueryCache()
    _fill(store)
    text = f"SELECT ?s ?v WHERE {{ ?s <{EX}p> ?v }}"
    assert len(_values(store.query(text, bindings={"s": [iri("a")]}))) == 1
    assert len(_values(store.query(text, bindings={"s": [iri("a"), iri("b")]}))) == 2
    assert len(_values(store.query(text, bindings={"s": [iri("a")]}))) == 1
    assert store.query_cache.hits == 1

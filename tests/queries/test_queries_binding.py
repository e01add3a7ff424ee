"""Parameters are bound by the store as terms: never pasted text, and everywhere they are named."""

from __future__ import annotations

import pytest
from pyoxigraph import NamedNode
from query_helpers import rows

from tomgraph.errors import UsageError
from tomgraph.querylib import bound_text, parse_query, run_query
from tomgraph.store import EmbeddedStore

A = NamedNode("http://example.org/a")


deA = NamedNode("http://example.org/a")
B = NamedNode("http://example.org/b")
NAME = NamedNode("http://example.org/name")


def _store() -> EmbeddedStore:
    store = EmbeddedStore()
    store.update(
        "INSERT DATA { <http://example.org/a> <http://example.org/name> 'a' ."
        " <http://example.org/b> <http://example.org/name> 'b' }"
    )
    return store


def test_a_parameter_reaches_inside_a_sub_query_without_any_marker():
    query = parse_query(
        "#+ params:\n#+   - name: s\n#+     type: iri\n"
        "SELECT ?n WHERE { { SELECT ?n WHERE { ?s <http://example.org/name> ?n } } }",
        "sub",
    )
    assert rows(run_query(_store(), query, {"s": A})) == [("a",)]


def test_a_parameter_that_only_tunes_a_filter_in_a_minus_is_bound_there():
    query = parse_query(
        "#+ params:\n#+   - name: other\n#+     type: string\n"
        "SELECT ?s WHERE { ?s <http://example.org/name> ?n"
        " MINUS { ?s <http://example.org/name> ?m FILTER (?m = ?other) } }",
        "minus",
    )
    assert rows(run_query(_store(), query, {"other": "b"})) == [("<http://example.org/a>",)]


def test_the_bound_text_puts_values_in_every_group_that_names_the_parameter():
    query = parse_query(
        "#+ params:\n#+   - name: s\n#+     type: iri\n"
        "SELECT * WHERE {\n { SELECT ?s WHERE { ?s ?p ?o } }\n UNION { ?x ?y ?s } }",
        "text",
    )
    text = bound_text(query, {"s": A})
    assert text.count("VALUES ?s { <http://example.org/a> }") == 2
    assert text.count("\n") == query.text.count("\n")


def test_a_describe_gets_a_where_group_and_a_broken_query_is_a_usage_error():
    query = parse_query(
        "#+ params:\n#+   - name: s\n#+     type: iri\nDESCRIBE <http://example.org/a> ?s",
        "describe",
    )
    assert "WHERE { VALUES ?s" in bound_text(query, {"s": A})
    query = parse_query("#+ params:\n#+   - name: s\n#+     type: iri\nASK { ?s", "broken")
    with pytest.raises(UsageError, match="cannot bind"):
        bound_text(query, {"s": A})


INJECTIONS = [
    "x> } ; DROP ALL ; #",
    'x" } } ; DROP ALL ; #',
    "x' } INSERT DATA { <a> <b> <c> } #",
    "\\\" } DROP ALL #",
]


@pytest.mark.parametrize("attack", INJECTIONS)
def test_an_injection_attempt_is_bound_as_a_plain_literal(attack):
    store = EmbeddedStore()
    store.update('INSERT DATA { <http://example.org/a> <http://example.org/name> "safe" }')
    query = parse_query(
        "#+ params:\n#+   - name: name\n#+     type: string\n"
        "SELECT ?s ?name WHERE { ?s <http://example.org/name> ?stored . BIND(?name AS ?echo) }",
        "echo",
    )
    answer = rows(run_query(store, query, {"name": attack}))
    assert answer == [("<http://example.org/a>", attack)]
    assert store.count() == 1


@pytest.mark.parametrize("attack", INJECTIONS)
def test_an_injection_attempt_as_an_iri_is_refused(attack):
    store = EmbeddedStore()
    query = parse_query(
        "#+ params:\n#+   - name: item\n#+     type: iri\nSELECT * WHERE { ?item ?p ?o }", "q"
    )
    with pytest.raises(UsageError, match="is not an absolute IRI"):
        run_query(store, query, {"item": attack})

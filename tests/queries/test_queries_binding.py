"""Parameters are bound as VALUES blocks of serialised terms: never as pasted text."""

from __future__ import annotations

import pytest
from pyoxigraph import Literal, NamedNode
from query_helpers import rows

from tomgraph.errors import UsageError
from tomgraph.querylib import MARKER, bind, parse_query, run_query
from tomgraph.querylib.binding import where_group_start
from tomgraph.store import EmbeddedStore

A = NamedNode("http://example.org/a")


def test_values_go_just_inside_the_top_level_where_group():
    text = "PREFIX ex: <http://example.org/{x}>\nSELECT ?s WHERE {\n  ?s ?p ?o\n}"
    assert bind(text, {"s": A}) == (
        "PREFIX ex: <http://example.org/{x}>\nSELECT ?s WHERE {"
        " VALUES ?s { <http://example.org/a> } \n  ?s ?p ?o\n}"
    )


def test_the_line_count_never_changes_so_errors_keep_their_line():
    text = "SELECT * WHERE {\n ?s ?p ?o }"
    assert bind(text, {"o": Literal("a\nb")}).count("\n") == text.count("\n")


def test_braces_and_keywords_in_comments_strings_and_iris_do_not_count():
    text = (
        '# WHERE { not here\nCONSTRUCT { ?s <http://x/{where}> "WHERE {" }\n'
        "WHERE { ?s ?p ?o }"
    )
    at = where_group_start(text)
    assert at is not None and text[at - 7:at] == "WHERE {"


def test_a_select_without_the_where_keyword_binds_in_its_group():
    text = "SELECT * { ?s ?p ?o }"
    assert text[: where_group_start(text)] == "SELECT * {"


def test_marker_lines_take_the_values_block_everywhere_they_appear():
    text = (
        f"SELECT * WHERE {{\n  {{ SELECT ?s WHERE {{\n    {MARKER}\n    ?s ?p ?o }} }}\n"
        f"  {MARKER}\n}}"
    )
    bound = bind(text, {"s": A})
    assert bound.count("VALUES ?s { <http://example.org/a> }") == 2
    assert MARKER not in bound


def test_a_query_with_no_place_for_values_is_a_usage_error():
    with pytest.raises(UsageError, match="cannot tell where to bind"):
        bind("DESCRIBE <http://example.org/a>", {"s": A})


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

"""Pre-binding by VALUES blocks: in every group that names the variable, never in strings."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from tomgraph.errors import QuerySyntaxError, UsageError
from tomgraph.sparql.values import bind, cache_key, needs_values

A = ox.NamedNode("http://example.org/a")
B = ox.NamedNode("http://example.org/b")
BLOCK = "VALUES ?s { <http://example.org/a> }"


def spaced(text: str) -> str:
    return " ".join(text.split())


def test_the_block_goes_first_in_the_where_group() -> None:
    text = "PREFIX ex: <http://example.org/#x>\nSELECT ?s WHERE {\n  ?s ?p ?o\n}"
    assert spaced(bind(text, {"s": A})) == spaced(
        "PREFIX ex: <http://example.org/#x>\nSELECT ?s WHERE { " + BLOCK + " ?s ?p ?o }")


def test_a_sequence_of_terms_becomes_one_multi_row_block() -> None:
    assert "VALUES ?s { <http://example.org/a> <http://example.org/b> }" in bind(
        "SELECT ?s WHERE { ?s ?p ?o }", {"s": [A, B]})


def test_every_group_that_names_the_variable_gets_a_block() -> None:
    text = ("SELECT ?x WHERE { { SELECT ?x WHERE { ?x ?p ?s } } UNION { ?s ?q ?x }"
            " OPTIONAL { ?x ?r ?y } MINUS { ?y ?z ?w FILTER (?w = ?s) } }")
    bound = bind(text, {"s": A})
    assert bound.count(BLOCK) == 3
    assert "OPTIONAL { ?x ?r ?y }" in bound
    ox.Store().query(bound)


def test_a_group_that_assigns_the_variable_itself_gets_none() -> None:
    text = "SELECT ?s WHERE { { ?x ?p ?o BIND (?x AS ?s) } UNION { ?s ?p ?o } }"
    bound = bind(text, {"s": A})
    assert bound.count(BLOCK) == 1 and "BIND (?x AS ?s) }" in bound
    ox.Store().query(bound)


def test_a_variable_no_group_names_is_bound_in_the_where_group() -> None:
    assert spaced(bind("SELECT ?s WHERE { ?x ?p ?o }", {"s": A})) == (
        f"SELECT ?s WHERE {{ {BLOCK} ?x ?p ?o }}")


def test_line_numbers_never_change() -> None:
    text = "SELECT * WHERE {\n ?s ?p ?o .\n { ?s ?q ?r } }"
    assert bind(text, {"o": ox.Literal("a\nb")}).count("\n") == text.count("\n")


def test_braces_in_comments_strings_and_iris_do_not_count() -> None:
    text = '# WHERE {\nASK { ?s <http://x/{a}> "}" }'
    assert spaced(bind(text, {"s": A})) == spaced(
        f'# WHERE {{\nASK {{ {BLOCK} ?s <http://x/{{a}}> "}}" }}')


def test_a_short_construct_is_spelled_out_so_the_template_stays_free_of_values() -> None:
    bound = bind("CONSTRUCT WHERE { ?s ?p ?o } LIMIT 5", {"s": A})
    assert spaced(bound) == f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ {BLOCK} ?s ?p ?o }} LIMIT 5"


def test_a_describe_without_where_gets_one() -> None:
    assert spaced(bind("DESCRIBE ?s", {"s": A})) == f"DESCRIBE ?s WHERE {{ {BLOCK} }}"


def test_queries_with_no_place_for_values_are_usage_errors() -> None:
    with pytest.raises(UsageError, match="cannot bind"):
        bind("INSERT DATA { <a:a> <a:b> <a:c> }", {"s": A})
    with pytest.raises(UsageError, match="unbalanced"):
        bind("SELECT * { ?s ?p ?o", {"s": A})


def test_an_unterminated_string_is_a_syntax_error_with_its_line() -> None:
    with pytest.raises(QuerySyntaxError, match=r"query:2:"):
        bind('SELECT * {\n ?s ?p "x }', {"s": A})


def test_blank_nodes_cannot_be_written_into_text() -> None:
    with pytest.raises(UsageError, match="BlankNode"):
        bind("SELECT ?s { ?s ?p ?o }", {"s": ox.BlankNode()})


def test_native_substitution_is_used_only_where_it_means_the_same() -> None:
    assert not needs_values("SELECT ?s WHERE { ?s ?p ?o }", {"s": A})
    assert not needs_values("SELECT * WHERE { ?s ?p ?o }", {"s": A})
    assert needs_values("SELECT ?o WHERE { ?s ?p ?o }", {"s": A})  # not projected
    assert needs_values("SELECT ?s WHERE { ?s ?p ?o }", {"s": [A, B]})  # a batch
    assert needs_values("SELECT ?s { { SELECT ?s { ?s ?p ?o } } }", {"s": A})  # sub-query
    assert not needs_values("ASK { ?s ?p ?o }", {"s": A})
    assert needs_values("ASK { { SELECT ?o { ?s ?p ?o } } }", {"s": A})


def test_the_cache_key_ignores_order_and_sigils() -> None:
    assert cache_key({"s": A, "?o": [A, B]}) == cache_key({"o": (A, B), "s": [A]})
    assert cache_key({"s": [A, B]}) != cache_key({"s": [B, A]})
    assert cache_key(None) == cache_key({}) == ()


def test_several_variables_in_one_group_share_one_block_of_every_combination() -> None:
    p, q = ox.NamedNode("http://example.org/p"), ox.NamedNode("http://example.org/q")
    bound = bind("SELECT ?s ?p ?o WHERE { ?s ?p ?o }", {"p": [p, q], "s": [A, B]})
    assert spaced(bound) == spaced(
        "SELECT ?s ?p ?o WHERE { VALUES (?p ?s) { (<http://example.org/p> <http://example.org/a>)"
        " (<http://example.org/p> <http://example.org/b>) (<http://example.org/q>"
        " <http://example.org/a>) (<http://example.org/q> <http://example.org/b>) } ?s ?p ?o }")
    store = ox.Store()
    store.add(ox.Quad(A, q, ox.Literal("x")))
    store.add(ox.Quad(B, ox.NamedNode("http://example.org/r"), ox.Literal("y")))
    assert [(r["s"], r["p"]) for r in store.query(bound)] == [(A, q)]  # type: ignore[union-attr]


def test_variables_in_different_groups_keep_their_own_blocks() -> None:
    bound = bind("SELECT * WHERE { ?s ?p ?o OPTIONAL { ?o ?q ?x } }", {"s": [A, B], "x": A})
    assert "VALUES ?s { <http://example.org/a> <http://example.org/b> }" in bound
    assert bound.count("VALUES ?x { <http://example.org/a> }") == 1
    assert "VALUES (" not in bound


def test_too_many_combinations_fall_back_to_a_block_per_variable(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("tomgraph.sparql.values.MAX_JOINT_ROWS", 3)
    bound = bind("SELECT * WHERE { ?s ?p ?o }", {"s": [A, B], "p": [A, B]})
    assert "VALUES ?s { <http://example.org/a> <http://example.org/b> }" in bound
    assert "VALUES ?p { <http://example.org/a> <http://example.org/b> }" in bound


def test_an_empty_sequence_in_a_joint_block_matches_nothing() -> None:
    bound = bind("SELECT ?s ?p WHERE { ?s ?p ?o }", {"s": [A, B], "p": []})
    store = ox.Store()
    store.add(ox.Quad(A, A, A))
    assert list(store.query(bound)) == []


def test_a_plain_nested_group_leaves_a_variable_to_the_block_of_the_group_around_it() -> None:
    p = ox.NamedNode("http://example.org/p")
    text = "SELECT ?s ?o WHERE { ?s a ?type . { ?s ?p ?o } }"
    bound = bind(text, {"s": A, "p": p})
    assert spaced(bound) == spaced(
        "SELECT ?s ?o WHERE { " + BLOCK + " ?s a ?type . { VALUES ?p { <http://example.org/p> }"
        " ?s ?p ?o } }")
    store = ox.Store()
    store.add(ox.Quad(A, ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"), B))
    store.add(ox.Quad(A, p, ox.Literal("x")))
    store.add(ox.Quad(B, p, ox.Literal("y")))
    assert [r["o"] for r in store.query(bound)] == [ox.Literal("x")]  # type: ignore[union-attr]


def test_a_nested_group_that_filters_on_the_variable_keeps_its_own_block() -> None:
    text = "SELECT ?s WHERE { ?s a ?type . { ?s ?p ?o FILTER (?s != ?o) } }"
    assert bind(text, {"s": A}).count(BLOCK) == 2


def test_optional_graph_and_second_union_groups_keep_their_own_blocks() -> None:
    text = ("SELECT ?s WHERE { ?s a ?type OPTIONAL { ?s ?p ?o } GRAPH ?g { ?s ?q ?x }"
            " { ?s ?q ?x } UNION { ?s ?r ?y } }")
    bound = bind(text, {"s": A})
    assert "OPTIONAL { " + BLOCK in bound and "UNION { " + BLOCK in bound
    assert "GRAPH ?g { " + BLOCK in bound
    ox.Store().query(bound)

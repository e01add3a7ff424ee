"""How pre-bound variables are written into a query for a server that has no bindings: a VALUES
block first in each group that names the variable, wherever braces hide in comments, strings
and IRIs.
"""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from tomgraph.errors import UsageError
from tomgraph.store.remote_sparql import query_form, with_bindings

CAP = ox.NamedNode("https://example.org/cap-1")
VALUES = "VALUES ?c { <https://example.org/cap-1> }"


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("SELECT ?c ?l WHERE { ?c ?p ?l }", f"SELECT ?c ?l WHERE {{ {VALUES}  ?c ?p ?l }}"),
        ("SELECT * { ?c ?p ?l }", f"SELECT * {{ {VALUES} ?c ?p ?l }}"),
        (
            "PREFIX ex: <https://example.org/#> # a { brace\nASK { ?c ex:p \"}\" }",
            f"PREFIX ex: <https://example.org/#> # a {{ brace\nASK {{ {VALUES} ?c ex:p \"}}\" }}",
        ),
        (
            "CONSTRUCT { ?c ?p ?o } WHERE { ?c ?p ?o }",
            f"CONSTRUCT {{ ?c ?p ?o }} WHERE {{ {VALUES}  ?c ?p ?o }}",
        ),
        (
            "CONSTRUCT WHERE { ?c ?p ?o } LIMIT 5",
            f"CONSTRUCT {{ ?c ?p ?o }} WHERE {{ {VALUES} ?c ?p ?o }} LIMIT 5",
        ),
        (
            "SELECT ?c (EXISTS { ?c ?p ?o } AS ?any) WHERE { ?c a ?t }",
            f"SELECT ?c (EXISTS {{ ?c ?p ?o }} AS ?any) WHERE {{ {VALUES}  ?c a ?t }}",
        ),
        (
            "SELECT ?c WHERE { SELECT ?c WHERE { ?c ?p ?o } }",
            f"SELECT ?c WHERE {{ SELECT ?c WHERE {{ {VALUES} ?c ?p ?o }} }}",
        ),
        ("DESCRIBE ?c", f"DESCRIBE ?c WHERE {{ {VALUES} }}"),
    ],
    ids=["select", "select star", "braces and hashes in comments, strings, IRIs", "construct",
         "short construct", "exists in the projection", "sub-select", "describe"],
)
def test_the_values_block_goes_first_in_the_where_group(query, expected):
    rewritten = with_bindings(query, {"c": CAP})
    assert _spaced(rewritten) == _spaced(expected)
    assert rewritten.count("\n") >= query.count("\n")  # lines are kept (error positions)
    ox.Store().query(rewritten)  # and it is still SPARQL


def _spaced(text: str) -> str:
    return " ".join(text.split())


def test_literals_are_written_in_ntriples_syntax():
    label = ox.Literal('Custody "booking-in"\n', language="en")
    rewritten = with_bindings("SELECT ?l WHERE { ?c ?p ?l }", {"l": label})
    assert 'VALUES ?l { "Custody \\"booking-in\\"\\n"@en }' in rewritten


def test_a_bound_variable_need_not_be_projected_as_on_the_embedded_store():
    assert "VALUES ?c" in with_bindings("SELECT ?l WHERE { ?c ?p ?l }", {"c": CAP})


def test_blank_nodes_cannot_be_bound_on_a_remote_store():
    with pytest.raises(UsageError, match="only IRIs and literals"):
        with_bindings("SELECT ?c WHERE { ?c ?p ?l }", {"c": ox.BlankNode()})


def test_the_query_form_is_read_past_the_prologue():
    assert query_form("BASE <x:>\nPREFIX a: <b:> # SELECT\nCONSTRUCT WHERE { ?s ?p ?o }") == (
        "CONSTRUCT"
    )

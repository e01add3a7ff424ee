"""The remote store's dialects: which server needs what said differently, and the rewrites.

The rewrites are checked here on text; tests/remote/test_virtuoso_workflows.py proves on a
real Virtuoso that the rewritten queries give the embedded store's answers.
"""

from __future__ import annotations

import pyoxigraph as ox

from tomgraph.store.remote_dialect import (
    HIERARCHY,
    TYPES,
    canonical_booleans,
    dialect_of,
    rewrite_for,
)

RDFS = "http://www.w3.org/2000/01/rdf-schema#"
PREFIXES = ("PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> "
            f"PREFIX rdfs: <{RDFS}> PREFIX ex: <https://example.org/> ")
# ex:Lead ⊑ ex:Person ⊑ ex:Agent, ex:Org ⊑ ex:Agent
HIERARCHY_ROWS = [("Lead", "Person"), ("Person", "Agent"), ("Org", "Agent")]


def rows(query: str) -> list[tuple[ox.NamedNode, ...]]:
    def n(name: str) -> ox.NamedNode:
        return ox.NamedNode("https://example.org/" + name)

    if query == HIERARCHY:
        return [(n(s), n(o)) for s, o in HIERARCHY_ROWS]
    assert query == TYPES
    return [(n("Lead"),), (n("Thing"),)]


def virtuoso(text: str) -> str:
    return rewrite_for("virtuoso", PREFIXES + text, rows)  # type: ignore[arg-type]


def test_virtuoso_is_told_by_its_server_header_and_any_other_server_speaks_sparql_11() -> None:
    assert dialect_of("Virtuoso/07.20.3229 (Linux) x86_64-pc-linux-gnu") == "virtuoso"
    assert dialect_of("Oxigraph/0.4.9") == "sparql11"
    assert dialect_of(None) == "sparql11"


def test_a_type_path_to_a_class_becomes_a_type_bound_to_the_class_and_its_subclasses() -> None:
    text = virtuoso("SELECT ?x WHERE { ?x rdf:type/rdfs:subClassOf* ex:Agent . }")
    assert "subClassOf" not in text.split("SELECT", 1)[1]
    assert "?x rdf:type ?_sc1 ." in text
    assert ("VALUES ?_sc1 { <https://example.org/Agent> <https://example.org/Lead> "
            "<https://example.org/Org> <https://example.org/Person> }") in text


def test_the_values_go_into_the_group_that_holds_the_path() -> None:
    text = virtuoso("SELECT ?x WHERE { ?x ex:p ?v . MINUS { ?v a/rdfs:subClassOf* ex:Person } }")
    minus = text[text.index("MINUS"):]
    assert minus.startswith("MINUS { VALUES ?_sc1 { <https://example.org/Lead> "
                            "<https://example.org/Person> }")


def test_a_type_path_to_a_variable_pairs_every_type_with_itself_and_its_superclasses() -> None:
    text = virtuoso("SELECT ?x ?c WHERE { ?x a/rdfs:subClassOf* ?c }")
    values = text[text.index("VALUES"):]
    assert values.startswith("VALUES (?_sc1 ?c) {")
    assert "(<https://example.org/Thing> <https://example.org/Thing>)" in values
    assert "(<https://example.org/Lead> <https://example.org/Agent>)" in values


def test_one_or_more_steps_become_fixed_steps_as_many_as_the_hierarchy_is_deep() -> None:
    text = virtuoso("SELECT ?a ?b WHERE { ?a rdfs:subClassOf+ ?b }")
    assert "?a (rdfs:subClassOf | rdfs:subClassOf/rdfs:subClassOf) ?b" in text


def test_a_lone_star_path_between_variables_becomes_the_closure_as_a_table() -> None:
    text = virtuoso("SELECT ?a ?b WHERE { ?a rdfs:subClassOf* ?b . ?a ex:p ?q }")
    assert "{ VALUES (?a ?b) {" in text
    assert "(<https://example.org/Lead> <https://example.org/Agent>)" in text
    assert "(<https://example.org/Org> <https://example.org/Org>)" in text
    assert text.rstrip().endswith(". ?a ex:p ?q }")


def test_paths_over_other_properties_and_other_dialects_are_sent_as_written() -> None:
    query = PREFIXES + "SELECT ?x WHERE { ?x ex:parent* ex:root }"
    assert rewrite_for("virtuoso", query, rows) == query  # type: ignore[arg-type]
    query = PREFIXES + "SELECT ?x WHERE { ?x a/rdfs:subClassOf* ex:Agent }"
    assert rewrite_for("sparql11", query, rows) == query  # type: ignore[arg-type]


def test_virtuoso_booleans_are_read_in_their_canonical_form() -> None:
    body = (b'{"o": { "type": "typed-literal", "datatype": '
            b'"http://www.w3.org/2001/XMLSchema#boolean", "value": "1" }}')
    assert canonical_booleans(body).endswith(b'"value": "true" }}')

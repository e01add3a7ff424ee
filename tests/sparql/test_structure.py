"""What a query's tokens say: form, prologue, dataset, groups, sub-queries, projection."""

from __future__ import annotations

import pytest

from tomgraph.sparql.structure import Query, parse


@pytest.mark.parametrize(
    ("text", "form"),
    [
        ("BASE <x:>\nPREFIX a: <b:> # SELECT\nCONSTRUCT WHERE { ?s ?p ?o }", "CONSTRUCT"),
        ("select * { }", "SELECT"),
        ("ASK { }", "ASK"),
        ("DESCRIBE <x:a>", "DESCRIBE"),
        ("PREFIX ex: <x:> INSERT DATA { ex:a ex:b ex:c }", "UPDATE"),
        ("WITH <g:> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }", "UPDATE"),
        ("LOAD <http://example.org/x.ttl>", "UPDATE"),
        ("# SELECT only in a comment", None),
        ("'SELECT'", None),
    ],
)
def test_the_form_is_the_first_word_after_the_prologue(text: str, form: str | None) -> None:
    assert parse(text).form == form


def test_the_prologue_resolves_prefixes_against_the_base() -> None:
    found = Query("BASE <http://e.org/b/>\nPREFIX g: <graph/>\nPREFIX : <http://e.org/#>\n"
                  "SELECT * {}").prologue()
    assert found.base == "http://e.org/b/"
    assert found.prefixes == {"g": "http://e.org/b/graph/", "": "http://e.org/#"}


def test_dataset_clauses_are_listed_with_their_graphs() -> None:
    query = Query(
        "PREFIX g: <http://e.org/g/>\nSELECT * FROM g:one FROM NAMED <http://e.org/two>\n"
        "WHERE { ?s ?p 'FROM <x:>' }"
    )
    assert [(c.keyword, c.iri) for c in query.dataset_clauses()] == [
        ("FROM", "http://e.org/g/one"), ("FROM NAMED", "http://e.org/two")]
    update = Query("WITH <http://g/w> DELETE { ?s ?p ?o } USING <http://g/u> "
                   "USING NAMED <http://g/n> WHERE { ?s ?p ?o }")
    assert [(c.keyword, c.iri) for c in update.dataset_clauses()] == [
        ("WITH", "http://g/w"), ("USING", "http://g/u"), ("USING NAMED", "http://g/n")]


@pytest.mark.parametrize(
    ("text", "service", "load", "graph"),
    [
        ("SELECT * { SERVICE <x:> { ?s ?p ?o } }", True, False, False),
        ("SELECT * { ?s <http://x/#SERVICE> 'LOAD' } # GRAPH", False, False, False),
        ("SELECT * { GRAPH ?g { ?s ?p ?o } }", False, False, True),
        ("load <http://example.org/x.ttl>", False, True, False),
        ("SELECT ?service ?graph { ?service ex:graph ?graph }", False, False, False),
    ],
)
def test_keywords_are_found_only_where_the_grammar_has_them(text, service, load, graph) -> None:
    query = Query(text)
    assert query.has_keyword("SERVICE") is service
    assert query.has_keyword("LOAD") is load
    assert query.has_keyword("GRAPH") is graph


def test_the_where_group_skips_a_construct_template_and_braces_in_strings() -> None:
    text = '# WHERE {\nCONSTRUCT { ?s <http://x/{t}> "WHERE {" }\nWHERE { ?s ?p ?o }'
    query = Query(text)
    assert query.where is not None
    group, short = query.where
    assert not short
    assert text[query.tokens[group.open].start:] == "{ ?s ?p ?o }"


def test_a_select_needs_no_where_keyword_and_a_short_construct_is_told_apart() -> None:
    query = Query("SELECT * { ?s ?p ?o }")
    assert query.where is not None and query.where[0].open == 2
    short = Query("CONSTRUCT WHERE { ?s ?p ?o }")
    assert short.where is not None and short.where[1] is True
    assert Query("DESCRIBE <x:a>").where is None


def test_an_exists_in_the_projection_is_not_the_where_group() -> None:
    query = Query("SELECT ?c (EXISTS { ?c ?p ?o } AS ?any) WHERE { ?c a ?t }")
    assert query.where is not None
    assert query.tokens[query.where[0].open + 1].text == "?c"
    assert query.tokens[query.where[0].open + 2].text == "a"


def test_nested_groups_know_their_parent_and_sub_queries_their_where() -> None:
    query = Query("SELECT ?x WHERE { { SELECT ?x WHERE { ?x ?p ?o OPTIONAL { ?x ?q ?r } } }"
                  " UNION { ?x a ?t } }")
    assert [g.parent for g in query.groups] == [None, 0, 1, 2, 0]
    assert [g.subquery for g in query.groups] == [False, True, False, False, False]
    (inner,) = query.subquery_wheres()
    assert inner == query.groups[2]
    assert query.mentions()[2] == {"x", "p", "o"}


def test_projected_variables_include_aliases_and_star_means_all() -> None:
    assert Query("SELECT ?a (COUNT(?b) AS ?n) ?c WHERE { }").projected() == ["a", "n", "c"]
    assert Query("SELECT DISTINCT * WHERE { ?s ?p ?o }").projected() is None
    assert Query("SELECT ?a FROM <g:> WHERE { ?z ?y ?x }").projected() == ["a"]


def test_modify_wheres_are_found_but_not_the_short_delete_where() -> None:
    text = ("INSERT DATA { <a:a> <a:b> <a:c> } ;\nDELETE { ?s ?p ?o } WHERE { ?s ?p ?o } ;\n"
            "DELETE WHERE { ?s <a:g> ?o }")
    (at,) = Query(text).modify_wheres()
    assert text[at:at + 13] == "WHERE { ?s ?p"


def test_unbalanced_braces_are_noticed_without_an_exception() -> None:
    assert not Query("SELECT * { { ?s ?p ?o }").balanced
    assert not Query("SELECT * { } }").balanced
    assert Query("SELECT * { '}' }").balanced

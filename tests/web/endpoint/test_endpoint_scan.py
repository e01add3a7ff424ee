"""The SPARQL scanner sees keywords only where the grammar has them, and rewrites USING."""

from __future__ import annotations

import pytest

from tomgraph.web.endpoint.scan import scan, with_using


@pytest.mark.parametrize(
    ("text", "service"),
    [
        ("SELECT * { SERVICE <http://x/> { ?s ?p ?o } }", True),
        ("SELECT * { Service ?x { } }", True),
        ("SELECT * { ?s ?p 'SERVICE' }", False),
        ('SELECT * { ?s ?p """a\n SERVICE <x> """ }', False),
        ("SELECT * { ?s ?p ?o } # SERVICE <http://x/>", False),
        ("SELECT * { ?s <http://x/#SERVICE> ?o }", False),
        ("SELECT * { ?s ex:SERVICE ?o }", False),
        ("SELECT ?SERVICE { ?SERVICE ?p ?o }", False),
        ("SELECT * { ?s ?p 'it''s' . SERVICE <x> {} }", True),
        ('SELECT * { ?s ?p "a\\"b SERVICE" }', False),
        ("SELECT * { ?s ?p ?o FILTER(?o < 3 && ?o > 1) SERVICE <x> {} }", True),
        ("SELECT * { SERV\\u0049CE <x> {} }", True),
        ("SELECT * { ?s ?p ?o } #\\u000A SERVICE <x> {}", True),
    ],
)
def test_service_is_found_only_as_a_keyword(text: str, service: bool) -> None:
    assert scan(text).service is service


def test_from_graphs_are_resolved_through_prefixes_and_base() -> None:
    found = scan(
        "BASE <http://example.org/base/>\nPREFIX g: <http://example.org/graph/>\n"
        "SELECT * FROM g:one FROM <two> FROM NAMED <http://example.org/three> { ?s ?p ?o }"
    )
    assert found.from_graphs == ["http://example.org/graph/one", "http://example.org/base/two"]
    assert found.from_named_graphs == ["http://example.org/three"]


def test_using_is_placed_before_each_modify_where_only() -> None:
    update = (
        "PREFIX ex: <http://example.org/>\n"
        "INSERT DATA { ex:a ex:b ex:c } ;\n"
        "DELETE { ?s ?p ?o } WHERE { ?s ?p ?o } ;\n"
        "DELETE WHERE { ?s ex:gone ?o } ;\n"
        "INSERT { GRAPH ex:g { ?s a ex:T } } WHERE { ?s a ex:U }"
    )
    found = scan(update)
    assert len(found.modify_where) == 2
    rewritten = with_using(update, found, ["http://example.org/d"], ["http://example.org/n"])
    assert rewritten.count("USING <http://example.org/d> USING NAMED <http://example.org/n> WHERE") == 2  # noqa: E501
    assert "DELETE WHERE { ?s ex:gone ?o }" in rewritten


def test_load_with_and_using_are_noticed() -> None:
    assert scan("LOAD <http://example.org/x.ttl>").load
    assert scan("WITH <http://g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }").with_or_using
    assert not scan("INSERT DATA { <a> <b> 'USING WITH LOAD' }").with_or_using

"""Sample data for the store tests: awkward literals, blank nodes and several graphs."""

from __future__ import annotations

from pathlib import Path

import pytest

TRICKY_TURTLE = """\
@prefix tom: <https://w3id.org/tomgraph/ontology#> .
@prefix ex: <https://example.org/model/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .

ex:cap-1 a tom:Capability ;
    rdfs:label "Custody \\"booking-in\\""@en , "Prise en charge"@fr ;
    tom:level 1 ;
    tom:needsNoTechnology false ;
    rdfs:comment \"\"\"Two lines,
with a tab\\tand ünïcödé — ✓\"\"\" .
ex:cap-2 a tom:Capability ;
    tom:parentCapability ex:cap-1 ;
    tom:level 2 ;
    tom:owner [ a tom:Person ; rdfs:label "Anonymous owner" ; tom:role "Lead" ] .
ex:benefit-1 a tom:CashableBenefit ;
    tom:cashableValue 125000.50 ;
    tom:baseline "12"^^xsd:decimal ;
    tom:enabledBy ex:cap-2 ;
    tom:measure "" .
ex:dep-1 tom:dueDate "2027-03-31"^^xsd:date ;
    tom:dependsOn ( ex:cap-1 ex:cap-2 ) .
"""

QUADS = """\
<https://example.org/a> <https://example.org/p> "in one" <https://example.org/g/one> .
<https://example.org/b> <https://example.org/p> "in two" <https://example.org/g/two> .
<https://example.org/a> <https://example.org/p> "in one" <https://example.org/g/two> .
_:x <https://example.org/p> "blank in two" <https://example.org/g/two> .
"""


@pytest.fixture
def tricky_ttl(tmp_path: Path) -> Path:
    """A Turtle file with escapes, language tags, datatypes, blank nodes and a list."""
    path = tmp_path / "tricky.ttl"
    path.write_text(TRICKY_TURTLE, encoding="utf-8")
    return path


@pytest.fixture
def two_graphs_nq(tmp_path: Path) -> Path:
    """N-Quads over two named graphs that share one triple."""
    path = tmp_path / "two-graphs.nq"
    path.write_text(QUADS, encoding="utf-8")
    return path

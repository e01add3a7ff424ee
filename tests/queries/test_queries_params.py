"""Parameter values become typed RDF terms, or a clear error naming the parameter."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from pyoxigraph import Literal, NamedNode

from tomgraph.errors import UsageError
from tomgraph.namespaces import MET, TOM, XSD
from tomgraph.querylib import Param


def typed(value: str, datatype: str) -> Literal:
    return Literal(value, datatype=NamedNode(XSD + datatype))


@pytest.mark.parametrize(
    ("kind", "value", "term"),
    [
        ("iri", "met:sa-forensics", NamedNode(MET + "sa-forensics")),
        ("iri", "tom:Design", NamedNode(TOM + "Design")),
        ("iri", "<http://example.org/x>", NamedNode("http://example.org/x")),
        ("iri", "http://example.org/x", NamedNode("http://example.org/x")),
        ("iri", NamedNode("urn:x:1"), NamedNode("urn:x:1")),
        ("string", "x> } ; DROP ALL ; #", Literal("x> } ; DROP ALL ; #")),
        ("string", 'say "hi"\n', Literal('say "hi"\n')),
        ("integer", "2", typed("2", "integer")),
        ("integer", " -07 ", typed("-7", "integer")),
        ("integer", 3, typed("3", "integer")),
        ("decimal", "1.50", typed("1.50", "decimal")),
        ("decimal", "12", typed("12.0", "decimal")),
        ("decimal", Decimal("0.25"), typed("0.25", "decimal")),
        ("boolean", "true", typed("true", "boolean")),
        ("boolean", "No", typed("false", "boolean")),
        ("boolean", False, typed("false", "boolean")),
        ("date", "2026-10-31", typed("2026-10-31", "date")),
        ("date", dt.date(2027, 1, 1), typed("2027-01-01", "date")),
    ],
)
def test_values_become_terms_of_the_declared_type(kind, value, term):
    assert Param("p", kind).to_term(value) == term


@pytest.mark.parametrize(
    ("kind", "value", "message"),
    [
        ("iri", "x> } ; DROP ALL ; #", "is not an absolute IRI"),
        ("iri", "not an iri", "is not an absolute IRI"),
        ("iri", "relative/path", "is not an absolute IRI"),
        ("iri", "nope:thing", "is not an absolute IRI"),
        ("iri", 42, "is not an IRI"),
        ("integer", "1.5", "is not an integer"),
        ("integer", "1 } DROP", "is not an integer"),
        ("integer", True, "is not an integer"),
        ("decimal", "1e5", "is not a decimal number"),
        ("decimal", "abc", "is not a decimal number"),
        ("boolean", "maybe", "is not a boolean"),
        ("date", "31/10/2026", "is not a date"),
        ("date", "2026-02-30", "day is out of range"),
        ("date", dt.datetime(2026, 1, 1, 12), "is a date and time"),
        ("string", 5, "is not text"),
    ],
)
def test_a_value_that_does_not_fit_is_a_usage_error_naming_the_parameter(kind, value, message):
    with pytest.raises(UsageError, match=rf"^parameter 'p' \({kind}\): .*{message}"):
        Param("p", kind).to_term(value)


def test_a_term_of_the_wrong_kind_is_refused():
    with pytest.raises(UsageError, match="is not of that type"):
        Param("p", "iri").to_term(Literal("http://example.org/x"))
    with pytest.raises(UsageError, match="is not an integer"):
        Param("p", "integer").to_term(Literal("x"))

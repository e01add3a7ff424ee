"""The SPARQL scanners read any text without crashing, and find SERVICE however written."""

from __future__ import annotations

import pyoxigraph as ox
from hypothesis import given
from hypothesis import strategies as st

from tomgraph.errors import TomgraphError
from tomgraph.sparql.structure import parse
from tomgraph.sparql.values import bind
from tomgraph.store.nesting import check_nesting
from tomgraph.web.endpoint.scan import scan, with_using

TOKENS = [
    "SELECT", "ASK", "CONSTRUCT", "DESCRIBE", "WHERE", "FROM", "NAMED", "GRAPH", "SERVICE",
    "LOAD", "WITH", "USING", "INSERT", "DELETE", "DATA", "PREFIX", "BASE", "VALUES", "FILTER",
    "{", "}", "(", ")", "[", "]", ";", ".", ",", "*", "?s", "?p", "?o", "<urn:a>", "<", ">",
    "ex:", "ex:a", "'", '"', '"""', "'''", "#", "\n", "\\", "\\u0053", "\\U00000053",
    "'str'", '"str"@en', "1", "1.5e3", "a", "#@values", "<http://example.org/g>",
]
sparql_like = st.lists(st.sampled_from(TOKENS) | st.text(max_size=6), max_size=40).map(" ".join)
any_text = st.text(max_size=200) | sparql_like


@given(any_text)
def test_scan_answers_or_raises_a_typed_error_for_any_text(text: str) -> None:
    try:
        found = scan(text, base="http://localhost/sparql")
    except TomgraphError:
        return
    assert isinstance(found.service, bool) and isinstance(found.load, bool)
    try:
        with_using(text, found, ["urn:g"], ["urn:n"])
    except TomgraphError:
        pass


@given(any_text)
def test_binding_parameters_answers_or_raises_a_typed_error(text: str) -> None:
    found = parse(text).where
    assert found is None or found[0].close >= found[0].open
    try:
        bind(text, {"x": ox.NamedNode("urn:x")})
    except TomgraphError:
        pass


@given(any_text)
def test_the_nesting_check_answers_or_raises_a_typed_error(text: str) -> None:
    try:
        check_nesting(text)
    except TomgraphError:
        pass


def obfuscate(word: str, choices: list[int]) -> str:
    """``word`` with letters in random case or as \\u escapes (which SPARQL decodes first)."""
    out = []
    for letter, choice in zip(word, choices, strict=True):
        if choice == 0:
            out.append(letter.lower())
        elif choice == 1:
            out.append(letter.upper())
        else:
            out.append(f"\\u{ord(letter.upper()):04X}")
    return "".join(out)


@given(st.lists(st.integers(0, 2), min_size=7, max_size=7),
       st.sampled_from(["", " ", "\n", "\t", "#c\n"]))
def test_service_is_found_in_any_case_and_escaped_spelling(choices: list[int], gap: str) -> None:
    keyword = obfuscate("SERVICE", choices)
    service = f"{keyword}{gap or ' '}<http://evil.example/sparql> {{ ?s ?p ?o }}"
    query = f"SELECT * WHERE {{{gap}{service} }}"
    assert scan(query).service


@given(st.lists(st.integers(0, 2), min_size=4, max_size=4))
def test_load_is_found_in_any_case_and_escaped_spelling(choices: list[int]) -> None:
    assert scan(f"{obfuscate('LOAD', choices)} <http://evil.example/data.ttl>").load

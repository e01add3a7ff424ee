"""The tokenizer: every part of a query text is one token, and only real syntax is syntax."""

from __future__ import annotations

import pytest

from tomgraph.errors import QuerySyntaxError
from tomgraph.sparql.tokens import check, column_of, significant, tokenize, unescape


def kinds(text: str) -> list[tuple[str, str]]:
    return [(t.kind, t.text) for t in significant(text)]


def test_joining_the_tokens_gives_the_text_back() -> None:
    text = 'PREFIX ex: <http://x/#a>\nSELECT * { ?s ex:p "a{#" } # note {\n'
    assert "".join(t.text for t in tokenize(text)) == text


def test_braces_and_hashes_inside_strings_are_part_of_the_string() -> None:
    assert kinds('"a { b # c"') == [("string", '"a { b # c"')]
    assert kinds("'it\\'s {'") == [("string", "'it\\'s {'")]


def test_long_strings_run_over_lines_and_hold_single_quotes() -> None:
    text = '"""one "quoted" {\nSERVICE } two"""@en'
    assert kinds(text) == [("string", '"""one "quoted" {\nSERVICE } two"""'), ("lang", "@en")]
    assert kinds("'''a ''b'' c'''") == [("string", "'''a ''b'' c'''")]


def test_an_iri_may_hold_a_hash_and_braces_never_start_one() -> None:
    assert kinds("<http://example.org/#Thing>") == [("iri", "<http://example.org/#Thing>")]
    assert [k for k, _ in kinds("FILTER (?a < 3 && ?b > 1)")] == [
        "word", "punct", "var", "punct", "number", "punct", "var", "punct", "number", "punct"]


def test_comments_run_to_the_end_of_the_line() -> None:
    assert kinds("?s # SERVICE { }\n?o") == [("var", "?s"), ("var", "?o")]
    assert [t.kind for t in tokenize("# x\n")] == ["comment", "ws"]


def test_prefixed_names_variables_and_blank_nodes() -> None:
    assert kinds("ex:a.b ex: :c _:b1 ?x $y") == [
        ("pname", "ex:a.b"), ("pname", "ex:"), ("pname", ":c"), ("pname", "_:b1"),
        ("var", "?x"), ("var", "$y"),
    ]


def test_a_pname_does_not_swallow_the_dot_that_ends_a_triple() -> None:
    assert kinds("?s ex:p ex:o.")[-2:] == [("pname", "ex:o"), ("punct", ".")]


def test_numbers_keep_the_dot_that_ends_a_triple_apart() -> None:
    assert [t for _, t in kinds("1. 1.5 .5 2e3 1.e4")] == ["1", ".", "1.5", ".5", "2e3", "1.e4"]


def test_keywords_compare_without_case() -> None:
    (tok,) = significant("sElEcT")
    assert tok.upper == "SELECT" and tok.is_word("SELECT")


def test_unicode_names_and_strings_are_tokens_like_any_other() -> None:
    assert kinds('?größe ex:Straße "Zürich {"@de') == [
        ("var", "?größe"), ("pname", "ex:Straße"), ("string", '"Zürich {"'), ("lang", "@de")]


def test_tokens_know_their_offset_and_line() -> None:
    text = 'SELECT *\nWHERE {\n  ?s ?p """a\nb"""\n  . ?s ?q ?o }'
    toks = significant(text)
    last = toks[-2]
    assert (last.text, last.line) == ("?o", 5)
    assert text[last.start:last.end] == "?o"
    assert column_of(tokenize(text), last) == 11


@pytest.mark.parametrize(
    ("text", "line", "column"),
    [('SELECT * {\n  ?s ?p "open\n}', 2, 9), ("ASK { ?s ?p '''never closed }", 1, 13)],
)
def test_an_unterminated_string_is_an_error_at_its_position(text, line, column) -> None:
    toks = tokenize(text)
    assert "".join(t.text for t in toks) == text
    with pytest.raises(QuerySyntaxError) as caught:
        check(toks, source="q.rq")
    assert (caught.value.line, caught.value.column) == (line, column)
    assert str(caught.value).startswith(f"q.rq:{line}:{column}: unterminated string")


def test_unicode_escapes_are_decoded_as_sparql_does_before_parsing() -> None:
    assert unescape("SERV\\u0049CE \\U00000041") == "SERVICE A"
    assert unescape("plain") == "plain"

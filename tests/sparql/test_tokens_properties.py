"""Properties of the tokenizer over any text: it never raises, and it loses nothing."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from tomgraph.errors import QuerySyntaxError, TomgraphError
from tomgraph.sparql.structure import Query
from tomgraph.sparql.tokens import WS, check, tokenize
from tomgraph.sparql.values import bind

PIECES = [
    "SELECT", "ASK", "CONSTRUCT", "DESCRIBE", "WHERE", "FROM", "NAMED", "GRAPH", "SERVICE",
    "PREFIX", "BASE", "VALUES", "FILTER", "NOT", "EXISTS", "MINUS", "UNION", "OPTIONAL", "AS",
    "{", "}", "(", ")", "[", "]", ";", ".", ",", "*", "?s", "$this", "<urn:a#b>", "<", ">",
    "ex:", "ex:a.", "'", '"', '"""', "'''", "#", "\n", "\r\n", "\\", "'str'", '"s{"@en',
    "1.5e3", "_:b", "größe", "\\u0053",
]
sparql_like = st.lists(st.sampled_from(PIECES) | st.text(max_size=5), max_size=40).map(" ".join)
any_text = st.text(max_size=300) | sparql_like


@given(any_text)
def test_the_tokens_joined_give_the_text_back(text: str) -> None:
    toks = tokenize(text)
    assert "".join(t.text for t in toks) == text
    assert all(t.text for t in toks)
    assert [t.start for t in toks] == sorted(t.start for t in toks)


@given(any_text)
def test_line_numbers_count_the_line_breaks_before_each_token(text: str) -> None:
    for tok in tokenize(text):
        assert tok.line == text.count("\n", 0, tok.start) + 1


@given(any_text)
def test_only_an_unterminated_string_is_an_error(text: str) -> None:
    toks = tokenize(text)
    try:
        check(toks)
    except QuerySyntaxError as error:
        assert error.line is not None and error.column is not None
    assert all(t.kind != WS or not t.text.strip() for t in toks)


@given(any_text)
def test_the_structure_questions_never_raise(text: str) -> None:
    query = Query(text)
    query.form, query.where, query.projected(), query.dataset_clauses()
    query.subquery_wheres(), query.modify_wheres(), query.prologue(), query.mentions()


@given(any_text)
def test_binding_answers_or_raises_a_typed_error(text: str) -> None:
    import pyoxigraph as ox

    try:
        bound = bind(text, {"s": ox.NamedNode("urn:x")})
    except TomgraphError:
        return
    assert len(bound) >= len(text)

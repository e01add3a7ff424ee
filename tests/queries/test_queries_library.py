"""The library itself: every query is well described, runs without parameters, and is documented."""

from __future__ import annotations

import re

import pytest
from query_helpers import rows

from tomgraph import bundled
from tomgraph.errors import UsageError
from tomgraph.querylib import (
    OUTPUT_KINDS,
    get_query,
    list_queries,
    query_names,
    run_named_query,
)
from tomgraph.store.base import SelectResult

QUESTIONS = {
    "capability-heatmap", "undelivered-gaps", "mips-uncovered", "mips-unused-features",
    "benefit-traceability", "impact-analysis", "dependency-chains", "projects-by-stage",
    "design-resources", "blueprint-conformance", "benefits-summary", "options-decisions",
    "portfolio-overview",
}


def test_the_library_answers_every_question_the_programme_asks():
    assert QUESTIONS <= set(query_names())


@pytest.mark.parametrize("query", list_queries(), ids=lambda q: q.name)
def test_each_query_says_what_it_answers_and_how_to_show_it(query):
    assert query.title and query.title != query.name
    assert len(query.description) > 40
    assert query.output in OUTPUT_KINDS
    if query.output == "chart":
        assert query.chart and {"type", "x"} <= set(query.chart)
        assert {query.chart["x"], query.chart.get("y"), query.chart.get("value")} - {None} <= set(
            re.findall(r"\?(\w+)", query.text.split("WHERE")[0])
        ), "a chart must plot projected variables"
    for p in query.params:
        assert p.required is False, "every query runs with no parameters"
        assert p.description
        assert p.example is not None or p.default is not None


@pytest.mark.parametrize("query", list_queries(), ids=lambda q: q.name)
def test_each_query_never_compares_labels(query):
    body = "\n".join(line for line in query.text.splitlines() if not line.lstrip().startswith("#"))
    assert not re.search(r"FILTER[^\n]*(?i:label)", body)
    assert not re.search(r'rdfs:label\s+"', body)


@pytest.mark.parametrize(
    ("name", "param"),
    [(q.name, p.name) for q in list_queries() for p in q.params if p.example is not None],
)
def test_a_parameter_narrows_the_answer_to_its_value(example_store, name, param):
    """Given an example value, every row that shows the parameter shows that value."""
    query = get_query(name)
    spec = query.param(param)
    result = run_named_query(example_store, name, **{param: spec.example})
    assert isinstance(result, SelectResult)
    if param in result.variables:
        column = result.variables.index(param)
        expected = spec.to_term(spec.example).value  # type: ignore[union-attr]
        values = {row[column].value for row in result if row[column] is not None}  # type: ignore[union-attr]
        assert values <= {expected}


def test_an_unknown_query_name_is_a_usage_error_with_suggestions():
    with pytest.raises(UsageError, match=r"no query called 'unfunded-gap'.*undelivered-gaps"):
        get_query("unfunded-gap")
    with pytest.raises(UsageError, match="no query called"):
        get_query("../queries/undelivered-gaps")


def test_an_unknown_parameter_is_a_usage_error_naming_the_known_ones(example_store):
    known = r"has no parameter 'gap' \(parameters: minGap, serviceArea\)"
    with pytest.raises(UsageError, match=known):
        run_named_query(example_store, "undelivered-gaps", gap=2)


def test_an_ill_typed_parameter_is_a_usage_error(example_store):
    message = r"parameter 'minGap' \(integer\): 'two' is not an integer"
    with pytest.raises(UsageError, match=message):
        run_named_query(example_store, "undelivered-gaps", minGap="two")


def test_a_default_applies_unless_a_value_is_given(example_store):
    by_default = rows(run_named_query(example_store, "undelivered-gaps"))
    assert rows(run_named_query(example_store, "undelivered-gaps", minGap=None)) == by_default
    assert rows(run_named_query(example_store, "undelivered-gaps", minGap=2)) == by_default[:1]


def test_the_docs_list_every_query_and_its_parameters():
    docs = (bundled.home() / "docs" / "queries.md").read_text(encoding="utf-8")
    for query in list_queries():
        assert f"`{query.name}`" in docs, f"{query.name} is not in docs/queries.md"
        for p in query.params:
            assert f"`{p.name}`" in docs, f"{query.name}'s parameter {p.name} is undocumented"

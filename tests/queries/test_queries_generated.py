"""Every library query runs on a generated 10,000-capability model (speed lives in bench/)."""

from __future__ import annotations

import pytest
from pyoxigraph import NamedNode

from tomgraph.querylib import list_queries, run_named_query
from tomgraph.store.base import SelectResult


@pytest.fixture(scope="module")
def busiest_feature(generated_10k) -> NamedNode:
    """The feature most dependencies wait on: the item whose slip has the widest impact."""
    result = generated_10k.query(
        "PREFIX tom: <https://w3id.org/tomgraph/ontology#> SELECT ?f WHERE {"
        " ?d tom:dependsOn ?f . ?f a tom:ApplicationFeature }"
        " GROUP BY ?f ORDER BY DESC(COUNT(?d)) ?f LIMIT 1"
    )
    assert isinstance(result, SelectResult)
    (row,) = list(result)
    assert isinstance(row[0], NamedNode)
    return row[0]


@pytest.mark.slow
@pytest.mark.parametrize("name", [q.name for q in list_queries()])
def test_each_query_runs_on_a_generated_model(generated_10k, busiest_feature, name):
    params = {"item": busiest_feature} if name == "impact-analysis" else {}
    result = run_named_query(generated_10k, name, **params)
    assert isinstance(result, SelectResult)
    answer = list(result)
    # Generated models carry no options appraisal, money or risks (see tomgraph.generate).
    if name not in ("options-decisions", "mips-unused-features", "cost-and-funding",
                    "risk-register"):
        assert answer, f"{name} found nothing in a model of 10,000 capabilities"

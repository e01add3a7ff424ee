"""One query path: ``run_user_query`` gives /sparql, the editor, named queries and pages the same
timeout, row cap, dataset policy and error statuses."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
from flask import Flask

from tomgraph.errors import QuerySyntaxError, QueryTimeout, StoreUnavailable, UsageError
from tomgraph.store import EmbeddedStore
from tomgraph.web import create_app, querying
from tomgraph.web.endpoint import shutdown
from tomgraph.web.endpoint.execute import ERROR_STATUS, answer_for, status_of

CROSS_COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f }"
CROSS_ROWS = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f }"
UNKNOWN = "SELECT * FROM <http://example.org/no-such-graph> WHERE { ?s ?p ?o }"


def numbered_store(triples: int) -> EmbeddedStore:
    """``triples`` statements: their cross product takes the engine seconds to count."""
    store = EmbeddedStore()
    data = "".join(f"<http://example.org/s{i}> <http://example.org/p> \"{i}\" .\n"
                   for i in range(triples))
    store.load_bytes(data.encode(), ox.RdfFormat.N_TRIPLES)
    return store


@pytest.fixture
def slow_app() -> Iterator[Flask]:
    """Pages and named queries run in query threads; a 16-million-pair count overruns their
    0.5 s allowance (set, not the default four query timeouts, which a fast machine meets)."""
    app = create_app({"TESTING": True, "QUERY_TIMEOUT": 0.5, "PAGE_QUERY_TIMEOUT": 0.5,
                      "QUERY_WORKERS": 0},
                     store=numbered_store(4000))

    @app.route("/test-page")
    def page() -> str:  # a page: the application's own query, through the one function
        table = querying.run_table(CROSS_COUNT, visitor=False)
        return str(table.rows[0][0])

    yield app
    shutdown(app)


def test_a_page_whose_query_overruns_answers_503_without_holding_the_request(
    slow_app: Flask,
) -> None:
    started = time.monotonic()
    response = slow_app.test_client().get("/test-page")
    assert response.status_code == 503
    assert time.monotonic() - started < 2.0  # let go at the page allowance
    assert "Query stopped" in response.text and "0.5 s" in response.text
    assert response.headers["Retry-After"] == "1"


def test_a_named_query_that_overruns_answers_503(
    slow_app: Flask, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "queries").mkdir()
    (tmp_path / "queries" / "cross-product.rq").write_text(
        "#+ title: Cross product\n#+ description: Every pair of statements.\n"
        "#+ output: table\n" + CROSS_COUNT + "\n"
    )
    monkeypatch.setenv("TOMGRAPH_HOME", str(tmp_path))
    response = slow_app.test_client().get("/queries/cross-product")
    assert response.status_code == 503
    assert "Query stopped" in response.text


def test_a_query_whose_full_result_is_huge_stops_reading_at_the_row_cap(
    endpoint_app_factory: Callable[..., Flask],
) -> None:
    # 3,000 statements: 9 million rows in full, which would take the engine minutes to write.
    app = endpoint_app_factory(numbered_store(3000), MAX_RESULT_ROWS=5, QUERY_TIMEOUT=30.0)
    try:
        client = app.test_client()
        for accept in ("application/sparql-results+json", "text/csv",
                       "application/sparql-results+xml", "text/tab-separated-values"):
            started = time.monotonic()
            response = client.get("/sparql", query_string={"query": CROSS_ROWS},
                                  headers={"Accept": accept})
            assert response.status_code == 200, response.text
            assert response.headers["Tomgraph-Results-Truncated"] == "5"
            assert time.monotonic() - started < 10.0
        rows = ox.parse_query_results(response.data, format=ox.QueryResultsFormat.TSV)
        assert len(list(rows)) == 5
        started = time.monotonic()
        html = client.get("/query", query_string={"query": CROSS_ROWS}).text
        assert "5 results" in html or "5 rows" in html or "Results" in html
        assert time.monotonic() - started < 10.0
        with app.test_request_context():
            table = querying.run_table(CROSS_ROWS, visitor=False)
        assert len(table.rows) == 5 and table.truncated
    finally:
        shutdown(app)


def test_sparql_and_the_editor_share_one_dataset_policy(
    endpoint_app_factory: Callable[..., Flask], make_people_store: Callable[[], EmbeddedStore]
) -> None:
    app = endpoint_app_factory(make_people_store())
    try:
        client = app.test_client()
        for query, expected in (
            (UNKNOWN, "Not a graph in this store: http://example.org/no-such-graph"),
            ("SELECT * WHERE { SERVICE <http://example.org/s> { ?s ?p ?o } }",
             "SERVICE is not allowed"),
        ):
            endpoint = client.get("/sparql", query_string={"query": query})
            download = client.get("/query/download", query_string={"query": query})
            page = client.get("/query", query_string={"query": query})
            assert endpoint.status_code == download.status_code == 400
            assert expected in endpoint.text and expected in download.text
            assert expected in page.text
    finally:
        shutdown(app)


def test_one_table_maps_errors_to_statuses() -> None:
    assert status_of(QuerySyntaxError("bad", source="query")) == 400
    assert status_of(QueryTimeout("slow")) == 503
    assert status_of(StoreUnavailable("down")) == 503
    assert status_of(UsageError("no")) == 400
    assert status_of(querying.QueryRefused("no")) == 400
    assert status_of(ValueError("engine")) == 500
    assert status_of(KeyError("a bug")) is None  # programming errors are not hidden
    timeout = answer_for(QueryTimeout("the query ran longer than 1 s"))
    assert timeout is not None and timeout.headers["Retry-After"] == "1"
    update = answer_for(QuerySyntaxError("bad", source="update"), update=True)
    assert update is not None and update.body.startswith(b"Malformed update")
    assert len({kinds for kinds, *_ in ERROR_STATUS}) == len(ERROR_STATUS)

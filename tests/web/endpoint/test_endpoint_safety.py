"""Safety by default: no outbound requests, read-only, bounded time, rows and request size."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator

import pytest
from flask import Flask
from flask.testing import FlaskClient

from tomgraph.store import EmbeddedStore
from tomgraph.web.endpoint import endpoint_state, shutdown

GRAPH = "http://example.org/graph/people"
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
SMALL = "ASK { <http://example.org/alice> ?p ?o }"


class TestNoOutboundRequests:
    """SERVICE, LOAD and graphs the store does not hold are refused before anything runs."""

    @pytest.mark.parametrize(
        "query",
        [
            "SELECT * WHERE { SERVICE <http://dbpedia.org/sparql> { ?s ?p ?o } }",
            "select * where { service silent <http://example.org/sparql> { ?s ?p ?o } }",
            "PREFIX e: <http://example.org/>\nSELECT * { ?s ?p ?o SERVICE e:sparql { ?s ?p ?o } }",
            "SELECT * { SERV\\u0049CE <http://example.org/sparql> { ?s ?p ?o } }",
            "SELECT * { ?s ?p ?o . SERVICE ?endpoint { ?s ?p ?o } }",
        ],
    )
    def test_service_is_refused(self, client: FlaskClient, query: str) -> None:
        response = client.get("/sparql", query_string={"query": query})
        assert response.status_code == 400
        assert b"SERVICE is not allowed" in response.data

    @pytest.mark.parametrize(
        "query",
        [
            'SELECT * WHERE { ?s ?p "SERVICE <http://example.org/>" }',
            "SELECT * WHERE { ?s <http://example.org/SERVICE> ?o } # SERVICE <http://e.org/>",
            "SELECT ?service WHERE { ?service ?p ?o } LIMIT 1",
            "PREFIX service: <http://example.org/>\nSELECT * WHERE { ?s service:load ?o }",
            'SELECT * WHERE { ?s ?p """FROM <http://example.org/x>\nLOAD""" }',
        ],
    )
    def test_the_words_in_strings_comments_iris_and_names_are_fine(
        self, client: FlaskClient, query: str
    ) -> None:
        assert client.get("/sparql", query_string={"query": query}).status_code == 200

    @pytest.mark.parametrize(
        "params",
        [
            {"query": "SELECT * FROM <http://dbpedia.org/> WHERE { ?s ?p ?o }"},
            {"query": "SELECT * FROM NAMED <http://example.org/elsewhere> WHERE { ?s ?p ?o }"},
            {"query": "PREFIX x: <http://x.example/>\nSELECT * FROM x:remote { ?s ?p ?o }"},
            {"query": "ASK {}", "default-graph-uri": "http://example.org/remote.ttl"},
            {"query": "ASK {}", "named-graph-uri": "http://example.org/remote.ttl"},
        ],
    )
    def test_graphs_outside_the_store_are_refused(self, client: FlaskClient, params: dict) -> None:
        response = client.get("/sparql", query_string=params)
        assert response.status_code == 400
        assert b"Not a graph in this store" in response.data

    def test_graphs_in_the_store_may_be_named(self, client: FlaskClient) -> None:
        query = ("PREFIX g: <http://example.org/graph/>\n"
                 "ASK FROM g:people { <http://example.org/alice> ?p ?o }")
        response = client.get("/sparql", query_string={"query": query})
        assert response.status_code == 200 and response.json["boolean"] is True


class TestUpdates:
    """Read-only unless started with updates allowed; then only with the bearer token."""

    UPDATE = f"INSERT DATA {{ GRAPH <{GRAPH}> {{ <http://example.org/dan> a <http://example.org/Person> }} }}"  # noqa: E501

    def test_read_only_by_default(self, client: FlaskClient) -> None:
        response = client.post("/sparql", data={"update": self.UPDATE},
                               headers={"Authorization": "Bearer anything"})
        assert response.status_code == 403
        assert b"--allow-updates" in response.data

    @pytest.mark.parametrize("authorization", [None, "Bearer wrong-token", "Basic dXNlcjpwYXNz"])
    def test_a_missing_or_wrong_token_is_401(self, update_app: Flask,
                                            authorization: str | None) -> None:
        headers = {"Authorization": authorization} if authorization else {}
        response = update_app.test_client().post(
            "/sparql", data=self.UPDATE, content_type="application/sparql-update", headers=headers
        )
        assert response.status_code == 401
        assert response.headers["WWW-Authenticate"].startswith("Bearer")

    def test_the_token_allows_updates_that_queries_then_see(self, update_app: Flask,
                                                           update_token: str) -> None:
        client = update_app.test_client()
        ask = {"query": "ASK { <http://example.org/dan> a <http://example.org/Person> }"}
        assert client.get("/sparql", query_string=ask).json["boolean"] is False
        response = client.post("/sparql", data=self.UPDATE,
                               content_type="application/sparql-update",
                               headers={"Authorization": f"Bearer {update_token}"})
        assert response.status_code == 204
        assert client.get("/sparql", query_string=ask).json["boolean"] is True

    def test_load_is_refused_even_with_the_token(self, update_app: Flask,
                                                update_token: str) -> None:
        response = update_app.test_client().post(
            "/sparql", data={"update": "LOAD <http://example.org/data.ttl>"},
            headers={"Authorization": f"Bearer {update_token}"},
        )
        assert response.status_code == 400
        assert b"LOAD is not allowed" in response.data


@pytest.fixture(scope="module")
def short_timeout_app(
    endpoint_app_factory: Callable[..., Flask], make_people_store: Callable[[], EmbeddedStore]
) -> Iterator[Flask]:
    app = endpoint_app_factory(make_people_store(), QUERY_TIMEOUT=1.5, QUERY_WORKERS=2)
    yield app
    shutdown(app)


@pytest.mark.slow
def test_a_runaway_query_is_stopped_with_503_while_others_are_served(
    short_timeout_app: Flask,
) -> None:
    client = short_timeout_app.test_client()
    assert client.get("/sparql", query_string={"query": SMALL}).status_code == 200  # warm
    workers_before = set(endpoint_state(short_timeout_app).pool().pids)
    outcome: dict[str, object] = {}

    def runaway() -> None:
        start = time.monotonic()
        response = short_timeout_app.test_client().get("/sparql", query_string={"query": RUNAWAY})
        outcome["status"], outcome["seconds"] = response.status_code, time.monotonic() - start
        outcome["body"] = response.data

    thread = threading.Thread(target=runaway)
    thread.start()
    time.sleep(0.3)
    # While the runaway query holds one worker, other queries are answered at once.
    for _ in range(3):
        start = time.monotonic()
        response = client.get("/sparql", query_string={"query": SMALL})
        assert response.status_code == 200 and response.json["boolean"] is True
        assert time.monotonic() - start < 1.0
    thread.join(timeout=10)
    assert outcome["status"] == 503
    assert 1.4 < float(outcome["seconds"]) < 3.0  # type: ignore[arg-type]
    assert b"longer than 1.5 s" in outcome["body"]  # type: ignore[operator]
    # The overrunning worker was killed and replaced; the endpoint keeps answering.
    time.sleep(0.5)
    workers_after = set(endpoint_state(short_timeout_app).pool().pids)
    assert len(workers_after) == 2 and workers_after != workers_before
    assert client.get("/sparql", query_string={"query": SMALL}).status_code == 200


@pytest.fixture(scope="module")
def capped_app(
    endpoint_app_factory: Callable[..., Flask], make_people_store: Callable[[], EmbeddedStore]
) -> Iterator[Flask]:
    app = endpoint_app_factory(make_people_store(), MAX_RESULT_ROWS=2, MAX_CONTENT_LENGTH=2048)
    yield app
    shutdown(app)


class TestLimits:
    """Results beyond the row cap are cut (and say so); oversized requests are 413."""

    QUERY = "SELECT ?s WHERE { ?s a <http://example.org/Person> } ORDER BY ?s"

    @pytest.mark.parametrize(
        ("accept", "rows"),
        [
            ("application/sparql-results+json", lambda b: b.count(b'"uri"')),
            ("application/sparql-results+xml", lambda b: b.count(b"<result>")),
            ("text/csv", lambda b: b.count(b"\r\n") - 1),
            ("text/tab-separated-values", lambda b: b.count(b"\n") - 1),
        ],
    )
    def test_select_results_are_cut_at_the_cap(
        self, capped_app: Flask, accept: str, rows: Callable[[bytes], int]
    ) -> None:
        response = capped_app.test_client().get(
            "/sparql", query_string={"query": self.QUERY}, headers={"Accept": accept}
        )
        assert response.status_code == 200
        assert response.headers["Tomgraph-Results-Truncated"] == "2"
        assert rows(response.data) == 2

    def test_results_within_the_cap_are_not_marked(self, capped_app: Flask) -> None:
        query = self.QUERY + " LIMIT 2"
        response = capped_app.test_client().get("/sparql", query_string={"query": query})
        assert "Tomgraph-Results-Truncated" not in response.headers

    def test_graph_results_are_cut_at_the_cap(self, capped_app: Flask) -> None:
        query = "CONSTRUCT WHERE { ?s a <http://example.org/Person> }"
        response = capped_app.test_client().get(
            "/sparql", query_string={"query": query}, headers={"Accept": "application/n-triples"}
        )
        assert response.headers["Tomgraph-Results-Truncated"] == "2"
        assert response.data.count(b"\n") == 2

    def test_an_oversized_request_is_413(self, capped_app: Flask) -> None:
        query = "ASK {}" + " " * 4096
        response = capped_app.test_client().post(
            "/sparql", data=query, content_type="application/sparql-query"
        )
        assert response.status_code == 413

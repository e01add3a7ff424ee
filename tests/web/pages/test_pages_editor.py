"""Query editor: a form whose results render on the server, with paging and downloads."""

from __future__ import annotations

from urllib.parse import urlencode

import pytest
from flask.testing import FlaskClient
from page_fixtures import T

from tomgraph.store import EmbeddedStore
from tomgraph.web import create_app
from tomgraph.web.endpoint.state import shutdown, warm_up

CAPS = """PREFIX tom: <https://w3id.org/tomgraph/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?cap ?label WHERE { ?cap a tom:Capability ; rdfs:label ?label } ORDER BY ?label"""


def run(client: FlaskClient, query: str, **extra: str) -> str:
    return client.get("/query?" + urlencode({"query": query, **extra})).get_data(as_text=True)


def test_the_editor_shows_a_form_with_an_example_query(client: FlaskClient) -> None:
    html = client.get("/query").get_data(as_text=True)
    assert '<form id="query-form"' in html and 'method="get"' in html
    assert "tom:Capability" in html
    assert 'id="sparql-vocabulary"' in html and "parentCapability" in html


def test_a_select_runs_and_links_iris_to_resource_pages_by_label(client: FlaskClient) -> None:
    html = run(client, CAPS)
    assert "7 results" in html
    assert ">Booking In</a>" in html
    assert "/resource?iri=https://example.org/pages-test/cap-C-1-1\"" in html
    assert "Link to this query" in html and "query=PREFIX" in html


def test_results_are_paged(client: FlaskClient) -> None:
    query = "SELECT ?s ?p ?o WHERE { ?s ?p ?o }"
    first = run(client, query)
    assert "Page 1 of" in first and "page=2" in first
    assert "Page 2 of" in run(client, query, page="2")


def test_results_download_as_csv_tsv_and_json(client: FlaskClient) -> None:
    html = run(client, CAPS)
    assert "format=csv" in html and "format=tsv" in html and "format=json" in html
    csv = client.get("/query/download?" + urlencode({"query": CAPS, "format": "csv"}))
    assert csv.mimetype == "text/csv" and f"{T}cap-C-1-1" in csv.get_data(as_text=True)
    tsv = client.get("/query/download?" + urlencode({"query": CAPS, "format": "tsv"}))
    assert tsv.mimetype == "text/tab-separated-values"
    js = client.get("/query/download?" + urlencode({"query": CAPS, "format": "json"}))
    assert js.get_json()["head"]["vars"] == ["cap", "label"]


def test_ask_and_construct_queries_render(client: FlaskClient) -> None:
    assert "<strong>yes</strong>" in run(client, "ASK { ?s ?p ?o }")
    html = run(client, f"CONSTRUCT {{ <{T}x> <{T}y> ?l }} WHERE {{ <{T}cap-F-1> ?p ?l }} LIMIT 2")
    assert "?subject" in html and "?object" in html


def test_a_malformed_query_shows_the_parser_message(client: FlaskClient) -> None:
    html = run(client, "SELECT WHERE {")
    assert 'class="notice notice-error"' in html


def test_outbound_requests_are_refused(client: FlaskClient) -> None:
    html = run(client, "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }")
    assert "SERVICE is not allowed" in html
    keyword_in_string = run(client, 'SELECT ("SERVICE" AS ?x) WHERE {}')
    assert "not allowed" not in keyword_in_string


def test_the_query_text_is_escaped(client: FlaskClient) -> None:
    html = run(client, 'SELECT ("</textarea><script>x()</script>" AS ?x) WHERE {}')
    assert "<script>x()" not in html


@pytest.mark.slow
def test_a_runaway_query_is_stopped_at_the_endpoints_timeout(page_store: EmbeddedStore) -> None:
    app = create_app({"TESTING": True, "QUERY_WORKERS": 1, "QUERY_TIMEOUT": 1.0},
                     store=page_store)
    try:
        warm_up(app)  # start the worker before the clock starts
        client = app.test_client()
        assert "7 results" in run(client, CAPS)  # through a worker process
        html = run(client, "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }")
        assert "Query stopped" in html
    finally:
        shutdown(app)

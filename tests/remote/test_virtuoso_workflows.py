"""Validate, reason and serve over OpenLink Virtuoso give what they give on the embedded store.

The store contract (test_store_contract.py) proves each store operation on Virtuoso; these
tests prove the workflows built on them, on the example programme in a throw-away Virtuoso
(docs/remote.md lists its quirks).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from virtuoso_server import VirtuosoServer

from tomgraph.namespaces import INFERRED_GRAPH, MODEL_GRAPH, ONTOLOGY_GRAPH
from tomgraph.reasoning import reason
from tomgraph.store import EmbeddedStore, Store, example_store, load_bundled
from tomgraph.store.remote import RemoteStore
from tomgraph.validation import validate
from tomgraph.validation.engines import get_engine
from tomgraph.web.app import create_app


def _open(server: VirtuosoServer) -> RemoteStore:
    return RemoteStore(server.query_url, update_endpoint=server.query_url,
                       gsp_endpoint=server.store_url, timeout=120)


@pytest.fixture
def virtuoso_example(virtuoso_server: VirtuosoServer) -> Iterator[RemoteStore]:
    """The ontology, shapes and example programme in a Virtuoso emptied first."""
    store = _open(virtuoso_server)
    store.clear()
    load_bundled(store)
    yield store
    store.clear()
    store.close()


@pytest.fixture
def embedded_example() -> Iterator[EmbeddedStore]:
    with example_store() as store:
        yield store


def test_the_fast_engine_finds_the_same_results_on_virtuoso(
    virtuoso_example: RemoteStore, embedded_example: EmbeddedStore
) -> None:
    remote = get_engine("fast").validate(virtuoso_example)
    local = get_engine("fast").validate(embedded_example)
    assert sorted(r.key() for r in remote.results) == sorted(r.key() for r in local.results)


def test_a_validation_report_on_virtuoso_scores_as_on_the_embedded_store(
    virtuoso_example: RemoteStore, embedded_example: EmbeddedStore
) -> None:
    remote, local = validate(virtuoso_example), validate(embedded_example)
    assert remote.counts == local.counts
    assert remote.scores.programme.value == local.scores.programme.value
    assert {k: v.value for k, v in remote.scores.projects.items()} == {
        k: v.value for k, v in local.scores.projects.items()}


def _inferred(store: Store) -> set[tuple[str, str, str]]:
    rows = store.query(
        "SELECT ?s ?p ?o WHERE { GRAPH <" + INFERRED_GRAPH + "> { ?s ?p ?o } }"
    )
    # The run's own record says when it ended: that differs between any two runs.
    return {(str(s), str(p), str(o)) for s, p, o in rows  # type: ignore[misc]
            if not str(p).endswith("#endedAtTime>")}


def test_fast_reasoning_on_virtuoso_infers_what_it_infers_on_the_embedded_store(
    virtuoso_example: RemoteStore, embedded_example: EmbeddedStore
) -> None:
    graphs = (ONTOLOGY_GRAPH, MODEL_GRAPH)
    remote = reason(virtuoso_example, engine="fast", graphs=graphs)
    local = reason(embedded_example, engine="fast", graphs=graphs)
    assert remote.consistent == local.consistent
    assert remote.inferred_triples == local.inferred_triples > 0
    assert _inferred(virtuoso_example) == _inferred(embedded_example)


def test_the_web_app_serves_its_pages_from_virtuoso(
    virtuoso_server: VirtuosoServer, virtuoso_example: RemoteStore
) -> None:
    app = create_app({"ENDPOINT": virtuoso_server.query_url, "TESTING": True})
    client = app.test_client()
    for page in ("/", "/capabilities", "/queries/portfolio-overview", "/dashboard"):
        response = client.get(page)
        assert response.status_code in (200, 404), page
    home = client.get("/")
    assert home.status_code == 200
    answer = client.get("/sparql", query_string={"query": "SELECT ?s WHERE { ?s ?p ?o } LIMIT 1"},
                        headers={"Accept": "application/sparql-results+json"})
    assert answer.status_code == 200 and len(answer.json["results"]["bindings"]) == 1

"""The web app as a stateless front end to a remote store: several apps share one store, and an
app whose store goes down answers a clear 503 (never a crash or a hang) and recovers by itself
when the store comes back.
"""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest
from oxigraph_server import OxigraphServer

from tomgraph.store import load_bundled
from tomgraph.store.remote import RemoteStore
from tomgraph.web.app import create_app

ASK = {"query": "ASK { ?s a <https://w3id.org/tomgraph/ontology#Capability> }"}
JSON = {"Accept": "application/sparql-results+json"}


def app_for(server: OxigraphServer):
    app = create_app({
        "ENDPOINT": server.query_url,
        "UPDATE_ENDPOINT": server.update_url,
        "GSP_ENDPOINT": server.store_url,
        "TESTING": True,
    })
    store = app.extensions["tomgraph"]
    assert isinstance(store, RemoteStore)
    store.http.retry = type(store.http.retry)(attempts=2, backoff=0.05)  # keep the test short
    return app


@pytest.fixture
def own_server(tmp_path) -> Iterator[OxigraphServer]:
    """A server of this test alone, on disk, so it can be stopped and started again."""
    with OxigraphServer(location=tmp_path / "db") as server:
        with RemoteStore(server.query_url, gsp_endpoint=server.store_url) as store:
            load_bundled(store)
        yield server


def test_pages_answer_503_while_the_store_is_down_and_recover(own_server):
    client = app_for(own_server).test_client()
    assert client.get("/").status_code == 200

    own_server.stop()
    started = time.perf_counter()
    down = client.get("/")
    assert down.status_code == 503
    assert down.headers["Retry-After"]
    assert own_server.query_url not in down.get_data(as_text=True)  # internal URL stays inside
    assert client.get("/capabilities").status_code == 503
    assert time.perf_counter() - started < 10  # answered, not hung

    own_server.start()  # same port, same directory
    assert client.get("/").status_code == 200


def test_the_sparql_endpoint_answers_503_while_the_store_is_down_and_recovers(own_server):
    client = app_for(own_server).test_client()
    assert client.get("/sparql", query_string=ASK, headers=JSON).json["boolean"] is True

    own_server.stop()
    assert client.get("/sparql", query_string=ASK, headers=JSON).status_code == 503

    own_server.start()
    back = client.get("/sparql", query_string=ASK, headers=JSON)
    assert back.status_code == 200 and back.json["boolean"] is True


def test_two_apps_on_one_store_see_each_others_writes(oxigraph_server, remote_store):
    first, second = app_for(oxigraph_server), app_for(oxigraph_server)
    a, b = first.test_client(), second.test_client()
    assert a.get("/sparql", query_string=ASK, headers=JSON).json["boolean"] is False
    load_bundled(remote_store)
    assert b.get("/sparql", query_string=ASK, headers=JSON).json["boolean"] is True
    assert a.get("/sparql", query_string=ASK, headers=JSON).json["boolean"] is True

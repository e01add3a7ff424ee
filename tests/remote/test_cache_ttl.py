"""A remote store's query results are reused only when a TTL says for how long.

Other clients may write a remote service without tomgraph seeing it, so the web app keeps no
results of a remote store by default; with ``CACHE_TTL`` (``tomgraph serve --cache-ttl``) a
result is reused for that many seconds, a write by another client shows once they have passed,
and a write through the app's own store shows at once. Run against a real ``oxigraph serve``.
"""

from __future__ import annotations

import argparse
import time

import pyoxigraph as ox
import pytest
from oxigraph_server import OxigraphServer

from tomgraph.errors import UsageError
from tomgraph.namespaces import MODEL_GRAPH
from tomgraph.store import Store
from tomgraph.store.remote import RemoteStore
from tomgraph.web.app import create_app

TTL = 1.5
CAPABILITY = "https://w3id.org/tomgraph/ontology#Capability"
COUNT = f"SELECT (COUNT(?c) AS ?n) WHERE {{ ?c a <{CAPABILITY}> }}"


def _app_store(server: OxigraphServer, **config: object) -> Store:
    app = create_app({"ENDPOINT": server.query_url, "UPDATE_ENDPOINT": server.update_url,
                      "GSP_ENDPOINT": server.store_url, "TESTING": True, **config})
    store: Store = app.extensions["tomgraph"]
    return store


def _capabilities(store: Store) -> int:
    rows = list(store.query(COUNT))
    term = rows[0][0]
    assert term is not None
    return int(term.value)


def _add_capability(store: Store, name: str) -> None:
    store.apply([ox.Quad(ox.NamedNode(f"https://example.org/{name}"),
                         ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
                         ox.NamedNode(CAPABILITY), ox.NamedNode(MODEL_GRAPH))])


def test_without_a_ttl_a_remote_store_keeps_no_results(
    oxigraph_server: OxigraphServer, remote_store: RemoteStore
) -> None:
    store = _app_store(oxigraph_server)
    assert store.query_cache is None
    assert _capabilities(store) == 0
    _add_capability(remote_store, "other-client")
    assert _capabilities(store) == 1


def test_a_write_by_another_client_shows_after_the_ttl_and_not_before(
    oxigraph_server: OxigraphServer, remote_store: RemoteStore
) -> None:
    store = _app_store(oxigraph_server, CACHE_TTL=TTL)
    assert _capabilities(store) == 0
    read_at = time.monotonic()
    _add_capability(remote_store, "other-client")
    assert _capabilities(store) == 0, "still the cached answer"
    assert time.monotonic() - read_at < TTL, "the machine was too slow to test 'before'"
    time.sleep(TTL - (time.monotonic() - read_at) + 0.1)
    assert _capabilities(store) == 1


def test_a_write_through_the_apps_own_store_shows_at_once(
    oxigraph_server: OxigraphServer, remote_store: RemoteStore
) -> None:
    store = _app_store(oxigraph_server, CACHE_TTL=60)
    assert _capabilities(store) == 0
    assert _capabilities(store) == 0
    assert store.query_cache.hits >= 1
    _add_capability(store, "own-write")
    assert _capabilities(store) == 1


def test_pages_of_a_remote_store_with_a_ttl_carry_an_etag(
    oxigraph_server: OxigraphServer, remote_store: RemoteStore
) -> None:
    app = create_app({"ENDPOINT": oxigraph_server.query_url, "CACHE_TTL": 60, "TESTING": True})
    client = app.test_client()
    first = client.get("/")
    assert first.status_code == 200 and first.headers.get("ETag")
    again = client.get("/", headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304


def test_serve_takes_the_ttl_as_an_option_and_refuses_a_ttl_that_is_not_positive() -> None:
    from tomgraph.cli import build_parser
    from tomgraph.cli.serve import app_config

    parser: argparse.ArgumentParser = build_parser()
    args = parser.parse_args(["serve", "--endpoint", "http://localhost:1/q", "--cache-ttl", "30"])
    assert app_config(args)["CACHE_TTL"] == 30.0
    bad = parser.parse_args(["serve", "--endpoint", "http://localhost:1/q", "--cache-ttl", "0"])
    with pytest.raises(UsageError, match="--cache-ttl"):
        app_config(bad)

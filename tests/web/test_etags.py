"""Repeated reads: every read carries an ETag from the store's version, a matching
If-None-Match gets 304 without running a query, and any write through tomgraph changes it."""

from __future__ import annotations

from urllib.parse import quote

import pyoxigraph as ox
import pytest
from flask.testing import FlaskClient

from tomgraph.changes import commit
from tomgraph.changes.changeset import Changeset
from tomgraph.namespaces import MODEL_GRAPH
from tomgraph.store import EmbeddedStore, example_store
from tomgraph.web import create_app

READS = [
    "/",
    "/queries",
    "/queries/benefits-summary",
    "/sparql?query=" + quote("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"),
]


@pytest.fixture
def store() -> EmbeddedStore:
    return example_store()


@pytest.fixture
def client(store: EmbeddedStore) -> FlaskClient:
    return create_app({"TESTING": True}, store=store).test_client()


@pytest.mark.parametrize("url", READS)
def test_a_repeated_read_with_the_etag_gets_304_and_no_body(client, url):
    first = client.get(url)
    assert first.status_code == 200 and first.headers["ETag"]

    again = client.get(url, headers={"If-None-Match": first.headers["ETag"]})

    assert again.status_code == 304 and again.data == b""
    assert again.headers["ETag"] == first.headers["ETag"]


def test_a_write_through_tomgraph_changes_every_etag(client, store):
    before = {url: client.get(url).headers["ETag"] for url in READS}
    version = store.version
    triple = ox.Quad(ox.NamedNode("https://example.org/x"), ox.NamedNode("https://example.org/p"),
                     ox.Literal("new"), ox.NamedNode(MODEL_GRAPH))
    commit(store, Changeset(added=(triple,), comment="a new fact"))
    assert store.version > version

    for url, tag in before.items():
        response = client.get(url, headers={"If-None-Match": tag})
        assert response.status_code == 200, url
        assert response.headers["ETag"] != tag


def test_different_urls_and_accept_headers_get_different_etags(client):
    json = client.get(READS[3], headers={"Accept": "application/sparql-results+json"})
    csv = client.get(READS[3], headers={"Accept": "text/csv"})
    assert json.headers["ETag"] != csv.headers["ETag"]
    assert client.get("/").headers["ETag"] != client.get("/queries").headers["ETag"]


def test_every_kind_of_store_write_moves_the_version():
    store = EmbeddedStore()
    seen = [store.version]
    store.update("INSERT DATA { <urn:a> <urn:b> <urn:c> }")
    seen.append(store.version)
    store.load_bytes(b"<urn:a> <urn:b> <urn:d> .", ox.RdfFormat.N_TRIPLES)
    seen.append(store.version)
    store.apply([ox.Quad(ox.NamedNode("urn:x"), ox.NamedNode("urn:y"), ox.Literal("z"))])
    seen.append(store.version)
    store.clear()
    seen.append(store.version)
    assert seen == sorted(set(seen))


def test_a_remote_store_gets_no_etag_unless_a_ttl_is_configured(backend_example_store):
    plain = create_app({"TESTING": True}, store=backend_example_store).test_client()
    with_ttl = create_app({"TESTING": True, "ETAG_REMOTE_TTL": 30},
                          store=backend_example_store).test_client()
    tagged = with_ttl.get("/queries").headers.get("ETag")
    assert tagged
    if backend_example_store.remote:
        assert "ETag" not in plain.get("/queries").headers
    else:
        assert plain.get("/queries").headers.get("ETag")


def test_repeated_queries_are_answered_from_the_cache_until_a_write(client, store):
    cache = store.query_cache
    assert cache is not None, "the web app gives an embedded store a result cache"
    query = "SELECT ?s WHERE { ?s a <https://w3id.org/tomgraph/ontology#Capability> }"
    first = sorted(map(tuple, store.query(query)))
    again = sorted(map(tuple, store.query(query)))
    assert again == first and cache.hits >= 1

    commit(store, Changeset(added=(ox.Quad(
        ox.NamedNode("https://example.org/new-cap"),
        ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
        ox.NamedNode("https://w3id.org/tomgraph/ontology#Capability"),
        ox.NamedNode(MODEL_GRAPH)),)))

    after = sorted(map(tuple, store.query(query)))
    assert len(after) == len(first) + 1


def test_a_result_read_only_part_way_is_not_kept():
    from tomgraph.store.cache import QueryCache

    store = example_store()
    store.query_cache = QueryCache(max_rows_per_entry=5)
    query = "SELECT ?s ?p ?o WHERE { ?s ?p ?o }"
    assert sum(1 for _ in store.query(query)) > 5
    assert len(store.query_cache) == 0, "bigger than an entry may be"
    ask = "ASK { ?s ?p ?o }"
    assert bool(store.query(ask)) and bool(store.query(ask))
    assert store.query_cache.hits == 1

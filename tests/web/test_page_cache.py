"""A page rendered once is answered again from memory until the data changes.

Repeated reads of the same page (same URL, same headers, same store version) get the same
bytes without running a query; any write through tomgraph moves the version, so the next read
renders afresh. Only anonymous reads are answered from memory.
"""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from flask import Flask

from tomgraph.namespaces import MODEL_GRAPH, RDFS, TOM
from tomgraph.store import EmbeddedStore, example_store
from tomgraph.web.app import create_app
from tomgraph.web.page_cache import page_cache


@pytest.fixture
def store() -> EmbeddedStore:
    return example_store()


def _app(store: EmbeddedStore, **config: object) -> Flask:
    return create_app({"TESTING": True, **config}, store=store)


def _capability(store: EmbeddedStore) -> str:
    rows = list(store.query(f"SELECT ?c WHERE {{ ?c a <{TOM}Capability> }} ORDER BY ?c LIMIT 1"))
    term = rows[0][0]
    assert term is not None
    return term.value


class CountingStore(EmbeddedStore):
    """The example store, counting the queries pages run."""

    queries = 0

    def query(self, *args: object, **kwargs: object):  # type: ignore[no-untyped-def,override]
        CountingStore.queries += 1
        return super().query(*args, **kwargs)  # type: ignore[arg-type]


def test_a_repeated_resource_page_is_answered_from_memory_with_the_same_bytes() -> None:
    store = CountingStore()
    from tomgraph.store import load_bundled

    load_bundled(store)
    client = _app(store).test_client()
    url = f"/resource?iri={_capability(store)}"
    first = client.get(url)
    assert first.status_code == 200
    before = CountingStore.queries
    again = client.get(url)
    assert again.status_code == 200
    assert again.get_data() == first.get_data()
    assert again.headers["ETag"] == first.headers["ETag"]
    assert again.headers["Content-Type"] == first.headers["Content-Type"]
    assert CountingStore.queries == before, "no query runs for a page already rendered"


def test_a_write_through_tomgraph_shows_on_the_next_read(store: EmbeddedStore) -> None:
    app = _app(store)
    client = app.test_client()
    iri = _capability(store)
    url = f"/resource?iri={iri}"
    client.get(url)
    client.get(url)
    cache = page_cache(app)
    assert cache is not None and cache.hits == 1
    store.apply([ox.Quad(ox.NamedNode(iri), ox.NamedNode(RDFS + "comment"),
                         ox.Literal("a note written just now"), ox.NamedNode(MODEL_GRAPH))])
    after = client.get(url)
    assert "a note written just now" in after.get_data(as_text=True)


def test_named_query_pages_are_kept_too(store: EmbeddedStore) -> None:
    app = _app(store)
    client = app.test_client()
    listing = client.get("/queries")
    assert listing.status_code == 200
    first = client.get("/queries/portfolio-overview")
    if first.status_code == 404:
        pytest.skip("the library has no query of that name")
    assert client.get("/queries/portfolio-overview").get_data() == first.get_data()
    cache = page_cache(app)
    assert cache is not None and cache.hits >= 1


def test_a_reader_with_a_cookie_is_never_answered_from_memory(store: EmbeddedStore) -> None:
    app = _app(store)
    client = app.test_client()
    url = f"/resource?iri={_capability(store)}"
    client.get(url)
    client.set_cookie("session", "someone")
    client.get(url)
    cache = page_cache(app)
    assert cache is not None and cache.hits == 0


def test_no_page_is_kept_when_sign_in_is_required_or_the_cache_is_off(
    store: EmbeddedStore,
) -> None:
    off = _app(store, PAGE_CACHE_BYTES=0)
    client = off.test_client()
    url = f"/resource?iri={_capability(store)}"
    assert client.get(url).status_code == 200
    assert page_cache(off) is None
    gated = _app(store, REQUIRE_LOGIN=True)
    client = gated.test_client()
    client.get(url)
    client.get(url)
    cache = page_cache(gated)
    assert cache is None or cache.hits == 0


def test_the_cache_stays_within_its_byte_bound(store: EmbeddedStore) -> None:
    app = _app(store, PAGE_CACHE_BYTES=400_000)
    client = app.test_client()
    rows = list(store.query(f"SELECT ?c WHERE {{ ?c a <{TOM}Capability> }} LIMIT 40"))
    for row in rows:
        assert row[0] is not None
        client.get(f"/resource?iri={row[0].value}")
    cache = page_cache(app)
    assert cache is not None
    assert cache._bytes <= 400_000


def test_a_client_holding_the_page_gets_304_from_memory(store: EmbeddedStore) -> None:
    app = _app(store)
    client = app.test_client()
    url = f"/resource?iri={_capability(store)}"
    first = client.get(url)
    again = client.get(url, headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304
    assert again.headers["ETag"] == first.headers["ETag"]

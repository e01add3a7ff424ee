"""The result cache holds one store version: a write retires every older result."""

from __future__ import annotations

from tomgraph.store import EmbeddedStore
from tomgraph.store.cache import QueryCache


def test_a_write_retires_the_cached_results_of_the_older_version() -> None:
    store = EmbeddedStore()
    store.query_cache = cache = QueryCache()
    store.update("INSERT DATA { <urn:a> <urn:p> 1 }")
    assert list(store.query("SELECT ?o WHERE { <urn:a> <urn:p> ?o }"))
    assert len(cache) == 1
    store.update("INSERT DATA { <urn:a> <urn:p> 2 }")
    rows = list(store.query("SELECT ?o WHERE { <urn:a> <urn:p> ?o }"))
    assert len(rows) == 2
    assert len(cache) == 1, "only the new version's result is kept"
    assert bool(store.query("ASK { <urn:a> <urn:p> 2 }"))
    assert len(cache) == 2

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


def test_a_result_read_while_a_write_runs_is_never_served_after_it() -> None:
    """A reader that reads the version while a write is under way, and the data before the
    write lands, must not leave that answer cached for the readers after the write."""
    import threading

    import pyoxigraph as ox

    store = EmbeddedStore()
    store.query_cache = QueryCache()
    triples = 300_000
    data = b"".join(b"<urn:s%d> <urn:p> \"%d\" .\n" % (n, n) for n in range(triples))
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    writer = threading.Thread(target=store.load_bytes, args=(data, ox.RdfFormat.N_TRIPLES))
    writer.start()
    reads = 0
    while writer.is_alive():
        list(store.query(count))
        reads += 1
    writer.join()
    assert reads > 1, "the load ended before it could be read during"
    [[n]] = list(store.query(count))
    assert int(n.value) == triples  # type: ignore[union-attr]


def test_one_write_moves_the_version_as_it_starts_and_as_it_ends_even_when_it_fails() -> None:
    import pyoxigraph as ox
    import pytest

    from tomgraph.errors import InputError
    from tomgraph.store.versioning import WRITE_STEPS

    store = EmbeddedStore()
    quad = ox.Quad(ox.NamedNode("urn:a"), ox.NamedNode("urn:p"), ox.Literal("1"))
    seen = [store.version]
    store.apply([quad])
    seen.append(store.version)
    store.apply([], [quad])  # removal goes through an update: still one write
    seen.append(store.version)
    with pytest.raises(InputError):
        store.load_bytes(b"<urn:a> <urn:p> not-a-term .", ox.RdfFormat.N_TRIPLES)
    seen.append(store.version)
    assert [b - a for a, b in zip(seen, seen[1:], strict=False)] == [WRITE_STEPS] * 3

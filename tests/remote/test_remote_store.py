"""What only the remote backend has to get right: undoing a load that fails on the wire, the
union-default-graph check, stores without a graph store endpoint, and configuration.
"""

from __future__ import annotations

import io
from pathlib import Path

import pyoxigraph as ox
import pytest
from oxigraph_server import OxigraphServer
from remote_helpers import FAST_RETRY, Gateway, count_calls

from tomgraph.errors import StoreError, UsageError
from tomgraph.namespaces import MODEL_GRAPH, ONTOLOGY_GRAPH, SHAPES_GRAPH
from tomgraph.store import StoreConfig, load_bundled, open_store
from tomgraph.store.remote import RemoteStore
from tomgraph.store.remote_load import STAGING_PREFIX

EX = "https://example.org/"


def snapshot(store: RemoteStore) -> bytes:
    out = io.BytesIO()
    store.export(out, ox.RdfFormat.N_QUADS)
    return b"\n".join(sorted(out.getvalue().splitlines()))


def all_graphs(store: RemoteStore) -> list[str]:
    """Every named graph, staging graphs included (``graphs()`` hides them)."""
    rows = store.query("SELECT ?g WHERE { GRAPH ?g { } }")
    return sorted(row[0].value for row in rows)  # type: ignore[union-attr]


def nquads(tmp_path: Path, graphs: list[str]) -> Path:
    path = tmp_path / "load.nq"
    path.write_text("".join(f'<{EX}x> <{EX}p> "new" <{g}> .\n' for g in graphs))
    return path


def via(gateway: Gateway, server: OxigraphServer) -> RemoteStore:
    return RemoteStore(
        gateway.url + "/query", update_endpoint=gateway.url + "/update",
        gsp_endpoint=gateway.url + "/store", retry=FAST_RETRY,
    )


def posts_to_store(request) -> bool:
    return request.method == "POST" and request.path == "/store"


@pytest.mark.parametrize(
    ("targets", "failing_post"),
    [
        ([EX + "new-1", EX + "new-2"], 2),  # empty graphs, the second upload fails
        ([EX + "new-1", MODEL_GRAPH], 2),  # the last, transactional upload fails
        ([EX + "new-1", MODEL_GRAPH, SHAPES_GRAPH], 3),  # a staging upload fails
    ],
    ids=["fresh graphs", "one occupied graph", "several occupied graphs"],
)
def test_a_load_that_fails_on_the_wire_is_undone(
    remote_store, oxigraph_server, tmp_path, targets, failing_post
):
    load_bundled(remote_store)
    before = snapshot(remote_store)
    calls = 0

    def fail(request) -> int | None:
        nonlocal calls
        if posts_to_store(request):
            calls += 1
            return 403 if calls == failing_post else None
        return None

    with Gateway(oxigraph_server.base, fail=fail) as gateway, via(gateway, oxigraph_server) as s:
        with pytest.raises(StoreError, match="403"):
            s.load_files([nquads(tmp_path, targets)])

    assert snapshot(remote_store) == before
    assert not [g for g in all_graphs(remote_store) if g.startswith(STAGING_PREFIX)]


def test_a_failed_commit_of_staged_graphs_is_undone(remote_store, oxigraph_server, tmp_path):
    load_bundled(remote_store)
    before = snapshot(remote_store)
    commit = count_calls([403], lambda r: r.path == "/update" and b"ADD" in r.get_data())

    with Gateway(oxigraph_server.base, fail=commit) as gateway, via(gateway, oxigraph_server) as s:
        with pytest.raises(StoreError):
            s.load_files([nquads(tmp_path, [EX + "fresh", MODEL_GRAPH, ONTOLOGY_GRAPH])])

    assert snapshot(remote_store) == before
    assert all_graphs(remote_store) == remote_store.graphs()


def test_a_load_survives_a_server_that_fails_twice_before_answering(
    remote_store, oxigraph_server, tmp_path
):
    flaky = count_calls([503, 502], posts_to_store)
    with Gateway(oxigraph_server.base, fail=flaky) as gateway, via(gateway, oxigraph_server) as s:
        s.load_files([nquads(tmp_path, [EX + "g"])])
    assert remote_store.count(EX + "g") == 1


def test_a_server_without_a_union_default_graph_is_reported_not_trusted(tmp_path):
    with OxigraphServer(union_default_graph=False) as server, RemoteStore(
        server.query_url, gsp_endpoint=server.store_url
    ) as store:
        store.load_bytes(f"<{EX}a> <{EX}p> <{EX}b> .".encode(), ox.RdfFormat.N_TRIPLES)
        with pytest.raises(StoreError, match="--union-default-graph"):
            store.query("SELECT * WHERE { ?s ?p ?o }")


def test_without_a_graph_store_endpoint_loads_and_exports_go_through_sparql(
    remote_store, oxigraph_server, tmp_path
):
    sparql_only = RemoteStore(oxigraph_server.query_url)
    assert sparql_only.update_endpoint == oxigraph_server.update_url
    load_bundled(sparql_only)
    assert sparql_only.count() == sum(sparql_only.count(g) for g in sparql_only.graphs()) > 1000
    assert snapshot(sparql_only) == snapshot(remote_store)
    sparql_only.close()


def test_blank_nodes_cannot_be_bound(remote_store):
    with pytest.raises(UsageError, match="BlankNode"):
        remote_store.query("SELECT ?s WHERE { ?s ?p ?o }", bindings={"s": ox.BlankNode()})


def test_open_store_builds_a_remote_store_from_the_configuration(oxigraph_server):
    config = StoreConfig(
        endpoint=oxigraph_server.query_url, gsp_endpoint=oxigraph_server.store_url,
        token="secret", timeout=5, read_only=True,
    )
    with open_store(config) as store:
        assert isinstance(store, RemoteStore)
        assert (store.remote, store.persistent, store.writable) == (True, True, False)
        assert store.location == oxigraph_server.query_url
        with pytest.raises(StoreError, match="read-only"):
            store.clear()


@pytest.mark.parametrize(
    ("endpoint", "update"),
    [
        ("http://h:7878/query", "http://h:7878/update"),
        ("http://h:3030/ds/query", "http://h:3030/ds/update"),
        ("http://h:8890/sparql", "http://h:8890/sparql"),
        ("http://h:7200/repositories/tom", "http://h:7200/repositories/tom"),
    ],
)
def test_the_update_endpoint_defaults_to_the_query_endpoints_sibling(endpoint, update):
    with RemoteStore(endpoint) as store:
        assert store.update_endpoint == update


def test_credentials_must_be_one_kind():
    with pytest.raises(UsageError, match="not both"):
        RemoteStore("http://h/query", username="u", password="p", token="t")
    with pytest.raises(UsageError, match="http"):
        RemoteStore("h:7878/query")

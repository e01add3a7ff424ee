"""The remote store on a real network: credentials are sent, transient failures are retried,
and every failure becomes one clear error naming the endpoint.
"""

from __future__ import annotations

import base64
import io
import time

import pyoxigraph as ox
import pytest
from oxigraph_server import free_port
from remote_helpers import FAST_RETRY, Gateway, count_calls

from tomgraph.errors import QueryTimeout, StoreError, TomgraphError
from tomgraph.store.remote import RemoteStore
from tomgraph.store.remote_http import RetryPolicy

ASK = "ASK { ?s ?p ?o }"


def store_via(gateway: Gateway, **options) -> RemoteStore:
    options.setdefault("retry", FAST_RETRY)
    return RemoteStore(
        gateway.url + "/query", update_endpoint=gateway.url + "/update",
        gsp_endpoint=gateway.url + "/store", **options,
    )


# -- authentication ----------------------------------------------------------------------------
def test_basic_credentials_go_with_every_kind_of_request(oxigraph_server, remote_store):
    expected = "Basic " + base64.b64encode(b"architect:s3cret").decode()
    with Gateway(oxigraph_server.base, require_authorization=expected) as gateway, store_via(
        gateway, username="architect", password="s3cret"
    ) as store:
        store.load_bytes(b"<https://e.org/a> <https://e.org/p> 1 .", ox.RdfFormat.TURTLE)
        store.query(ASK)
        store.export(io.BytesIO(), ox.RdfFormat.N_QUADS)
        store.clear()
    kinds = {(s.method, s.path) for s in gateway.seen}
    assert {("POST", "/store"), ("POST", "/query"), ("GET", "/store"), ("POST", "/update")} <= kinds
    assert {s.headers.get("Authorization") for s in gateway.seen} == {expected}


def test_a_bearer_token_is_sent_as_such(oxigraph_server, remote_store):
    with Gateway(oxigraph_server.base, require_authorization="Bearer abc.def") as gateway, \
            store_via(gateway, token="abc.def") as store:
        assert store.count() == 0
    assert gateway.seen and all(
        s.headers["Authorization"] == "Bearer abc.def" for s in gateway.seen
    )


def test_missing_credentials_are_a_401_naming_the_endpoint(oxigraph_server):
    with Gateway(oxigraph_server.base, require_authorization="Bearer x") as gateway, \
            store_via(gateway) as store:
        with pytest.raises(StoreError) as caught:
            store.count()
    message = str(caught.value)
    assert message.startswith(f"{gateway.url}/query: 401 Unauthorized")
    assert "TOMGRAPH_TOKEN" in message
    assert len(gateway.seen) == 1  # a 4xx is an answer, not retried


def test_refused_credentials_are_a_403_naming_the_endpoint(oxigraph_server):
    with Gateway(oxigraph_server.base, require_authorization="Bearer x") as gateway, \
            store_via(gateway, token="wrong") as store:
        with pytest.raises(StoreError, match=f"^{gateway.url}/update: 403 Forbidden"):
            store.clear()


# -- retries -----------------------------------------------------------------------------------
def test_a_server_failing_twice_with_503_is_retried_until_it_answers(oxigraph_server):
    queries = count_calls([503, 503], lambda r: r.path == "/query")
    with Gateway(oxigraph_server.base, fail=queries) as gateway, store_via(
        gateway, retry=RetryPolicy(attempts=3, backoff=0.05)
    ) as store:
        started = time.perf_counter()
        assert store.count() == 0
        waited = time.perf_counter() - started
    assert [s.path for s in gateway.seen] == ["/query"] * 3
    assert waited >= 0.05 + 0.1 * 0.9  # backed off, doubling


def test_retries_are_bounded(oxigraph_server):
    with Gateway(oxigraph_server.base, fail=lambda r: 503) as gateway, store_via(gateway) as s:
        with pytest.raises(StoreError, match=r"server failed \(503 .*after 3 attempts"):
            s.count()
    assert len(gateway.seen) == 3


@pytest.mark.parametrize("status", [400, 404, 409])
def test_client_errors_are_not_retried(oxigraph_server, status):
    with Gateway(oxigraph_server.base, fail=lambda r: status) as gateway, store_via(gateway) as s:
        with pytest.raises(TomgraphError):
            s.graphs()
    assert len(gateway.seen) == 1


# -- failures named clearly --------------------------------------------------------------------
def test_a_wrong_path_is_a_404_that_says_to_check_it(oxigraph_server):
    with RemoteStore(oxigraph_server.base + "/nothing-here", retry=FAST_RETRY) as store:
        with pytest.raises(StoreError) as caught:
            store.graphs()
    assert str(caught.value).startswith(f"{oxigraph_server.base}/nothing-here: 404 Not Found")
    assert "endpoint path" in str(caught.value)


def test_a_server_that_is_not_running_is_named_after_the_retries(tmp_path):
    url = f"http://127.0.0.1:{free_port()}/query"
    with RemoteStore(url, retry=FAST_RETRY) as store:
        with pytest.raises(StoreError) as caught:
            store.count()
    message = str(caught.value)
    assert message.startswith(f"{url}: cannot reach the server")
    assert "connection refused" in message and "tried 3 times" in message


def test_a_server_that_does_not_answer_in_time_is_a_timeout(oxigraph_server):
    with Gateway(oxigraph_server.base, delay=1.0) as gateway, store_via(
        gateway, timeout=0.2
    ) as store:
        started = time.perf_counter()
        with pytest.raises(QueryTimeout, match=f"^{gateway.url}/query: no answer .* 0.2 s"):
            store.count()
        assert time.perf_counter() - started < 0.9  # not retried: a slow query stays slow
        time.sleep(1.0)  # let the gateway finish the request it is sleeping on


def test_credentials_never_appear_in_messages(tmp_path):
    url = f"http://user:pw@127.0.0.1:{free_port()}/query"
    with RemoteStore(url, retry=RetryPolicy(attempts=1)) as store:
        with pytest.raises(StoreError) as caught:
            store.count()
    assert "pw" not in str(caught.value) and "127.0.0.1" in str(caught.value)

"""Page queries running at the same time share one evaluation: after a save, the first
requests for an expensive page wait for one run instead of each computing it."""

from __future__ import annotations

import threading
from typing import Any

import pyoxigraph as ox
import pytest
from flask import Flask

from tomgraph.store import EmbeddedStore
from tomgraph.web import create_app, querying
from tomgraph.web.endpoint import shutdown
from tomgraph.web.endpoint.state import InFlight, QueryFuture, endpoint_state

SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f }"


def test_a_second_request_for_a_running_query_waits_for_the_same_run() -> None:
    runs = InFlight()
    started: list[QueryFuture] = []

    def start() -> QueryFuture:
        started.append(QueryFuture())
        return started[-1]

    first, second = runs.join("key", start), runs.join("key", start)
    assert first is second and len(started) == 1
    started[0].set_result(42)
    assert second.result() == 42
    assert len(runs) == 0, "a finished run is forgotten"
    assert runs.join("key", start) is not first, "the next request after it runs anew"


def test_a_query_is_dropped_only_when_no_request_waits_for_it_any_more() -> None:
    runs = InFlight()
    future = QueryFuture()
    runs.join("key", lambda: future)
    runs.join("key", QueryFuture)
    assert runs.leave("key", future) is False
    assert runs.leave("key", future) is True
    assert len(runs) == 0


def test_queries_without_a_key_are_never_shared() -> None:
    runs = InFlight()
    assert runs.join(None, QueryFuture) is not runs.join(None, QueryFuture)
    assert len(runs) == 0


@pytest.fixture
def app() -> Flask:
    store = EmbeddedStore()
    store.load_bytes("".join(f"<http://example.org/s{i}> <http://example.org/p> \"{i}\" .\n"
                             for i in range(3000)).encode(), ox.RdfFormat.N_TRIPLES)
    store.query_cache = None  # every request would evaluate, were it not shared
    app = create_app({"TESTING": True, "QUERY_TIMEOUT": 60, "QUERY_WORKERS": 0}, store=store)
    yield app
    shutdown(app)


def test_concurrent_page_queries_of_one_store_version_evaluate_once(app: Flask) -> None:
    store = app.extensions["tomgraph"]
    calls: list[str] = []
    real = store.query

    def counted(sparql: str, **options: Any) -> Any:
        calls.append(sparql)
        return real(sparql, **options)

    store.query = counted
    answers: list[object] = []

    def page() -> None:
        with app.app_context():
            answers.append(querying.run_table(SLOW, visitor=False).rows[0][0])

    threads = [threading.Thread(target=page) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert len(answers) == 4 and len(set(answers)) == 1
    assert len(calls) < 4
    with app.app_context():
        assert len(endpoint_state().in_flight) == 0


def test_a_write_between_two_requests_keeps_them_apart(app: Flask) -> None:
    store = app.extensions["tomgraph"]
    with app.app_context():
        before = querying._shared_key(store, _job(SLOW))
        store.apply([ox.Quad(ox.NamedNode("http://example.org/x"),
                             ox.NamedNode("http://example.org/p"), ox.Literal("x"),
                             ox.NamedNode("http://example.org/g"))])
        assert querying._shared_key(store, _job(SLOW)) != before


def _job(text: str) -> Any:
    from tomgraph.store import UNION
    from tomgraph.web.endpoint.execute import Job

    return Job(sparql=text, dataset=UNION, base_iri=None, solutions_format=None,
               graph_format=None, rows=True, max_rows=10)


def test_a_page_query_queued_behind_busy_threads_still_gets_its_own_allowance() -> None:
    store = EmbeddedStore()
    store.load_bytes("".join(f"<http://example.org/s{i}> <http://example.org/p> \"{i}\" .\n"
                             for i in range(1500)).encode(), ox.RdfFormat.N_TRIPLES)
    app = create_app({"TESTING": True, "QUERY_TIMEOUT": 2.0, "QUERY_WORKERS": 0}, store=store)
    try:
        with app.app_context():
            threads = endpoint_state().threads()
            gate = threading.Event()
            busy = [threads.submit(gate.wait, 10) for _ in range(threads.size)]
            timer = threading.Timer(1.6, gate.set)  # every thread is busy for 1.6 s
            timer.start()
            # 1.6 s in the queue and then a count of two million pairs: more than 2 s in all,
            # less than 2 s of each.
            table = querying.run_table(SLOW, visitor=False)
            assert int(table.rows[0][0].value) == 1500 ** 2  # type: ignore[union-attr]
            timer.join()
            assert all(f.result(5) for f in busy)
    finally:
        shutdown(app)

"""Page and named queries (the application's own text) queue for a query thread under load
instead of failing: they have a longer allowance than a visitor's query, a bounded queue, and
still end in 503 past it."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pyoxigraph as ox
import pytest
from flask import Flask

from tomgraph.errors import QueryTimeout
from tomgraph.store import EmbeddedStore
from tomgraph.web import create_app, querying
from tomgraph.web.endpoint import shutdown
from tomgraph.web.endpoint.state import endpoint_state

QUICK = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


def _app(**config: object) -> Flask:
    store = EmbeddedStore()
    store.load_bytes("".join(f"<http://example.org/s{i}> <http://example.org/p> \"{i}\" .\n"
                             for i in range(50)).encode(), ox.RdfFormat.N_TRIPLES)
    store.query_cache = None
    return create_app({"TESTING": True, "QUERY_WORKERS": 0, **config}, store=store)


@pytest.fixture
def app() -> Iterator[Flask]:
    app = _app(QUERY_TIMEOUT=0.5)
    yield app
    shutdown(app)


def _busy_for(app: Flask, seconds: float) -> tuple[threading.Timer, list[object]]:
    """Occupy every query thread of ``app`` for ``seconds``."""
    threads = endpoint_state(app).threads()
    gate = threading.Event()
    busy = [threads.submit(gate.wait, 30) for _ in range(threads.size)]
    timer = threading.Timer(seconds, gate.set)
    timer.start()
    return timer, busy


def test_a_page_query_waits_past_the_query_timeout_for_a_busy_thread(app: Flask) -> None:
    with app.app_context():
        timer, _ = _busy_for(app, 1.2)  # more than the 0.5 s timeout, less than 4 × 0.5 s
        table = querying.run_table(QUICK, visitor=False)
        assert int(table.rows[0][0].value) == 50  # type: ignore[union-attr]
        timer.join()


def test_a_visitor_query_still_gets_503_after_the_query_timeout(app: Flask) -> None:
    with app.app_context():
        timer, _ = _busy_for(app, 1.2)
        with pytest.raises(QueryTimeout, match="0.5 s"):
            querying.run_table(QUICK, visitor=True)
        timer.join()


def test_a_page_query_past_its_own_allowance_still_gets_503() -> None:
    app = _app(QUERY_TIMEOUT=0.2, PAGE_QUERY_TIMEOUT=0.4)
    try:
        with app.app_context():
            timer, _ = _busy_for(app, 1.5)
            with pytest.raises(QueryTimeout, match="0.4 s"):
                querying.run_table(QUICK, visitor=False)
            assert endpoint_state().timeouts == 1
            timer.join()
    finally:
        shutdown(app)


def test_one_page_request_more_than_the_queue_holds_gets_503_at_once() -> None:
    app = _app(QUERY_TIMEOUT=1.0, PAGE_QUERY_QUEUE=2)
    try:
        with app.app_context():
            timer, _ = _busy_for(app, 1.0)
            answers: list[object] = []

            def page() -> None:
                with app.app_context():
                    answers.append(querying.run_table(QUICK, visitor=False).rows[0][0])

            waiting = [threading.Thread(target=page) for _ in range(2)]
            for thread in waiting:
                thread.start()
            state = endpoint_state()
            while state.page_waiting < 2:
                threading.Event().wait(0.01)
            with pytest.raises(QueryTimeout, match="busy"):
                querying.run_table(QUICK, visitor=False)
            for thread in waiting:
                thread.join(10)
            assert len(answers) == 2, "the requests in the queue are answered"
            assert state.page_waiting == 0
            timer.join()
    finally:
        shutdown(app)


def test_the_page_allowance_is_never_shorter_than_the_query_timeout() -> None:
    assert endpoint_state(_app(QUERY_TIMEOUT=10.0, PAGE_QUERY_TIMEOUT=1.0)).page_timeout == 10.0
    assert endpoint_state(_app(QUERY_TIMEOUT=3.0)).page_timeout == 12.0, "four timeouts"


def test_serve_takes_the_page_allowance_as_an_option_and_refuses_a_non_positive_one() -> None:
    from tomgraph.cli import build_parser
    from tomgraph.cli.serve import app_config
    from tomgraph.errors import UsageError

    def config_for(*argv: str) -> dict[str, object]:
        return app_config(build_parser().parse_args(["serve", *argv]))

    assert config_for("--page-query-timeout", "90")["PAGE_QUERY_TIMEOUT"] == 90.0
    assert "PAGE_QUERY_TIMEOUT" not in config_for()
    with pytest.raises(UsageError, match="above 0"):
        config_for("--page-query-timeout", "0")

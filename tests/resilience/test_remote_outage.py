"""The remote store dies mid-request and comes back: 503 meanwhile, then answers, no restart."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from oxigraph_server import OxigraphServer, oxigraph_binary

from tomgraph.store import load_bundled
from tomgraph.store.remote import RemoteStore
from tomgraph.web import create_app
from tomgraph.web.endpoint import shutdown

SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
CAPABILITY = "https%3A%2F%2Fw3id.org%2Ftomgraph%2Fontology%23Capability"
PAGES = ["/", "/capabilities", f"/resource?iri={CAPABILITY}", "/sparql?query=ASK%20%7B%7D",
         "/readyz"]
"""Routes that read the store (the named-query list is read once and kept)."""


@pytest.fixture
def server(tmp_path: Path) -> Iterator[OxigraphServer]:
    """An on-disk ``oxigraph serve`` holding the example, so a restart keeps the data."""
    if oxigraph_binary() is None:
        pytest.skip("the oxigraph command is missing (pip install oxigraph)")
    with OxigraphServer(location=tmp_path / "remote") as server:
        store = RemoteStore(server.query_url, update_endpoint=server.update_url,
                            gsp_endpoint=server.store_url)
        load_bundled(store)
        store.close()
        yield server


@pytest.fixture
def app(server: OxigraphServer) -> Iterator[Flask]:
    app = create_app({"TESTING": True, "ENDPOINT": server.query_url,
                      "GSP_ENDPOINT": server.store_url, "QUERY_TIMEOUT": 10.0})
    yield app
    shutdown(app)


def statuses(app: Flask) -> dict[str, int]:
    client = app.test_client()
    return {path: client.get(path).status_code for path in PAGES}


@pytest.mark.slow
def test_the_app_answers_503_while_the_store_is_down_and_recovers_without_restart(
    app: Flask, server: OxigraphServer
) -> None:
    assert set(statuses(app).values()) == {200}
    answers: list[int] = []
    in_flight = threading.Thread(
        target=lambda: answers.append(
            app.test_client().get("/sparql", query_string={"query": SLOW}).status_code))
    in_flight.start()
    server.process.kill()  # type: ignore[union-attr]  # dies mid-request, no goodbye
    server.stop()
    in_flight.join(60)
    assert answers and answers[0] in (200, 503)
    down = statuses(app)
    assert set(down.values()) == {503}, down
    body = app.test_client().get("/").text
    assert server.query_url not in body and "127.0.0.1" not in body
    server.start()
    assert set(statuses(app).values()) == {200}

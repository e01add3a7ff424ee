"""Fixtures for the page tests: a small programme with hostile labels, an app over it, a
validation outcome the pages can show, and a live server for real-browser tests."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest
from flask import Flask
from flask.testing import FlaskClient
from page_fixtures import HERE, fake_report, prime_validation
from werkzeug.serving import make_server

from tomgraph.store import EmbeddedStore, load_bundled
from tomgraph.web import create_app


@pytest.fixture
def page_store() -> Iterator[EmbeddedStore]:
    """The ontology and shapes plus the page-test programme (``model.ttl``)."""
    store = EmbeddedStore()
    load_bundled(store, model=False)
    store.load_files([HERE / "model.ttl"])
    yield store
    store.close()


@pytest.fixture
def app(page_store: EmbeddedStore) -> Flask:
    """The web app over the page-test programme, with the fake validation outcome."""
    # Queries from the editor run inline (no worker processes) unless a test asks for workers.
    app = create_app({"TESTING": True, "QUERY_WORKERS": 0}, store=page_store)
    prime_validation(app, fake_report())
    return app


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def live_url(app: Flask) -> Iterator[str]:
    """The app served over HTTP on a free loopback port, in a background thread."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=5)

"""Fixtures for the SPARQL endpoint: apps built by ``create_app`` over small real stores.

Apps are module-scoped because each starts real query worker processes; every fixture stops
them on the way out so no test leaves a process behind.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from tomgraph.store import EmbeddedStore, Store, load_bundled
from tomgraph.web import create_app
from tomgraph.web.endpoint import shutdown, warm_up

HERE = Path(__file__).parent
ROOT_CONFTEST = HERE.parents[1] / "conftest.py"
TEST_GRAPH = "http://example.org/graph/people"
TOKEN = "s3cret-token-for-tests-0123456789"

PEOPLE = b"""
@prefix ex: <http://example.org/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
ex:alice a ex:Person ; rdfs:label "Alice" ; ex:knows ex:bob .
ex:bob a ex:Person ; rdfs:label "Bob # not a comment" ; ex:knows ex:carol .
ex:carol a ex:Person ; rdfs:label "Carol"@en .
"""


def people_store() -> EmbeddedStore:
    """The ontology and shapes plus three people in their own named graph."""
    import pyoxigraph as ox

    store = EmbeddedStore()
    load_bundled(store, model=False)
    store.load_bytes(PEOPLE, ox.RdfFormat.TURTLE, graph=TEST_GRAPH)
    return store


def make_app(store: Store, **config: Any) -> Flask:
    settings = {"TESTING": True, "QUERY_TIMEOUT": 5.0, "QUERY_WORKERS": 2}
    settings.update(config)
    app = create_app(settings, store=store)
    warm_up(app)
    return app


@pytest.fixture(scope="module")
def app() -> Iterator[Flask]:
    """A read-only endpoint (the default) over :func:`people_store`."""
    app = make_app(people_store(), MAX_RESULT_ROWS=1000)
    yield app
    shutdown(app)


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture(scope="module")
def update_app() -> Iterator[Flask]:
    """An endpoint started with updates allowed and a bearer token."""
    app = make_app(people_store(), ALLOW_UPDATES=True, UPDATE_TOKEN=TOKEN)
    yield app
    shutdown(app)


@pytest.fixture(scope="session")
def update_token() -> str:
    return TOKEN


@pytest.fixture(scope="session")
def make_people_store() -> Callable[[], EmbeddedStore]:
    return people_store


@pytest.fixture(scope="session")
def endpoint_app_factory() -> Callable[..., Flask]:
    """``factory(store, **config)``: an app whose workers the caller stops with ``shutdown``."""
    return make_app


@pytest.fixture(scope="module")
def protocol_suite() -> Path:
    """The W3C SPARQL Protocol suite folder, through the shared ``conformance_dir`` rule."""
    # Test folders are not packages, so the top conftest is loaded by path, not by name.
    spec = importlib.util.spec_from_file_location("_tomgraph_tests_conftest", ROOT_CONFTEST)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    path: Path = module.conformance_dir("sparql-protocol")
    return path

"""Fixtures shared by every area's tests.

Area-specific fixtures live in ``tests/<area>/conftest.py``. Tests that describe behaviour
every backend must share use ``backend_store`` / ``backend_example_store``, which are
parametrised over the store backends.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from conformance import CONFORMANCE, REPO, SHARED, conformance_dir  # noqa: F401 (re-exported)
from oxigraph_server import OxigraphServer, oxigraph_binary
from virtuoso_server import VirtuosoServer, virtuoso_binary

from tomgraph.store import EmbeddedStore, Store, load_bundled
from tomgraph.store import example_store as make_example_store

BACKENDS = ["embedded", "remote"]
"""Store backends the parametrised fixtures run over ("remote": a live ``oxigraph serve``)."""


@pytest.fixture
def example_store() -> Iterator[EmbeddedStore]:
    """A fresh in-memory store with the ontology, shapes and example programme."""
    store = make_example_store()
    yield store
    store.close()


@pytest.fixture(params=BACKENDS)
def backend_store(request: pytest.FixtureRequest) -> Iterator[Store]:
    """An empty store of each backend."""
    store = _open_backend(request, request.param)
    yield store
    store.close()


@pytest.fixture(params=BACKENDS)
def backend_example_store(request: pytest.FixtureRequest) -> Iterator[Store]:
    """A store of each backend holding the ontology, shapes and example programme."""
    store = _open_backend(request, request.param)
    load_bundled(store)
    yield store
    store.close()


def _open_backend(request: pytest.FixtureRequest, backend: str) -> Store:
    if backend == "embedded":
        return EmbeddedStore()
    if backend == "remote":
        return _open_remote(request.getfixturevalue("oxigraph_server"))
    raise ValueError(f"unknown backend {backend}")


def _open_remote(server: OxigraphServer) -> Store:
    """A RemoteStore on the session's server, emptied first: each test starts clean."""
    from tomgraph.store.remote import RemoteStore

    store = RemoteStore(
        server.query_url, update_endpoint=server.update_url, gsp_endpoint=server.store_url
    )
    store.clear()
    return store


@pytest.fixture(scope="session")
def oxigraph_server() -> Iterator[OxigraphServer]:
    """One in-memory ``oxigraph serve`` for the whole session (the remote backend's server)."""
    if oxigraph_binary() is None:
        if os.environ.get("CI"):
            pytest.fail("the oxigraph command is missing: CI must test the remote backend")
        pytest.skip("the oxigraph command is missing (pip install oxigraph)")
    with OxigraphServer() as server:
        yield server


@pytest.fixture(scope="session")
def virtuoso_server() -> Iterator[VirtuosoServer]:
    """One throw-away Virtuoso for the session (the second remote backend of the contract)."""
    if virtuoso_binary() is None:
        if os.environ.get("CI"):
            pytest.fail("virtuoso-t is missing: CI must test the Virtuoso backend")
        pytest.skip("virtuoso-t is missing (scripts/install-system-deps.sh)")
    with VirtuosoServer() as server:
        yield server


@pytest.fixture
def repo() -> Path:
    return REPO

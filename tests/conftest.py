"""Fixtures shared by every area's tests.

Area-specific fixtures live in ``tests/<area>/conftest.py``. Tests that describe behaviour
every backend must share use ``backend_store`` / ``backend_example_store``, which are
parametrised over the store backends.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from backends import BACKENDS, store_fixtures
from cli_runner import Run
from conformance import CONFORMANCE, REPO, SHARED, conformance_dir  # noqa: F401 (re-exported)
from oxigraph_server import OxigraphServer, oxigraph_binary
from virtuoso_server import VirtuosoServer, virtuoso_binary

from tomgraph.cli import main
from tomgraph.store import EmbeddedStore, load_bundled
from tomgraph.store import example_store as make_example_store


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str]) -> Callable[..., Run]:
    """``cli("load", "x.ttl", ...)`` runs ``tomgraph`` in this process and captures it."""

    def run(*argv: str | Path) -> Run:
        code = main([str(a) for a in argv])
        captured = capsys.readouterr()
        return Run(code, captured.out, captured.err)

    return run


@pytest.fixture
def example_store() -> Iterator[EmbeddedStore]:
    """A fresh in-memory store with the ontology, shapes and example programme."""
    store = make_example_store()
    yield store
    store.close()


backend_store, backend_example_store = store_fixtures(BACKENDS)
"""An empty store of each backend, and one holding the ontology, shapes and example programme."""


@pytest.fixture
def example_directory(tmp_path: Path) -> Path:
    """A closed store on disk holding the ontology, shapes and example programme."""
    path = tmp_path / "db"
    with EmbeddedStore(path) as store:
        load_bundled(store)
    return path


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

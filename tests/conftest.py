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

from tomgraph.store import EmbeddedStore, Store, load_bundled
from tomgraph.store import example_store as make_example_store

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
CONFORMANCE = SHARED / "conformance"

BACKENDS = ["embedded"]
"""Store backends the parametrised fixtures run over."""


def conformance_dir(name: str) -> Path:
    """``../shared/conformance/NAME``, or a skip saying why it is absent."""
    path = CONFORMANCE / name
    if not path.is_dir():
        if os.environ.get("CI"):
            pytest.fail(f"{path} is missing: CI must run the W3C conformance suites")
        pytest.skip(f"{path} is absent: the W3C {name} suite is not beside this checkout")
    return path


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
    raise ValueError(f"unknown backend {backend}")


@pytest.fixture
def repo() -> Path:
    return REPO

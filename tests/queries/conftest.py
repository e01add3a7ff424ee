"""Fixtures for the query library's tests: the hand-written mini programme and a generated model."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from query_helpers import FIXTURES

from tomgraph import bundled
from tomgraph.namespaces import ONTOLOGY_GRAPH
from tomgraph.store import EmbeddedStore


@pytest.fixture(scope="module")
def mini_store() -> Iterator[EmbeddedStore]:
    """The ontology and ``fixtures/mini.ttl``: small enough to check every answer by eye."""
    store = EmbeddedStore()
    store.load_files([bundled.ontology_file()], graph=ONTOLOGY_GRAPH)
    store.load_files([FIXTURES / "mini.ttl"])
    yield store
    store.close()


@pytest.fixture(scope="session")
def generated_10k(tmp_path_factory: pytest.TempPathFactory) -> Iterator[EmbeddedStore]:
    """A generated 10,000-capability model (made once per test session) with the ontology."""
    try:
        from tomgraph.generate import generate_file
    except ImportError:
        pytest.skip("'tomgraph generate' is not built yet, so there is no generated model")
    path = tmp_path_factory.mktemp("generated") / "model-10000.nt"
    generate_file(path, 10_000, seed=1)
    store = EmbeddedStore()
    store.load_files([bundled.ontology_file()], graph=ONTOLOGY_GRAPH)
    store.load_files([path])
    yield store
    store.close()
    shutil.rmtree(path.parent, ignore_errors=True)


@pytest.fixture
def query_file(tmp_path: Path):
    """Write a ``.rq`` file and return its path."""

    def write(text: str, name: str = "question.rq") -> Path:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return path

    return write

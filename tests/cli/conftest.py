"""Fixtures for the command-line tests: real files and real stores (the in-process ``cli``
is in tests/conftest.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tomgraph.bundled import ontology_file
from tomgraph.generate import generate_file
from tomgraph.namespaces import ONTOLOGY_GRAPH
from tomgraph.store import EmbeddedStore

BAD_TURTLE = '@prefix ex: <https://example.org/> .\nex:a ex:p "ok" .\nex:b ex:p ex:c ex:d .\n'
"""Turtle whose third line has one object too many (line 3, column 16)."""


@pytest.fixture(scope="session")
def small_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A generated model of 100 capabilities, as N-Triples."""
    path = tmp_path_factory.mktemp("models") / "small.nt"
    generate_file(path, 100, seed=1)
    return path


@pytest.fixture
def bad_ttl(tmp_path: Path) -> Path:
    path = tmp_path / "bad.ttl"
    path.write_text(BAD_TURTLE, encoding="utf-8")
    return path


@pytest.fixture
def store_dir(tmp_path: Path, small_model: Path) -> Path:
    """A persisted store holding the ontology and the small generated model."""
    path = tmp_path / "store"
    with EmbeddedStore(path) as store:
        store.load_files([ontology_file()], graph=ONTOLOGY_GRAPH)
        store.load_files([small_model])
    return path

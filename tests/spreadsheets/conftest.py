"""Workbooks for the spreadsheet tests: real files written by openpyxl and by tomgraph."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tomgraph.spreadsheets.exporter import export_workbook
from tomgraph.spreadsheets.layout import layout_for
from tomgraph.store import EmbeddedStore, example_store, load_bundled


@pytest.fixture(scope="session")
def example_workbook(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled example programme exported as a workbook."""
    path = tmp_path_factory.mktemp("xlsx") / "met.xlsx"
    with example_store() as store:
        export_workbook(store, path, layout=layout_for(store))
    return path


@pytest.fixture
def shapes_store() -> Iterator[EmbeddedStore]:
    """A store with the ontology and shapes but no model: where a design is first imported."""
    store = EmbeddedStore()
    load_bundled(store, model=False)
    yield store
    store.close()

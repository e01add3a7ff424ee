"""Workbooks for the spreadsheet tests: real files written by openpyxl and by tomgraph."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from openpyxl import Workbook

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


def write_book(path: Path, sheets: dict[str, list[list[object]]]) -> Path:
    """A workbook with one sheet per entry, rows as given (row 1 the header)."""
    book = Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        ws = book.create_sheet(name)
        for row in rows:
            ws.append(row)
    book.save(path)
    return path


CAPABILITY_HEADER = ["ID", "Capability name", "Capability description", "Capability owner",
                     "Capability service area", "Capability level", "Capability parent",
                     "Current maturity", "Target maturity"]


def capability_rows(*rows: list[object]) -> dict[str, list[list[object]]]:
    """A one-sheet workbook of capabilities (owners and service areas from the example)."""
    return {"Capability": [CAPABILITY_HEADER, *rows]}

"""Helpers that write small real workbooks for the spreadsheet tests."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook


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

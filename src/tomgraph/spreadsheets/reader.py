"""Reading workbooks and folders of CSV files into rows of cell values, streaming.

An ``.xlsx`` is read with python-calamine (Rust; about ten times faster than openpyxl's
read-only mode on a 100k-row sheet, see ``bench/bench_spreadsheets.py``), which gives each
formula's cached value. Calamine does not say which cells are formulas, so the sheet's XML is
scanned for ``<f>`` elements (a byte search, no parse) to warn about them. Reading stops after
:data:`MAX_EMPTY_RUN` empty rows, so a sheet formatted down to row 1,048,576 costs nothing.

A folder of CSV files is one sheet per file (the file name without ``.csv`` is the sheet
name), UTF-8 with or without a byte-order mark, comma- or semicolon-separated.
"""

from __future__ import annotations

import csv
import re
import zipfile
import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any
from xml.etree import ElementTree

from ..errors import InputError

MAX_EMPTY_RUN = 1000
"""Consecutive empty rows after which a sheet is taken to have ended."""

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ENCRYPTED_STREAM = "EncryptedPackage".encode("utf-16-le")

Cell = object
"""A cell's value: str, int, float, bool, date or datetime; ``""`` when empty."""


@dataclass
class SheetData:
    """One sheet: its header row, its data rows (1-based row numbers), and what to warn of."""

    name: str
    header: list[str]
    rows: list[tuple[int, list[Cell]]]
    formulas: set[str] = field(default_factory=set)
    """Cells (``C12``) holding a formula: their cached value was read."""
    merged: list[str] = field(default_factory=list)
    """Merged ranges (``A5:B5``)."""
    csv: bool = False
    truncated_at: int | None = None


def column_letter(index: int) -> str:
    """``0`` → ``A``, ``27`` → ``AB``."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def read_input(path: Path) -> list[SheetData]:
    """The sheets of ``path``: an ``.xlsx`` workbook or a folder of ``.csv`` files."""
    if path.is_dir():
        return read_csv_dir(path)
    if not path.is_file():
        raise InputError("no such file or folder", source=path)
    return read_workbook(path)


def _check_container(path: Path) -> None:
    with open(path, "rb") as fh:
        head = fh.read(8)
    if head == OLE_MAGIC:
        with open(path, "rb") as fh:
            encrypted = ENCRYPTED_STREAM in fh.read(1 << 20)
        if encrypted:
            raise InputError(
                "the workbook is password-protected (encrypted); open it, remove the "
                "password (File > Info > Protect Workbook) and save it again as .xlsx",
                source=path,
            )
        raise InputError(
            "this is an old binary .xls workbook; save it as Excel Workbook (.xlsx)", source=path
        )
    if not zipfile.is_zipfile(path):
        raise InputError(
            "not a workbook: expected an Excel .xlsx file (or a folder of .csv files)",
            source=path,
        )


def read_workbook(path: Path) -> list[SheetData]:
    """Every sheet of the ``.xlsx`` at ``path``."""
    _check_container(path)
    from python_calamine import CalamineWorkbook

    try:
        book = CalamineWorkbook.from_path(str(path))
    except Exception as exc:  # calamine raises its own error types for damaged files
        raise InputError(f"not a readable .xlsx workbook ({exc})", source=path) from exc
    formulas = _formula_cells(path)
    sheets = []
    try:
        for name in book.sheet_names:
            try:
                sheet = book.get_sheet_by_name(name)
                rows = sheet.iter_rows()
                merged = [
                    f"{column_letter(c0)}{r0 + 1}:{column_letter(c1)}{r1 + 1}"
                    for (r0, c0), (r1, c1) in (sheet.merged_cell_ranges or [])
                ]
            except Exception as exc:
                raise InputError(f"sheet '{name}' cannot be read ({exc})", source=path) from exc
            data = _collect(name, rows)
            data.formulas = formulas.get(name, set())
            data.merged = merged
            sheets.append(data)
    finally:
        book.close()
    return sheets


def _collect(name: str, rows: Iterable[Sequence[Any]], *, is_csv: bool = False) -> SheetData:
    """Header plus data rows, stopping after :data:`MAX_EMPTY_RUN` empty rows."""
    header: list[str] = []
    kept: list[tuple[int, list[Cell]]] = []
    empty_run = 0
    truncated = None
    for number, row in enumerate(rows, start=1):
        if number == 1:
            header = ["" if v is None else str(v).strip() for v in row]
            continue
        if all(v is None or (isinstance(v, str) and not v.strip()) for v in row):
            empty_run += 1
            if empty_run >= MAX_EMPTY_RUN:
                truncated = number
                break
            continue
        empty_run = 0
        kept.append((number, list(row)))
    return SheetData(name=name, header=header, rows=kept, csv=is_csv, truncated_at=truncated)


_CELL_WITH_FORMULA = re.compile(
    rb'<(?:\w+:)?c\b[^>]*?\br="([A-Z]+[0-9]+)"[^>]*>\s*<(?:\w+:)?f[\s>/]'
)
_REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def _formula_cells(path: Path) -> dict[str, set[str]]:
    """Sheet name → cells holding a formula, found by a byte search of each sheet's XML."""
    found: dict[str, set[str]] = {}
    try:
        with zipfile.ZipFile(path) as zf:
            parts = _sheet_parts(zf)
            for name, part in parts.items():
                cells: set[str] = set()
                tail = b""
                with zf.open(part) as fh:
                    while chunk := fh.read(1 << 22):
                        data = tail + chunk
                        if b"<f" in data or b":f" in data:
                            cells.update(m.decode() for m in _CELL_WITH_FORMULA.findall(data))
                        tail = data[-512:]
                if cells:
                    found[name] = cells
    except (KeyError, zipfile.BadZipFile, ElementTree.ParseError, OSError, zlib.error):
        return found  # only for warnings: a damaged part calamine did not need is no error
    return found


def _sheet_parts(zf: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name → the zip member holding its XML, from the workbook's relationships."""
    book = ElementTree.fromstring(zf.read("xl/workbook.xml"))
    rels = ElementTree.fromstring(zf.read("xl/_rels/workbook.xml.rels"))
    targets = {r.get("Id"): r.get("Target", "") for r in rels}
    parts = {}
    for el in book.iter():
        if el.tag.endswith("}sheet"):
            target = targets.get(el.get(f"{{{_REL_NS}}}id"), "")
            member = target.lstrip("/") if target.startswith("/") else str(
                PurePosixPath("xl") / target
            )
            parts[el.get("name", "")] = member
    return parts


def read_csv_dir(folder: Path) -> list[SheetData]:
    """One sheet per ``*.csv`` file of ``folder``, in name order."""
    files = sorted(p for p in folder.iterdir() if p.suffix.lower() == ".csv")
    if not files:
        raise InputError("the folder holds no .csv files (one per sheet expected)", source=folder)
    sheets = []
    for file in files:
        try:
            with open(file, encoding="utf-8-sig", newline="") as fh:
                first = fh.readline()
                fh.seek(0)
                delimiter = ";" if first.count(";") > first.count(",") else ","
                sheets.append(
                    _collect(file.stem, csv.reader(fh, delimiter=delimiter), is_csv=True)
                )
        except UnicodeDecodeError as exc:
            raise InputError(
                f"not UTF-8 text (byte {exc.start}); save the CSV as 'CSV UTF-8'", source=file
            ) from exc
        except csv.Error as exc:
            raise InputError(f"malformed CSV: {exc}", source=file) from exc
    return sheets

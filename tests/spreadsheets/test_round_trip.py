"""Export → import → export → import gives the same statements, on both store backends."""

from __future__ import annotations

import csv
import os
import shutil
import subprocess
from datetime import datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook

from tomgraph.namespaces import MODEL_GRAPH
from tomgraph.spreadsheets import workbook_quads
from tomgraph.spreadsheets.exporter import export_workbook
from tomgraph.spreadsheets.importer import import_workbook, plan_import
from tomgraph.spreadsheets.layout import layout_for
from tomgraph.store import load_bundled


def test_the_example_programme_round_trips_through_a_workbook(backend_store, example_workbook,
                                                              tmp_path):
    load_bundled(backend_store, model=False)
    first = import_workbook(example_workbook, backend_store)
    assert first.change.added and not first.change.removed
    again = tmp_path / "again.xlsx"
    export_workbook(backend_store, again, layout=layout_for(backend_store))
    second = plan_import(again, backend_store)
    assert second.change.empty, "re-importing the exported workbook changes nothing"
    assert set(workbook_quads(again, backend_store)) == set(first.change.added)


def test_importing_into_the_example_replaces_only_what_the_workbook_expresses(
        backend_example_store, example_workbook):
    before = backend_example_store.count(MODEL_GRAPH)
    plan = import_workbook(example_workbook, backend_example_store)
    assert plan.change.empty
    assert backend_example_store.count(MODEL_GRAPH) == before


def test_what_the_workbook_cannot_express_is_listed_on_its_own_sheet(example_workbook):
    book = load_workbook(example_workbook, read_only=True)
    rows = list(book["Not expressed"].iter_rows(values_only=True))
    assert rows[0][0] == "Subject" and len(rows) > 1
    assert any("dcterms:description" == r[1] for r in rows[1:])


def _to_csv(workbook: Path, folder: Path, *, delimiter: str, bom: bool) -> Path:
    folder.mkdir()
    book = load_workbook(workbook, read_only=True)
    for ws in book.worksheets:
        if ws.title in ("README", "Not expressed"):
            continue
        with open(folder / f"{ws.title}.csv", "w", newline="",
                  encoding="utf-8-sig" if bom else "utf-8") as fh:
            writer = csv.writer(fh, delimiter=delimiter)
            for row in ws.iter_rows(values_only=True):
                writer.writerow([_text(v) for v in row])
    return folder


def _text(value: object) -> object:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    return value


@pytest.mark.parametrize(("delimiter", "bom"), [(",", False), (";", True), (",", True)])
def test_a_folder_of_csv_files_imports_like_the_workbook(example_workbook, shapes_store,
                                                         tmp_path, delimiter, bom):
    folder = _to_csv(example_workbook, tmp_path / "csv", delimiter=delimiter, bom=bom)
    from_csv = set(workbook_quads(folder, shapes_store))
    assert from_csv == set(workbook_quads(example_workbook, shapes_store))


def test_a_workbook_saved_by_libreoffice_imports(example_workbook, shapes_store, tmp_path):
    soffice = shutil.which("soffice")
    if soffice is None:
        if os.environ.get("CI"):
            pytest.fail("soffice is missing: CI must prove foreign workbooks import "
                        "(scripts/install-system-deps.sh installs libreoffice-calc-nogui)")
        pytest.skip("LibreOffice (soffice) is not installed: "
                    "run scripts/install-system-deps.sh")
    source = tmp_path / "in" / "design.ods"
    source.parent.mkdir()
    shutil.copy(example_workbook, source.with_suffix(".xlsx"))
    out = tmp_path / "out"
    env = {**os.environ, "HOME": str(tmp_path)}
    for target, src, dest in (("ods", source.with_suffix(".xlsx"), source.parent),
                              ("xlsx", source, out)):
        subprocess.run([soffice, "--headless", "--convert-to", target, "--outdir", str(dest),
                        str(src)], check=True, capture_output=True, timeout=180, env=env)
    saved = out / "design.xlsx"
    assert saved.exists()
    assert set(workbook_quads(saved, shapes_store)) == set(
        workbook_quads(example_workbook, shapes_store))

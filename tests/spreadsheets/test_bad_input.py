"""Bad workbooks: every problem named by sheet and cell with the fix, and nothing loaded."""

from __future__ import annotations

import io
import time
import zipfile
from datetime import date
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook
from sheet_helpers import CAPABILITY_HEADER, capability_rows, write_book

from tomgraph.errors import InputError
from tomgraph.namespaces import MODEL_GRAPH
from tomgraph.spreadsheets.importer import WorkbookErrors, import_workbook, plan_import

GOOD = ["C1", "Custody", "What custody does.", "Helen Okafor", "Custody & Prosecutions", 1, None,
        "2 Developing", "4 Managed"]


def _problems(path: Path, store) -> list[str]:
    before = store.count()
    with pytest.raises(WorkbookErrors) as caught:
        import_workbook(path, store)
    assert store.count() == before, "nothing is loaded when a cell is bad"
    return [str(p) for p in caught.value.problems]


@pytest.fixture
def store(example_store):
    return example_store


def test_a_good_row_imports(store, tmp_path):
    path = write_book(tmp_path / "ok.xlsx", capability_rows(GOOD))
    plan = import_workbook(path, store)
    assert plan.change.added and not plan.errors


def test_a_sheet_with_a_wrong_name_is_named_with_the_allowed_names(store, tmp_path):
    path = write_book(tmp_path / "b.xlsx", {"Capabilites": [CAPABILITY_HEADER, GOOD]})
    (problem,) = _problems(path, store)
    assert problem.startswith("Capabilites!1: sheet 'Capabilites' is not a sheet")
    assert "Capability" in problem and "Business process" in problem


def test_a_missing_required_column_is_named(store, tmp_path):
    header = [h for h in CAPABILITY_HEADER if h != "Capability level"]
    row = [v for h, v in zip(CAPABILITY_HEADER, GOOD, strict=True) if h != "Capability level"]
    (problem,) = _problems(write_book(tmp_path / "b.xlsx", {"Capability": [header, row]}), store)
    assert problem.startswith("Capability!1: missing required column(s): Capability level")


def test_an_unknown_column_is_named_with_its_cell(store, tmp_path):
    path = write_book(tmp_path / "b.xlsx",
                      {"Capability": [[*CAPABILITY_HEADER, "Budget"], [*GOOD, 5]]})
    (problem,) = _problems(path, store)
    assert problem.startswith("Capability!J1: unknown column 'Budget'; allowed columns: ID,")


def test_merged_cells_are_refused_with_the_range(store, tmp_path):
    path = write_book(tmp_path / "b.xlsx", capability_rows(GOOD, ["C2", "Other", *GOOD[2:]]))
    book = load_workbook(path)
    book["Capability"].merge_cells("B2:B3")
    book.save(path)
    problems = _problems(path, store)
    assert any(p.startswith("Capability!2: merged cells B2:B3") for p in problems)


def test_a_formula_uses_its_cached_value_and_says_so(store, tmp_path):
    path = write_book(tmp_path / "f.xlsx", capability_rows(GOOD))
    # openpyxl writes no cached values, so put one in by hand as Excel would save it.
    with zipfile.ZipFile(path) as zf:
        parts = {n: zf.read(n) for n in zf.namelist()}
    sheet = next(n for n in parts if n.startswith("xl/worksheets/"))
    xml = parts[sheet].decode()
    start = xml.index('<c r="F2"')
    end = xml.index("</c>", start) + 4
    parts[sheet] = (xml[:start] + '<c r="F2" t="n"><f>0+1</f><v>1</v></c>' + xml[end:]).encode()
    with zipfile.ZipFile(path, "w") as zf:
        for name, data in parts.items():
            zf.writestr(name, data)
    plan = import_workbook(path, store)
    assert any("F2 is a formula; its value as last calculated was imported" in str(w)
               for w in plan.warnings)
    level = store.query(
        "SELECT ?l WHERE { ?c <https://w3id.org/tomgraph/ontology#level> ?l ;"
        " <http://www.w3.org/2000/01/rdf-schema#label> 'Custody'@en }")
    assert [str(r[0].value) for r in level] == ["1"]


DEPENDENCY_HEADER = ["ID", "Dependency name", "Criticality", "Dependency owner",
                     "Dependency status", "Dependent project", "Due date", "What is depended on"]


def _dependency(ident: str, due: object) -> list[object]:
    return [ident, "Kit", "High", "Helen Okafor", "Open", None, due, None]


def test_a_date_typed_as_ambiguous_text_is_refused(store, tmp_path):
    path = write_book(tmp_path / "d.xlsx", {"Dependency": [
        DEPENDENCY_HEADER, _dependency("D1", "31/03/2027")]})
    (problem,) = _problems(path, store)
    assert problem.startswith("Dependency!G2: '31/03/2027' is text, not a date; allowed:")


def test_an_iso_date_typed_as_text_is_read_with_a_warning(store, tmp_path):
    path = write_book(tmp_path / "d.xlsx", {"Dependency": [
        DEPENDENCY_HEADER, _dependency("D1", "2027-03-31"), _dependency("D2", date(2027, 4, 1))]})
    plan = import_workbook(path, store)
    assert [str(w) for w in plan.warnings] == [
        "Dependency!G2: the date '2027-03-31' is stored as text; read as 2027-03-31"]


def test_a_number_typed_as_text_is_read_but_money_text_is_refused(store, tmp_path):
    ok = ["C1", "Custody", None, None, None, "2", None, None, None]
    bad = ["C2", "Cells", None, None, None, "level two", None, None, None]
    problems = _problems(write_book(tmp_path / "n.xlsx", capability_rows(ok, bad)), store)
    assert problems == ["Capability!F3: 'level two' is not a whole number; allowed: a whole "
                        "number, e.g. 2"]
    plan = import_workbook(write_book(tmp_path / "ok.xlsx", capability_rows(ok)), store)
    assert "whole number '2' is stored as text" in str(plan.warnings[0])


def test_duplicate_ids_are_both_named(store, tmp_path):
    path = write_book(tmp_path / "b.xlsx", capability_rows(GOOD, ["C1", "Another", *GOOD[2:]]))
    (problem,) = _problems(path, store)
    assert problem.startswith("Capability!3: duplicate ID 'C1': also Capability row 2")


def test_a_dangling_reference_is_named_with_where_it_was_looked_for(store, tmp_path):
    row = ["C1", "Custody", None, "Nobody Known", None, 1, None, None, None]
    (problem,) = _problems(write_book(tmp_path / "b.xlsx", capability_rows(row)), store)
    assert problem.startswith("Capability!D2: 'Nobody Known' matches nothing by ID or exact "
                              "name in sheet 'Person'")


PERSON_HEADER = ["ID", "Person's name", "Person's role", "Person's service area"]


def test_an_ambiguous_name_is_an_error_not_a_guess(store, tmp_path):
    rows = [["P1", "Sam Lee", "Analyst", "Forensics"], ["P2", "Sam Lee", "Lead", "Forensics"]]
    cap = ["C1", "Custody", None, "Sam Lee", None, 1, None, None, None]
    path = write_book(tmp_path / "b.xlsx", {"Person": [PERSON_HEADER, *rows],
                                            "Capability": [CAPABILITY_HEADER, cap]})
    (problem,) = _problems(path, store)
    assert problem.startswith("Capability!D2: 'Sam Lee' is ambiguous: it names 2 things")


def test_a_cycle_in_the_capability_hierarchy_is_named_on_every_row_in_it(store, tmp_path):
    a = ["A", "Alpha", None, None, None, 2, "Beta", None, None]
    b = ["B", "Beta", None, None, None, 2, "Alpha", None, None]
    problems = _problems(write_book(tmp_path / "c.xlsx", capability_rows(a, b)), store)
    assert len(problems) == 2
    assert all("capability parent makes a cycle" in p for p in problems)
    assert {p.split(":")[0] for p in problems} == {"Capability!G2", "Capability!G3"}


def test_every_bad_cell_is_reported_not_just_the_first(store, tmp_path):
    bad = ["C1", "Custody", None, "Nobody", None, "x", None, "Amber", "Great"]
    problems = _problems(write_book(tmp_path / "b.xlsx", capability_rows(bad)), store)
    assert [p.split(":")[0] for p in problems] == [
        "Capability!D2", "Capability!F2", "Capability!H2", "Capability!I2"]
    assert "allowed: 1 Initial, 2 Developing, 3 Defined, 4 Managed, 5 Optimised" in problems[2]


def test_skip_bad_rows_loads_the_good_rows_only(store, tmp_path):
    bad = ["C2", "Cells", None, None, None, "x", None, None, None]
    path = write_book(tmp_path / "b.xlsx", capability_rows(GOOD, bad))
    plan = import_workbook(path, store, skip_bad_rows=True)
    assert plan.skipped_rows == [("Capability", 3)]
    subjects = {q.subject.value for q in plan.change.added}
    assert any(s.endswith("/capability/C1") for s in subjects)
    assert not any(s.endswith("/capability/C2") for s in subjects)


def test_a_file_that_is_not_a_workbook_is_refused(store, tmp_path):
    path = tmp_path / "notes.xlsx"
    path.write_text("just some notes\n")
    with pytest.raises(InputError, match="not a workbook: expected an Excel .xlsx file"):
        plan_import(path, store)


def test_a_password_protected_workbook_is_refused_with_the_fix(store, tmp_path):
    ooxml = pytest.importorskip("msoffcrypto.format.ooxml")
    plain = write_book(tmp_path / "plain.xlsx", capability_rows(GOOD))
    locked = tmp_path / "locked.xlsx"
    out = io.BytesIO()
    with open(plain, "rb") as fh:
        ooxml.OOXMLFile(fh).encrypt("secret", out)
    locked.write_bytes(out.getvalue())
    with pytest.raises(InputError, match="password-protected"):
        plan_import(locked, store)


@pytest.mark.slow
def test_a_million_blank_rows_are_not_read(store, tmp_path):
    path = tmp_path / "tall.xlsx"
    book = Workbook(write_only=True)
    ws = book.create_sheet("Capability")
    ws.append(CAPABILITY_HEADER)
    ws.append(GOOD)
    for _ in range(1_048_574):  # blank-looking cells (a space) to the last row Excel has
        ws.append([" "])
    book.save(path)
    started = time.perf_counter()
    plan = plan_import(path, store)
    assert time.perf_counter() - started < 60
    assert any("only empty rows follow" in str(w) for w in plan.warnings)
    assert len(plan.converted.expressed) == 1


def test_the_model_graph_is_the_default_target(store, tmp_path):
    plan = import_workbook(write_book(tmp_path / "ok.xlsx", capability_rows(GOOD)), store)
    assert {q.graph_name.value for q in plan.change.added} == {MODEL_GRAPH}


def test_an_old_binary_xls_is_refused_with_the_fix(store, tmp_path):
    path = tmp_path / "old.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 1024)
    with pytest.raises(InputError, match=r"old binary \.xls workbook; save it as"):
        plan_import(path, store)


def test_a_csv_file_that_is_not_utf8_is_refused_with_the_fix(store, tmp_path):
    folder = tmp_path / "csv"
    folder.mkdir()
    (folder / "Capability.csv").write_bytes(
        ",".join(CAPABILITY_HEADER).encode() + "\nC1,Défense\n".encode("latin-1"))
    with pytest.raises(InputError, match="not UTF-8 text .*save the CSV as 'CSV UTF-8'"):
        plan_import(folder, store)


@pytest.mark.parametrize("content", [b"plain text, not a workbook\n", b"PK\x03\x04broken zip"])
def test_the_command_refuses_a_non_workbook_with_exit_2_and_no_traceback(tmp_path, capsys,
                                                                         content):
    from tomgraph.cli import main

    path = tmp_path / "design.xlsx"
    path.write_bytes(content)
    assert main(["import", str(path), "--store", str(tmp_path / "db")]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"tomgraph import: error: {path}: not a")
    assert "Traceback" not in err

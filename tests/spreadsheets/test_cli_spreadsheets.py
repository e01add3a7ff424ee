"""``tomgraph template``, ``import`` and ``export --format xlsx`` as a design lead uses them."""

from __future__ import annotations

from openpyxl import load_workbook
from sheet_helpers import capability_rows, write_book

from tomgraph.cli import main
from tomgraph.cli.import_data import IMPORTERS
from tomgraph.store import EmbeddedStore

GOOD = ["C1", "Custody", "What custody does.", "Helen Okafor", "Custody & Prosecutions", 1,
        None, "2 Developing", "4 Managed"]


def _design(path):
    """A small, complete design: a service area, its head, and one capability."""
    sheets = capability_rows(GOOD)
    sheets["Service area"] = [["ID", "Name"], ["SA1", "Custody & Prosecutions"]]
    sheets["Person"] = [["ID", "Person's name", "Person's role", "Person's service area"],
                        ["P1", "Helen Okafor", "Head of Custody", "Custody & Prosecutions"]]
    return write_book(path, sheets)


def test_the_template_has_a_readme_comments_required_marks_and_drop_downs(tmp_path, capsys):
    out = tmp_path / "design.xlsx"
    assert main(["template", "-o", str(out)]) == 0
    assert "wrote" in capsys.readouterr().out
    book = load_workbook(out)
    assert book.sheetnames[0] == "README"
    ws = book["Capability"]
    headers = [c.value for c in ws[1]]
    assert headers[:3] == ["ID", "Capability name *", "Capability description *"]
    assert "Capability parent" in headers
    assert "accountable owner" in ws.cell(row=1, column=4).comment.text
    lists = {str(dv.sqref): dv.formula1 for dv in ws.data_validations.dataValidation}
    maturity = headers.index("Current maturity *")
    column = chr(ord("A") + maturity)
    assert any(sq.startswith(f"{column}2") for sq in lists)
    parent = chr(ord("A") + headers.index("Capability parent"))
    assert any("'Capability'!$B$2" in f for sq, f in lists.items() if sq.startswith(parent))
    assert book["Lists"].sheet_state == "hidden"
    project = book["Project"]
    headers = [c.value for c in project[1]]
    area = chr(ord("A") + headers.index("Project service area *"))
    styles = {str(dv.sqref)[:len(area) + 1]: (dv.formula1, dv.errorStyle)
              for dv in project.data_validations.dataValidation}
    assert styles[f"{area}2"] == ("='Service area'!$B$2:$B$5001", "information")
    benefit = book["Benefit"]
    assert [c.value for c in benefit[1]][:2] == ["ID", "Type"]
    assert any(str(dv.sqref).startswith("B2") for dv in benefit.data_validations.dataValidation)


def test_import_prints_the_validation_summary_and_keeps_the_data(tmp_path, capsys):
    path = _design(tmp_path / "d.xlsx")
    store = tmp_path / "db"
    assert main(["import", str(path), "--store", str(store)]) == 0
    out = capsys.readouterr().out
    assert "d.xlsx: 3 rows; changed the store: +" in out
    assert "Programme completeness" in out and "Completeness scores" in out
    with EmbeddedStore(store) as db:
        assert db.count() > 0


def test_import_with_bad_cells_exits_2_lists_every_cell_and_loads_nothing(tmp_path, capsys):
    bad = ["C1", "Custody", None, "Nobody", None, "x", None, "Amber", None]
    path = write_book(tmp_path / "d.xlsx", capability_rows(bad))
    store = tmp_path / "db"
    assert main(["import", str(path), "--store", str(store)]) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert "3 problem(s); nothing was imported" in err
    for cell in ("Capability!D2:", "Capability!F2:", "Capability!H2:"):
        assert cell in err
    with EmbeddedStore(store) as db:
        assert db.count() == 0


def test_a_dry_run_reports_the_change_and_writes_nothing(tmp_path, capsys):
    path = _design(tmp_path / "d.xlsx")
    store = tmp_path / "db"
    assert main(["import", str(path), "--store", str(store), "--dry-run"]) == 0
    assert "would change the store" in capsys.readouterr().out
    with EmbeddedStore(store) as db:
        assert db.count() == 0


def test_an_import_is_recorded_in_the_history_as_an_import_of_the_file(tmp_path):
    path = _design(tmp_path / "design.xlsx")
    store = tmp_path / "db"
    assert main(["import", str(path), "--store", str(store)]) == 0
    with EmbeddedStore(store) as db:
        rows = list(db.query(
            "PREFIX prov: <http://www.w3.org/ns/prov#> "
            "PREFIX tom: <https://w3id.org/tomgraph/ontology#> "
            "SELECT ?kind ?used WHERE { ?c tom:activityKind ?kind ; prov:used ?used }"))
    assert [(r[0].value, r[1].value) for r in rows] == [("import", "design.xlsx")]


def test_a_file_of_an_unknown_kind_is_refused_with_the_kinds_allowed(tmp_path, capsys):
    path = tmp_path / "model.json"
    path.write_text("{}")
    assert main(["import", str(path)]) == 2
    assert "allowed: " + IMPORTERS[0].name in capsys.readouterr().err


def test_export_as_xlsx_writes_the_workbook_and_counts_what_it_cannot_hold(tmp_path, capsys):
    out = tmp_path / "met.xlsx"
    assert main(["export", "--format", "xlsx", "-o", str(out)]) == 0
    err = capsys.readouterr().err
    assert "76 Capability" in err and "listed on its 'Not expressed' sheet" in err
    assert "Capability" in load_workbook(out, read_only=True).sheetnames


def test_export_as_xlsx_needs_an_output_file(capsys):
    assert main(["export", "--format", "xlsx"]) == 2
    assert "give -o FILE.xlsx" in capsys.readouterr().err


def test_a_template_filled_in_imports(tmp_path, capsys):
    template = tmp_path / "design.xlsx"
    assert main(["template", "-o", str(template)]) == 0
    book = load_workbook(template)
    book["Service area"].append(["SA1", "Custody & Prosecutions"])
    book["Person"].append(["P1", "Helen Okafor", "Head of Custody", "SA1"])
    book["Capability"].append(GOOD)
    book.save(template)
    store = tmp_path / "db"
    assert main(["import", str(template), "--store", str(store)]) == 0
    assert "3 rows; changed the store" in capsys.readouterr().out

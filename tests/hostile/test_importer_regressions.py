"""Inputs the importer fuzzing found: each now a clear error naming the line or cell, exit 2,
and nothing written."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from archimate.samples import HEAD
from conformance import conformance_dir
from openpyxl import Workbook

from tomgraph.archimate import import_file
from tomgraph.cli import main
from tomgraph.errors import InputError
from tomgraph.spreadsheets.importer import WorkbookErrors, import_workbook
from tomgraph.store import EmbeddedStore


def _model(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "model.xml"
    path.write_text(HEAD + body + "</model>\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("lang", ["\u202e", "zz zz"])
def test_a_language_the_schema_refuses_is_reported_on_its_line(tmp_path, lang):
    path = _model(tmp_path, '<elements>\n<element identifier="e1" xsi:type="Goal">\n'
                  f'<name xml:lang="{lang}">x</name></element></elements>')
    store = EmbeddedStore()
    with pytest.raises(InputError) as caught:
        import_file(store, path)
    assert caught.value.line == 7
    assert "not valid against the ArchiMate exchange schema" in str(caught.value)
    assert store.count() == 0


@pytest.mark.parametrize("lang", ["x", "en-a"])
def test_a_language_the_schema_allows_but_rdf_does_not_is_refused_on_its_line(
    tmp_path, capsys, lang
):
    path = _model(tmp_path, '<elements>\n<element identifier="e1" xsi:type="Goal">\n'
                  f'<name xml:lang="{lang}">x</name></element></elements>')
    code = main(["import", str(path), "--store", str(tmp_path / "db")])
    err = capsys.readouterr().err
    assert code == 2
    assert f"{path}:7: xml:lang '{lang}' is not a BCP 47 language tag" in err
    with EmbeddedStore(tmp_path / "db") as db:
        assert db.count() == 0


def test_a_schema_error_after_a_namespace_name_that_is_no_uri_still_names_its_line(tmp_path):
    archi = conformance_dir("archimate") / "bendpoint.test.xml"
    path = tmp_path / "model.xml"
    path.write_bytes(archi.read_bytes().replace(
        b'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"', b'xmlns:xsi="&lt;&gt;&amp;"'))
    with pytest.raises(InputError) as caught:
        import_file(EmbeddedStore(), path)
    assert caught.value.line == 2
    assert "is not a valid URI" in str(caught.value) or "schemaLocation" in str(caught.value)


def _capability_book(path: Path, ident: object, parent: object = None) -> Path:
    book = Workbook()
    ws = book.active
    ws.title = "Capability"
    ws.append(["ID", "Capability name", "Capability description", "Capability owner",
               "Capability service area", "Capability level", "Capability parent",
               "Current maturity", "Target maturity"])
    good = ["C1", "Custody", "What custody does.", "Helen Okafor", "Custody & Prosecutions", 1,
            None, "2 Developing", "4 Managed"]
    ws.append(good)
    ws.append([ident, "Detention", *good[2:6], parent, *good[7:]])
    book.save(path)
    return path


@pytest.mark.parametrize("ident", ["urn:has space", "https://example.org/a b", "met:a b"])
def test_an_id_that_is_not_a_valid_iri_is_a_cell_error(example_store, tmp_path, ident):
    path = _capability_book(tmp_path / "d.xlsx", ident)
    before = example_store.count()
    with pytest.raises(WorkbookErrors) as caught:
        import_workbook(path, example_store)
    assert [str(p) for p in caught.value.problems] == [
        f"Capability!A3: ID '{ident}' is not a valid IRI; allowed: a full IRI without "
        "spaces, a known prefixed name, or plain text"]
    assert example_store.count() == before


def test_a_reference_that_is_not_a_valid_iri_is_a_cell_error(example_store, tmp_path):
    path = _capability_book(tmp_path / "d.xlsx", "C2", parent="urn:has space")
    before = example_store.count()
    with pytest.raises(WorkbookErrors) as caught:
        import_workbook(path, example_store)
    (problem,) = caught.value.problems
    assert str(problem).startswith("Capability!G3: 'urn:has space' cannot be stored")
    assert example_store.count() == before


BAD_INPUT_CLASSES = ["not xml", "billion laughs", "xxe", "wrong namespace", "schema invalid",
                     "missing element", "duplicate identifier"]


@pytest.mark.parametrize("case", BAD_INPUT_CLASSES)
def test_every_bad_input_class_of_the_archimate_import_names_a_line_and_keeps_the_store(
    tmp_path, capsys, case
):
    from archimate.test_bad_input import bad_files

    text, expected = bad_files(tmp_path)[case]
    path = tmp_path / "bad.xml"
    path.write_text(text, encoding="utf-8")
    with EmbeddedStore(tmp_path / "db") as db:
        db.update("INSERT DATA { GRAPH <urn:kept> { <urn:s> <urn:p> 'before' } }")
        before = set(db.oxigraph.quads_for_pattern(None, None, None, None))
    code = main(["import", str(path), "--store", str(tmp_path / "db")])
    err = capsys.readouterr().err
    assert code == 2
    assert re.search(rf"{re.escape(str(path))}:\d+: ", err), err
    assert expected in err
    assert "Traceback" not in err
    with EmbeddedStore(tmp_path / "db") as db:
        assert set(db.oxigraph.quads_for_pattern(None, None, None, None)) == before

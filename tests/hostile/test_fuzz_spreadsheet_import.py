"""Edited and damaged workbooks and CSV folders: imported whole, or refused naming the file
and every bad cell with the store exactly as it was; never a traceback and never a hang."""

from __future__ import annotations

import csv
import io
import re
import zipfile
from datetime import date, datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from importer_fuzz import bounded, cli_import_is_whole_or_refused, contents, mutated
from openpyxl import Workbook, load_workbook

from tomgraph.errors import InputError
from tomgraph.spreadsheets.exporter import export_workbook
from tomgraph.spreadsheets.importer import WorkbookErrors, import_workbook
from tomgraph.spreadsheets.layout import layout_for
from tomgraph.spreadsheets.template import write_template
from tomgraph.store import EmbeddedStore, example_store, load_bundled

pytestmark = [pytest.mark.slow,
              pytest.mark.filterwarnings("ignore::hypothesis.errors.HypothesisWarning")]

Rows = list[list[object]]
CELL = re.compile(r"^'?[^!]+'?!(?:[A-Z]+)?\d+|^[^!:]+(?:!| )")
HOSTILE_CELLS: list[object] = [
    None, "", " ", "0", "-1", 0, -1, 1e309, float("nan"), 3.5, True, "yes", "x" * 5000,
    "C1", "Custody", "2 Developing", "9 Perfect", "tom:Maturity3", "urn:x", "http://a b",
    "http://example.org/<script>", "=1+1", "=HYPERLINK(\"http://x\")", "'quoted", "\u202e",
    "a;b", "a,b", "line\nbreak", "\x00", "\ufeff", "é", "https://w3id.org/tomgraph/ontology#",
    "tom:", ":", "Helen Okafor", "Custody & Prosecutions", date(2024, 2, 30 - 1),
    datetime(1900, 1, 1), "2024-13-45", "1", "99999999999999999999",
]


def _sheets(book_path: Path) -> dict[str, Rows]:
    book = load_workbook(book_path, read_only=True)
    sheets = {ws.title: [list(r) for r in ws.iter_rows(values_only=True)]
              for ws in book.worksheets if ws.title not in ("README", "Not expressed")}
    book.close()
    return sheets


@pytest.fixture(scope="module")
def seeds(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The empty template and the example programme's export, as workbooks."""
    folder = tmp_path_factory.mktemp("seeds")
    with example_store() as store:
        layout = layout_for(store)
        export_workbook(store, folder / "example.xlsx", layout=layout)
        write_template(layout, folder / "template.xlsx")
    return {"example": folder / "example.xlsx", "template": folder / "template.xlsx"}


@pytest.fixture(scope="module")
def seed_sheets(seeds: dict[str, Path]) -> dict[str, dict[str, Rows]]:
    return {name: _sheets(path) for name, path in seeds.items()}


@pytest.fixture(scope="module")
def store() -> EmbeddedStore:
    """The ontology and shapes, where a design is imported."""
    store = EmbeddedStore()
    load_bundled(store, model=False)
    return store


@st.composite
def edits(draw: st.DrawFn, sheets: dict[str, Rows]) -> dict[str, Rows]:
    """``sheets`` with cells overwritten, rows repeated or dropped, and headers renamed."""
    out = {name: [list(r) for r in rows] for name, rows in sheets.items()}
    names = sorted(out)
    for _ in range(draw(st.integers(1, 6))):
        rows = out[draw(st.sampled_from(names))]
        r = draw(st.integers(0, len(rows)))
        width = max((len(x) for x in rows), default=1) or 1
        c = draw(st.integers(0, width))
        kind = draw(st.sampled_from(["cell", "cell", "cell", "row", "drop", "header"]))
        if kind == "cell" or (kind == "header" and not rows):
            while len(rows) <= r:
                rows.append([])
            while len(rows[r]) <= c:
                rows[r].append(None)
            rows[r][c] = draw(st.sampled_from(HOSTILE_CELLS) | st.text(max_size=20))
        elif kind == "row" and rows:
            rows.insert(r, list(rows[min(r, len(rows) - 1)]))
        elif kind == "drop" and r < len(rows):
            del rows[r]
        elif kind == "header" and rows:
            header = rows[0]
            if c < len(header):
                header[c] = draw(st.sampled_from(["", "ID", "Capability name", "ID ", "?"]))
    return out


def _write_book(sheets: dict[str, Rows], path: Path) -> Path:
    book = Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        ws = book.create_sheet(name)
        for row in rows:
            ws.append([_cell_for_xlsx(v) for v in row])
    book.save(path)
    return path


def _cell_for_xlsx(value: object) -> object:
    if isinstance(value, str):  # openpyxl refuses control characters; Excel cannot hold them
        return re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f]", "", value)
    return value


def _write_csv(sheets: dict[str, Rows], folder: Path, delimiter: str) -> Path:
    folder.mkdir()
    for name, rows in sheets.items():
        with open(folder / f"{name}.csv", "w", newline="", encoding="utf-8") as fh:
            writer = csv.writer(fh, delimiter=delimiter)
            for row in rows:
                writer.writerow(["" if v is None else v for v in row])
    return folder


def attempt(store: EmbeddedStore, path: Path) -> None:
    """Import ``path``; on an error, check it names where and that nothing was written."""
    before = contents(store)
    try:
        with bounded():
            import_workbook(path, store, graph="urn:fuzz")
    except WorkbookErrors as exc:
        assert str(exc).startswith(str(path))
        assert exc.problems
        for problem in exc.problems:
            assert CELL.match(str(problem)), f"no sheet and cell: {problem}"
        assert contents(store) == before
    except InputError as exc:
        assert str(exc).startswith(str(path)), str(exc)
        assert "Traceback" not in str(exc)
        assert contents(store) == before
    finally:
        store.clear("urn:fuzz")


@settings(max_examples=20)
@given(data=st.data())
def test_an_edited_workbook_imports_whole_or_names_every_bad_cell_and_writes_nothing(
    store: EmbeddedStore, seed_sheets: dict[str, dict[str, Rows]], data: st.DataObject,
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    seed = data.draw(st.sampled_from(sorted(seed_sheets)))
    sheets = data.draw(edits(seed_sheets[seed]))
    attempt(store, _write_book(sheets, tmp_path_factory.mktemp("xlsx") / "design.xlsx"))


@settings(max_examples=30)
@given(data=st.data())
def test_an_edited_csv_folder_imports_whole_or_names_every_bad_cell_and_writes_nothing(
    store: EmbeddedStore, seed_sheets: dict[str, dict[str, Rows]], data: st.DataObject,
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    seed = data.draw(st.sampled_from(sorted(seed_sheets)))
    sheets = data.draw(edits(seed_sheets[seed]))
    delimiter = data.draw(st.sampled_from([",", ";"]))
    attempt(store, _write_csv(sheets, tmp_path_factory.mktemp("csv") / "design", delimiter))


CSV_TOKENS = [b",", b";", b'"', b'""', b"\n", b"\r", b"\r\n", b"\x00", b"\xff", b"\xef\xbb\xbf",
              b"=1+1", b"C1", b"urn:x", b"tom:Maturity3", b"\xe2\x80\xae"]


@settings(max_examples=30)
@given(data=st.data())
def test_damaged_csv_bytes_import_whole_or_are_refused_naming_the_file(
    store: EmbeddedStore, seed_sheets: dict[str, dict[str, Rows]], data: st.DataObject,
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    folder = _write_csv(seed_sheets["example"], tmp_path_factory.mktemp("csv") / "d", ",")
    victim = data.draw(st.sampled_from(sorted(folder.iterdir())))
    victim.write_bytes(data.draw(mutated(victim.read_bytes(), CSV_TOKENS)))
    attempt(store, folder)


XML_TOKENS = [b"<", b">", b"/>", b'"', b"&", b"&amp;", b"&#0;", b"<!DOCTYPE x>",
              b'<!ENTITY e SYSTEM "file:///etc/passwd">', b"&e;", b"<c r=\"A1\"><f>1+1</f></c>",
              b'r="ZZZZ99999999"', b't="s"', b't="e"', b"<v>999999</v>", b"<v>-1</v>",
              b"</row>", b"</sheetData>", b"<row/>", b"\x00", b"\xff", b'ref="A1:XFD1048576"',
              b'<mergeCell ref="A1:B2"/>']


def _zip_with(seed: bytes, member: str, data: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(seed)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            dst.writestr(info, data if info.filename == member else src.read(info.filename))
    return out.getvalue()


@settings(max_examples=30)
@given(data=st.data())
def test_a_workbook_with_damaged_xml_or_zip_is_imported_whole_or_refused_naming_the_file(
    store: EmbeddedStore, seeds: dict[str, Path], data: st.DataObject,
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    seed = seeds[data.draw(st.sampled_from(sorted(seeds)))].read_bytes()
    with zipfile.ZipFile(io.BytesIO(seed)) as zf:
        members = sorted(n for n in zf.namelist() if n.endswith((".xml", ".rels")))
        member = data.draw(st.sampled_from(members) | st.just(""))
        original = zf.read(member) if member else b""
    if member:
        damaged = _zip_with(seed, member, data.draw(mutated(original, XML_TOKENS)))
    else:  # the zip container itself
        damaged = data.draw(mutated(seed, [b"PK\x03\x04", b"PK\x01\x02", b"\x00" * 16]))
    path = tmp_path_factory.mktemp("xlsx") / "design.xlsx"
    path.write_bytes(damaged)
    attempt(store, path)


@settings(max_examples=4)
@given(data=st.data())
def test_the_import_command_on_an_edited_workbook_exits_0_or_2_and_keeps_the_store(
    seed_sheets: dict[str, dict[str, Rows]], data: st.DataObject,
    tmp_path_factory: pytest.TempPathFactory, capsys: pytest.CaptureFixture[str],
) -> None:
    folder = tmp_path_factory.mktemp("cli")
    sheets = data.draw(edits(seed_sheets["example"]))
    path = _write_book(sheets, folder / "design.xlsx")
    with EmbeddedStore(folder / "db") as db:
        load_bundled(db, model=False)
        before = contents(db)
    cli_import_is_whole_or_refused(path, folder / "db", lambda: capsys.readouterr().err, before,
                                   names=str(path))

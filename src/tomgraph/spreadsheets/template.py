"""Writing workbooks in the layout: the empty template, and the same shape filled by export.

Each sheet has a bold header row (required columns marked ``*`` and shaded), a comment on
every header giving the shape's name and description, and drop-down lists: for choice
columns the code list's labels, for references the ID and name columns of the sheet referred
to. The lists live on a hidden ``Lists`` sheet so a drop-down never exceeds Excel's
255-character limit. A README sheet explains the workbook.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import IO

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.worksheet.datavalidation import DataValidation

from .layout import ID_HEADER, REQUIRED_MARK, TYPE_HEADER, Column, Layout, Sheet
from .reader import column_letter

VALIDATED_ROWS = 5000
"""Rows below the header that get drop-downs in the template."""

REQUIRED_FILL = PatternFill("solid", fgColor="FFF2CC")
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
README = """How to use this workbook

1. Each sheet is one kind of thing in the design ({names}).
2. Row 1 holds the column headers; do not rename them. Hover over a header for what it means.
3. Columns marked * are required: the design is incomplete until they are filled in.
4. ID: optional. A row keeps the same identity across imports through its ID, or failing
   that through its name (first column). Give an ID when a name may change or repeat.
5. Drop-downs offer the allowed values (stages, maturity levels, criticality, ...) and the
   names of things on other sheets (a capability's parent, a project's service area).
6. Several values in one cell: put each on its own line (Alt+Enter); names of other
   things may also be separated by ';'.
7. Dates as date cells (or text YYYY-MM-DD); numbers as plain numbers (no £, commas, units).
8. Import with: tomgraph import design.xlsx --store ./mystore
   Every problem is listed as Sheet!C12 with what is wrong and what is allowed; nothing is
   imported until all are fixed (or --skip-bad-rows is given).

The layout is generated from the SHACL shapes: a new property shape adds a column.
"""


def header_text(column: Column) -> str:
    return column.header + (REQUIRED_MARK if column.required else "")


def _comment(column: Column) -> str:
    lines = [column.description or column.header]
    if column.required:
        lines.append("Required.")
    if column.kind == "choice":
        lines.append("One of: " + ", ".join(c.label for c in column.choices))
    elif column.kind == "ref":
        lines.append("The ID or exact name of another row" + (
            "" if column.target is None else f" ({column.target.rsplit('#', 1)[-1]})"))
    elif column.datatype:
        lines.append("A value of type " + column.datatype.rsplit("#", 1)[-1])
    if column.multi:
        lines.append("Several values: one per line.")
    if column.only_for:
        lines.append(f"Only for rows of type {column.only_for.rsplit('#', 1)[-1]}.")
    return "\n".join(lines)


def new_workbook(layout: Layout) -> Workbook:
    """A workbook with the README, one sheet per kind of thing, and the hidden lists."""
    book = Workbook()
    readme = book.active
    readme.title = "README"
    for i, line in enumerate(
        README.format(names=", ".join(s.name for s in layout.sheets)).splitlines(), start=1
    ):
        readme.cell(row=i, column=1, value=line)
    readme["A1"].font = Font(bold=True, size=14)
    readme.column_dimensions["A"].width = 110
    for sheet in layout.sheets:
        _header_sheet(book, sheet)
    return book


def _header_sheet(book: Workbook, sheet: Sheet) -> None:
    ws = book.create_sheet(sheet.name)
    headers: list[tuple[str, str, bool]] = [(ID_HEADER, "A stable identifier (optional).", False)]
    if sheet.types:
        headers.append((TYPE_HEADER, "Which kind of " + sheet.name.lower() + ": "
                        + ", ".join(t.label for t in sheet.types), False))
    headers += [(header_text(c), _comment(c), c.required) for c in sheet.columns]
    for i, (text, comment, required) in enumerate(headers, start=1):
        cell = ws.cell(row=1, column=i, value=text)
        cell.font = Font(bold=True)
        cell.fill = REQUIRED_FILL if required else HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        cell.comment = Comment(comment, "tomgraph", width=320, height=140)
        ws.column_dimensions[column_letter(i - 1)].width = max(14, min(40, len(text) + 4))
    ws.freeze_panes = "B2"


def add_validations(book: Workbook, layout: Layout) -> None:
    """Drop-downs for choices, types and references, from lists on a hidden sheet."""
    lists = book.create_sheet("Lists")
    lists.sheet_state = "hidden"
    next_col = [0]

    def list_range(values: Sequence[str]) -> str:
        col = column_letter(next_col[0])
        next_col[0] += 1
        for r, v in enumerate(values, start=1):
            lists.cell(row=r, column=next_col[0], value=v)
        return f"Lists!${col}$1:${col}${max(1, len(values))}"

    for sheet in layout.sheets:
        ws = book[sheet.name]
        offset = 1 if sheet.types else 0
        if sheet.types:  # the Type column (0-based index 1: column B, after ID)
            _validate(ws, 1, list_range([sheet.name, *(t.label for t in sheet.types)]))
        for i, column in enumerate(sheet.columns, start=1 + offset):
            # A cell of several values (one per line) is not in the list: for those columns
            # the drop-down only informs, it does not refuse.
            style = "information" if column.multi else "stop"
            if column.kind == "choice":
                _validate(ws, i, list_range([c.label for c in column.choices]), style=style)
            elif column.kind == "ref":
                targets = layout.sheets_for(column.target)
                if len(targets) == 1:
                    _validate(ws, i, _name_column(targets[0]),
                              style="information" if column.multi else "warning")


def _name_column(sheet: Sheet) -> str:
    col = column_letter(2 if sheet.types else 1)
    quoted = sheet.name.replace("'", "''")
    return f"'{quoted}'!${col}$2:${col}${VALIDATED_ROWS + 1}"


def _validate(ws: object, index: int, formula: str, *, style: str = "stop") -> None:
    col = column_letter(index)
    dv = DataValidation(type="list", formula1=f"={formula}", allow_blank=True)
    dv.error = "Choose a value from the list."
    dv.errorStyle = style
    dv.add(f"{col}2:{col}{VALIDATED_ROWS + 1}")
    ws.add_data_validation(dv)  # type: ignore[attr-defined]


def write_template(layout: Layout, path: Path | IO[bytes]) -> None:
    """The empty workbook: headers, comments, drop-downs, README."""
    book = new_workbook(layout)
    add_validations(book, layout)
    book.save(path)


def append_rows(book: Workbook, sheet: Sheet, rows: Iterable[list[object]]) -> None:
    ws = book[sheet.name]
    for row in rows:
        ws.append(row)

"""The model in a store as a workbook in the template's shape.

Everything a sheet has a column for is written; statements the workbook cannot hold (a
property with no column, a second language, things of no sheet's class, blank nodes) are
listed on a ``Not expressed`` sheet and counted in the returned report, never dropped
silently. A workbook written here imports back to the same statements (see the round-trip
tests).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import IO

import pyoxigraph as ox
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.comments import Comment
from openpyxl.styles import Font

from ..namespaces import MODEL_GRAPH, PREFIXES, RDF, XSD
from ..store import Store, Term
from .cells import DECIMAL_TYPES, INTEGER_TYPES
from .layout import (
    ID_HEADER,
    KEPT_MARK,
    LANGUAGE,
    MAX_CELL_CHARS,
    TYPE_HEADER,
    Choice,
    Column,
    Layout,
    Sheet,
    layout_query,
)
from .template import README, _comment, header_text

MAX_LISTED = 10_000
"""Rows of the ``Not expressed`` sheet at most (the count is always complete)."""


@dataclass
class ExportReport:
    rows: dict[str, int] = field(default_factory=dict)
    not_expressed: list[tuple[str, str, str, str]] = field(default_factory=list)
    not_expressed_count: int = 0


def compact(iri: str) -> str:
    for prefix, ns in PREFIXES.items():
        if iri.startswith(ns) and iri[len(ns):] and "/" not in iri[len(ns):]:
            return f"{prefix}:{iri[len(ns):]}"
    return iri


def _graph_triples(store: Store, graph: str) -> dict[str, dict[str, list[Term]]]:
    """Subject → predicate → objects, for one graph (one pass over it)."""
    by_subject: dict[str, dict[str, list[Term]]] = {}
    rows = store.query(layout_query("graph-triples"), bindings={"g": ox.NamedNode(graph)})
    for row in rows:  # type: ignore[union-attr]
        s, p, o = row[1], row[2], row[3]  # type: ignore[index]
        key = s.value if isinstance(s, ox.NamedNode) else f"_:{s.value}"  # type: ignore[union-attr]
        by_subject.setdefault(key, {}).setdefault(p.value, []).append(o)  # type: ignore[union-attr,arg-type]
    return by_subject


def export_workbook(
    store: Store, path: Path | IO[bytes], *, layout: Layout, graph: str | None = None
) -> ExportReport:
    """Write the model in ``graph`` (default: the model graph) to ``path`` as ``.xlsx``."""
    triples = _graph_triples(store, graph or MODEL_GRAPH)
    report = ExportReport()
    placed: dict[str, list[Sheet]] = {}
    for subject, props in triples.items():
        types = {t.value for t in props.get(RDF + "type", []) if isinstance(t, ox.NamedNode)}
        for sheet in layout.sheets:
            if types & sheet.classes:
                placed.setdefault(subject, []).append(sheet)
    labels = Counter(
        str(triples[s][LABEL][0].value) for s in placed if triples[s].get(LABEL)  # type: ignore[union-attr]
    )
    book = Workbook(write_only=True)
    _readme(book, layout)
    for sheet in layout.sheets:
        ws = book.create_sheet(sheet.name)
        ws.append(_header(ws, sheet))
        count = 0
        for subject in sorted(s for s, sh in placed.items() if sheet in sh):
            ws.append(_row(sheet, subject, triples, labels, placed, layout, report))
            count += 1
        report.rows[sheet.name] = count
    for subject, props in triples.items():
        if subject in placed:
            continue
        for p, objs in props.items():
            for o in objs:
                _not_expressed(report, subject, p, o, "no sheet for this kind of thing")
    _not_expressed_sheet(book, report)
    book.save(path)
    return report


LABEL = "http://www.w3.org/2000/01/rdf-schema#label"


def _readme(book: Workbook, layout: Layout) -> None:
    ws = book.create_sheet("README")
    for line in README.format(names=", ".join(s.name for s in layout.sheets)).splitlines():
        ws.append([line])


def _header(ws: object, sheet: Sheet) -> list[WriteOnlyCell]:
    cells = []
    specs = [(ID_HEADER, "A stable identifier.")]
    if sheet.types:
        specs.append((TYPE_HEADER, ", ".join(t.label for t in sheet.types)))
    specs += [(header_text(c), _comment(c)) for c in sheet.columns]
    for text, comment in specs:
        cell = WriteOnlyCell(ws, value=text)  # type: ignore[arg-type]
        cell.font = Font(bold=True)
        cell.comment = Comment(comment, "tomgraph")
        cells.append(cell)
    return cells


def _row(sheet: Sheet, subject: str, triples: dict[str, dict[str, list[Term]]],
         labels: Counter[str], placed: dict[str, list[Sheet]], layout: Layout,
         report: ExportReport) -> list[object]:
    props = triples[subject]
    row: list[object] = [compact(subject)]
    types = [t.value for t in props.get(RDF + "type", []) if isinstance(t, ox.NamedNode)]
    if sheet.types:
        # Every class of the row among the sheet's: "Cashable benefit", or "Project; Priority
        # project" for a row typed with both; empty for the sheet's own class alone.
        chosen = [t for t in sheet.types if t.iri in types]
        if chosen and sheet.cls in types:
            chosen.insert(0, Choice(sheet.cls, sheet.name))
        row.append("; ".join(t.label for t in chosen))
    columns = {c.path: c for c in sheet.columns}
    for column in sheet.columns:
        values = []
        for o in props.get(column.path, []):
            cell = _cell(column, o, triples, labels, placed)
            if cell is None or (column.multi and isinstance(cell, str) and "\n" in cell):
                _not_expressed(report, subject, column.path, o,
                               f"not expressible in column '{column.header}'")
            else:
                values.append(cell)
        if not values:
            row.append(None)
        elif len(values) == 1 or not column.multi:
            row.append(values[0])
            for extra in props.get(column.path, [])[1:] if not column.multi else []:
                _not_expressed(report, subject, column.path, extra,
                               f"column '{column.header}' holds one value")
        else:
            text = "\n".join(str(v) for v in values)
            if len(text) > MAX_CELL_CHARS:
                # Too many for one cell: say so in the cell, so that import leaves them alone.
                text = (f"{KEPT_MARK} {len(values):,} values, more than one cell holds; "
                        "import leaves them unchanged]")
                for o in props.get(column.path, []):
                    _not_expressed(report, subject, column.path, o,
                                   f"too many values for one cell of '{column.header}'")
            row.append(text)
    for p, objs in props.items():
        if p in columns:
            continue
        for o in objs:
            if p == RDF + "type" and isinstance(o, ox.NamedNode) and any(
                o.value in s.classes for s in placed[subject]
            ):
                continue
            if any(p in {c.path for c in s.columns} for s in placed[subject] if s is not sheet):
                continue
            if sheet is placed[subject][0]:
                _not_expressed(report, subject, p, o, f"no column for it on sheet '{sheet.name}'")
    return row


def _cell(column: Column, o: Term, triples: dict[str, dict[str, list[Term]]],
          labels: Counter[str], placed: dict[str, list[Sheet]]) -> object | None:
    if column.kind == "choice":
        match = next((c for c in column.choices if (c.literal or ox.NamedNode(c.iri)) == o), None)
        return match.label if match else None
    if column.kind == "ref":
        if not isinstance(o, ox.NamedNode):
            return None
        if o.value not in placed:
            # Only an untyped column can name, by IRI, a thing no sheet holds.
            return compact(o.value) if column.target is None else None
        label = triples.get(o.value, {}).get(LABEL)
        if label and labels[str(label[0].value)] == 1:  # type: ignore[union-attr]
            return str(label[0].value)  # type: ignore[union-attr]
        return compact(o.value)
    if not isinstance(o, ox.Literal):
        return None
    if column.kind == "text":
        return o.value if o.language == LANGUAGE else None
    dt = o.datatype.value
    if dt != (column.datatype or XSD + "string"):
        return None
    try:
        if dt in INTEGER_TYPES:
            return int(o.value)
        if dt in DECIMAL_TYPES:
            return float(o.value)
        if dt == XSD + "date":
            return date.fromisoformat(o.value)
        if dt == XSD + "boolean":
            return o.value in ("true", "1")
    except ValueError:
        return None
    return o.value


def _not_expressed(report: ExportReport, s: str, p: str, o: Term, why: str) -> None:
    report.not_expressed_count += 1
    if len(report.not_expressed) < MAX_LISTED:
        report.not_expressed.append((compact(s), compact(p), str(o), why))


def _not_expressed_sheet(book: Workbook, report: ExportReport) -> None:
    ws = book.create_sheet("Not expressed")
    ws.append(["Subject", "Property", "Value", "Why the workbook cannot hold it"])
    for item in report.not_expressed:
        ws.append(list(item))
    if report.not_expressed_count > len(report.not_expressed):
        ws.append([f"... and {report.not_expressed_count - len(report.not_expressed)} more"])

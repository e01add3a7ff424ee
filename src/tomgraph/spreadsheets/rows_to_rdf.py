"""Rows of a workbook → quads, with every problem found reported as ``Sheet!C12: ...``.

Two passes: the first gives every row its IRI (an ``ID`` column wins; otherwise one minted
from the sheet and the name, so the same row always imports to the same IRI) and indexes IDs
and names; the second converts cells, resolving references by ID or by exact name in the
workbook, then in the store. A name that matches two things is an error, never a guess.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import pyoxigraph as ox

from ..namespaces import RDF
from ..store import Term
from .cells import (
    CellError,
    choice_term,
    literal_term,
    match_choice,
    split_values,
    text_term,
)
from .identity import column_sheet, expand_id, id_text, sheet_classes, sheet_types, slug
from .layout import (
    ID_HEADER,
    KEPT_MARK,
    LABEL_PATH,
    LANGUAGE,
    TYPE_HEADER,
    Column,
    Layout,
    Sheet,
    normal_header,
)
from .reader import SheetData, column_letter

IGNORED_SHEETS = {"readme", "not expressed", "lists"}
"""Sheets the template and export write for people, never read back."""

Resolver = Callable[[str, str | None], list[str]]
"""(ID or name, class or None) → IRIs in the store with that IRI or exact name."""


def _is_iri(text: str) -> bool:
    """Whether RDF can name something ``text`` (an ID cell may hold any text)."""
    try:
        ox.NamedNode(text)
    except ValueError:
        return False
    return True


@dataclass
class Problem:
    where: str
    message: str
    sheet: str = ""
    row: int = 0

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


@dataclass
class Row:
    """One data row: where it is, its IRI, the sheet's columns it fills."""

    sheet: Sheet
    data: SheetData
    number: int
    iri: str
    label: str | None
    cls: str
    cells: list[tuple[int, Column, object]]
    present: frozenset[str]
    """Predicates of the columns this row's sheet has (what the workbook expresses)."""
    kept: frozenset[str] = frozenset()
    """Predicates whose cell says its values are kept in the store (too many for a cell)."""
    extra_types: tuple[str, ...] = ()
    """Further classes the Type cell names ("Project; Priority project"), besides ``cls``."""

    @property
    def types(self) -> tuple[str, ...]:
        return (self.cls, *self.extra_types)


@dataclass
class Converted:
    """The quads a workbook describes, by row, and what it says about each subject."""

    quads: list[ox.Quad] = field(default_factory=list)
    expressed: dict[str, frozenset[str]] = field(default_factory=dict)
    """Subject IRI → predicates its sheet has columns for (replaced on import)."""
    classes: dict[str, frozenset[str]] = field(default_factory=dict)
    """Subject IRI → classes its sheet stands for (its rdf:type among them is replaced)."""
    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    bad_rows: set[tuple[str, int]] = field(default_factory=set)
    bad_subjects: set[str] = field(default_factory=set)
    """IRIs of rows with a bad cell (left out by an import that skips bad rows)."""



class Converter:
    """Turns the sheets of one workbook into quads for ``graph``."""

    def __init__(self, layout: Layout, resolve: Resolver, graph: str) -> None:
        self.layout = layout
        self.resolve = resolve
        self.graph = ox.NamedNode(graph)
        self.out = Converted()
        self.rows: list[Row] = []
        self.by_id: dict[str, list[Row]] = {}
        self.by_label: dict[str, list[Row]] = {}
        self._target_cache: dict[str | None, tuple[set[str], set[str]]] = {}
        self._term_cache: dict[tuple[int, object], list[Term]] = {}

    def _targets(self, cls: str | None) -> tuple[set[str], set[str]]:
        """Names of the sheets a reference to ``cls`` may point into, and their classes."""
        if cls not in self._target_cache:
            sheets = self.layout.sheets_for(cls)
            self._target_cache[cls] = (
                {s.name for s in sheets}, {c for s in sheets for c in s.classes}
            )
        return self._target_cache[cls]

    # -- problems ------------------------------------------------------------------------------
    def error(self, data: SheetData, row: int, col: int | None, message: str) -> None:
        where = f"{data.name}!{column_letter(col) if col is not None else ''}{row}"
        self.out.errors.append(Problem(where, message, data.name, row))
        self.out.bad_rows.add((data.name, row))

    def warn(self, data: SheetData, row: int, col: int | None, message: str) -> None:
        where = f"{data.name}!{column_letter(col) if col is not None else ''}{row}"
        self.out.warnings.append(Problem(where, message, data.name, row))

    # -- pass 1: sheets, headers, row IRIs -----------------------------------------------------
    def add_sheet(self, data: SheetData) -> None:
        if data.name.strip().casefold() in IGNORED_SHEETS:
            return
        sheet = self.layout.sheet(data.name)
        if sheet is None:
            names = ", ".join(s.name for s in self.layout.sheets)
            self.error(data, 1, None, f"sheet '{data.name}' is not a sheet of the template; "
                       f"allowed sheet names: {names} (rename it, or run 'tomgraph template')")
            return
        for rng in data.merged:
            first = rng.split(":")[0]
            col = re.match(r"[A-Z]+", first)
            self.error(data, int(first[col.end():]) if col else 1, None,
                       f"merged cells {rng}; allowed: one value per cell (unmerge them and "
                       "repeat the value in each row)")
        columns = self._header(sheet, data)
        if columns is None:
            return
        for cell in sorted(data.formulas, key=lambda c: (len(c), c)):
            self.warn(data, int(re.sub(r"[A-Z]", "", cell)), None,
                      f"{cell} is a formula; its value as last calculated was imported")
        if data.truncated_at:
            self.warn(data, data.truncated_at, None,
                      "stopped reading here: only empty rows follow")
        present = frozenset(c.path for c in columns.values() if isinstance(c, Column))
        for number, cells in data.rows:
            self._add_row(sheet, data, columns, number, cells, present)

    def _header(self, sheet: Sheet, data: SheetData) -> dict[int, Column | str] | None:
        columns: dict[int, Column | str] = {}
        seen: dict[str, int] = {}
        for i, text in enumerate(data.header):
            if not text:
                continue
            key = normal_header(text)
            if key in seen:
                self.error(data, 1, i, f"column '{text}' appears twice (also in "
                           f"{column_letter(seen[key])}1); allowed: each column once")
                continue
            seen[key] = i
            if key == normal_header(ID_HEADER):
                columns[i] = ID_HEADER
            elif key == normal_header(TYPE_HEADER) and sheet.types:
                columns[i] = TYPE_HEADER
            elif (column := sheet.column(text)) is not None:
                columns[i] = column
            else:
                self.error(data, 1, i, f"unknown column '{text}'; allowed columns: "
                           + ", ".join(sheet.headers))
        missing = [c.header for c in sheet.columns if c.required and c not in columns.values()]
        if missing:
            self.error(data, 1, None, "missing required column(s): " + ", ".join(missing)
                       + " (add them to row 1; required columns are marked *)")
            return None
        return columns

    def _add_row(self, sheet: Sheet, data: SheetData, columns: dict[int, Column | str],
                 number: int, cells: list[object], present: frozenset[str]) -> None:
        ident: str | None = None
        ident_at: int | None = None
        label: str | None = None
        kept: set[str] = set()
        cls = sheet.cls
        extra: tuple[str, ...] = ()
        filled: list[tuple[int, Column, object]] = []
        width = len(cells)
        for i, col in columns.items():
            if i >= width:
                continue
            value = cells[i]
            if value is None or (value.__class__ is str and not value.strip()):  # type: ignore[attr-defined]
                continue
            if col.__class__ is Column:
                assert isinstance(col, Column)
                if value.__class__ is str and value.startswith(KEPT_MARK):  # type: ignore[attr-defined]
                    kept.add(col.path)
                    continue
                filled.append((i, col, value))
                if label is None and col.path == LABEL_PATH:
                    first = split_values(value, col)[0] if col.multi else value
                    label = str(first).strip()
            elif col is ID_HEADER:
                ident, ident_at = id_text(value), i
            else:
                try:
                    named = [match_choice(part.strip(), sheet_types(sheet)).iri
                             for part in re.split(r"[\r\n;]+", str(value)) if part.strip()]
                except CellError as exc:
                    self.error(data, number, i, str(exc))
                else:
                    named = list(dict.fromkeys(named))
                    if named:
                        cls, extra = named[0], tuple(named[1:])
        if ident is None and label is None:
            self.error(data, number, None, "the row has no ID and no name; allowed: fill in "
                       "the ID or the name column (or delete the row)")
            return
        iri = expand_id(ident, sheet) if ident else expand_id(f"{slug(label or '')}", sheet)
        if not _is_iri(iri):
            self.error(data, number, ident_at, f"ID '{ident}' is not a valid IRI; allowed: "
                       "a full IRI without spaces, a known prefixed name, or plain text")
            return
        row = Row(sheet, data, number, iri, label, cls, filled, present, frozenset(kept), extra)
        clash = self.by_id.get(iri)
        if clash:
            other = clash[0]
            what = f"ID '{ident}'" if ident else f"name '{label}' (and no ID)"
            self.error(data, number, None, f"duplicate {what}: also {other.data.name} row "
                       f"{other.number}; allowed: each row its own ID (give rows with the same "
                       "name different IDs)")
            return
        self.by_id[iri] = [row]
        if ident:
            self.by_id.setdefault(ident, []).append(row)
        if label:
            self.by_label.setdefault(label, []).append(row)
        self.rows.append(row)

    # -- pass 2: cells -------------------------------------------------------------------------
    def convert(self) -> Converted:
        rdf_type = ox.NamedNode(RDF + "type")
        nodes: dict[str, ox.NamedNode] = {}

        def node(iri: str) -> ox.NamedNode:
            found = nodes.get(iri)
            if found is None:
                found = nodes[iri] = ox.NamedNode(iri)
            return found

        expressed, classes = self.out.expressed, self.out.classes
        cache, graph = self._term_cache, self.graph
        for row in self.rows:
            s = ox.NamedNode(row.iri)
            quads = [ox.Quad(s, rdf_type, node(t), self.graph) for t in row.types]
            for i, column, value in row.cells:
                p = node(column.path)
                terms: Sequence[Term] | None = None
                if column.kind == "text" and value.__class__ is str and not column.multi:
                    terms = (ox.Literal(value.strip(), language=LANGUAGE),)  # type: ignore[attr-defined]
                elif column.only_for is None:
                    terms = cache.get((id(column), value))
                if terms is None:
                    terms = self._terms(row, i, column, value)
                for term in terms:
                    quads.append(ox.Quad(s, p, term, graph))
            self.out.quads.extend(quads)
            # One row per IRI (duplicates are refused), so these are set, never merged.
            expressed[row.iri] = row.present - row.kept if row.kept else row.present
            classes[row.iri] = sheet_classes(row.sheet)
        self._check_cycles()
        self.out.bad_subjects = {
            r.iri for r in self.rows if (r.data.name, r.number) in self.out.bad_rows
        }
        return self.out

    def _terms(self, row: Row, i: int, column: Column, value: object) -> list[Term]:
        if column.only_for and column.only_for not in row.types:
            kind = next((t.label for t in row.sheet.types if t.iri == column.only_for), "")
            self.error(row.data, row.number, i, f"'{column.header}' applies only to rows of "
                       f"type {kind}; allowed: set the Type column to {kind}, or leave it empty")
            return []
        kind = column.kind
        key = (id(column), value)
        if kind != "text":
            cached = self._term_cache.get(key)
            if cached is not None:
                return cached
        terms: list[Term] = []
        clean = True
        for part in split_values(value, column):
            notes: list[str] = []
            try:
                if kind == "text":
                    terms.append(text_term(part))
                elif kind == "ref":
                    terms.append(ox.NamedNode(self._reference(str(part).strip(), column)))
                elif kind == "literal":
                    terms.append(literal_term(part, column, notes))
                else:
                    terms.append(choice_term(match_choice(part, column.choices)))
            except CellError as exc:
                self.error(row.data, row.number, i, str(exc))
                clean = False
                continue
            except ValueError as exc:  # an IRI or a literal RDF cannot hold
                self.error(row.data, row.number, i, f"'{part}' cannot be stored ({exc}); "
                           "allowed: an ID or exact name, or an IRI without spaces")
                clean = False
                continue
            if notes:
                clean = False
                if not row.data.csv:
                    for note in notes:
                        self.warn(row.data, row.number, i, note)
        if clean and kind != "text":
            # The same value in the same column always gives the same terms.
            self._term_cache[key] = terms
        return terms

    def _reference(self, text: str, column: Column) -> str:
        names, classes = self._targets(column.target)
        # Fast path: one row has this ID (or, failing that, this name) and it fits.
        candidates = self.by_id.get(text) or self.by_label.get(text)
        if candidates is not None and len(candidates) == 1:
            only = candidates[0]
            if only.sheet.name in names and (column.target is None
                                             or not classes.isdisjoint(only.types)):
                return only.iri

        def fitting(candidates: list[Row]) -> list[Row]:
            return [r for r in candidates if r.sheet.name in names
                    and (column.target is None or not classes.isdisjoint(r.types))]

        rows = fitting(self.by_id.get(text, []))
        if not rows and ":" in text:
            rows = fitting(self.by_id.get(expand_id(text, column_sheet(names)), []))
        if not rows:
            rows = fitting(self.by_label.get(text, []))
        found = list(dict.fromkeys(r.iri for r in rows))
        if not found:
            found = self.resolve(text, column.target)
        if len(found) == 1:
            return found[0]
        where = ("any sheet" if column.target is None
                 else "sheet " + " or ".join(f"'{n}'" for n in sorted(names)))
        if not found:
            raise CellError(f"'{text}' matches nothing by ID or exact name in {where} "
                            "or in the store; allowed: the ID or exact name of a row there")
        raise CellError(f"'{text}' is ambiguous: it names {len(found)} things ("
                        + ", ".join(sorted(found)[:5]) + "); allowed: use the ID instead")

    def _check_cycles(self) -> None:
        """A single-valued reference from a sheet to itself (a parent) must never loop."""
        for sheet in self.layout.sheets:
            for column in sheet.columns:
                if column.kind != "ref" or column.multi or column.target not in sheet.classes:
                    continue
                self._cycles_in(sheet, column)

    def _cycles_in(self, sheet: Sheet, column: Column) -> None:
        p = ox.NamedNode(column.path)
        parent = {q.subject.value: q.object.value for q in self.out.quads
                  if q.predicate == p and isinstance(q.object, ox.NamedNode)
                  and isinstance(q.subject, ox.NamedNode)}
        rows = {r.iri: r for r in self.rows if r.sheet is sheet}
        reported: set[str] = set()
        for start in parent:
            path, node = [start], parent.get(start)
            while node is not None and node not in path and len(path) <= len(parent):
                path.append(node)
                node = parent.get(node)
            if node != start or start in reported:
                continue
            reported.update(path)
            names = " → ".join((rows[n].label or n) if n in rows else n for n in [*path, start])
            for member in path:
                r = rows.get(member)
                if r is None:
                    continue
                col = next((i for i, c, _ in r.cells if c is column), None)
                self.error(r.data, r.number, col, f"{column.header.lower()} makes a cycle "
                           f"({names}); allowed: a hierarchy where nothing sits below itself")

"""The workbook layout, derived from the shapes graph and the ontology (never kept by hand).

One sheet per node shape that targets a class and has property shapes; one column per
property shape, in ``sh:order`` (then the order of its ``sh:group``, then its name). Shapes
that target a subclass of another sheet's class (a cashable benefit is a benefit) add their
columns to that sheet. Classes that columns refer to but that no shape describes (service
areas, programmes) get a small sheet of their own, so references have somewhere to point.
Code lists (subclasses of ``skos:Concept``) and ``sh:in`` become drop-down choices.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

import pyoxigraph as ox

from ..namespaces import RDF, RDFS, SHAPES_GRAPH, XSD
from ..store import Store, Term

LANGUAGE = "en"
"""Language tag given to text in columns that are not plain strings (names, descriptions)."""

ID_HEADER = "ID"
TYPE_HEADER = "Type"
LABEL_PATH = RDFS + "label"
REQUIRED_MARK = " *"
MAX_CELL_CHARS = 32_767
"""Excel's limit on the text of one cell."""
KEPT_MARK = "[kept in the store:"
"""Starts a cell whose values are too many for one cell: import leaves them as they are."""


@cache
def layout_query(name: str) -> str:
    """The text of ``NAME.rq`` shipped beside this module."""
    return resources.files(__package__).joinpath(f"{name}.rq").read_text(encoding="utf-8")


@dataclass(frozen=True)
class Choice:
    """One allowed value of a controlled column: the IRI and what the cell shows."""

    iri: str
    label: str
    aliases: tuple[str, ...] = ()
    literal: ox.Literal | None = None
    """Set when the allowed value is a literal (an ``sh:in`` of strings or numbers)."""


@dataclass
class Column:
    """One property shape as a column: how its cells turn into values of ``path``."""

    header: str
    path: str
    description: str = ""
    required: bool = False
    multi: bool = False
    kind: str = "text"
    """``text`` (language-tagged), ``literal`` (typed by ``datatype``), ``choice``, ``ref``."""
    datatype: str | None = None
    target: str | None = None
    """For ``ref`` columns: the class referred to (``None``: anything with that ID or name)."""
    choices: list[Choice] = field(default_factory=list)
    only_for: str | None = None
    """A subclass: the column applies only to rows of that type (from a subclass's shape)."""
    order: tuple[float, float, str] = (float("inf"), float("inf"), "")


@dataclass
class Sheet:
    """One kind of thing: its class, the columns, and the subclasses its Type column offers."""

    name: str
    cls: str
    description: str = ""
    columns: list[Column] = field(default_factory=list)
    types: list[Choice] = field(default_factory=list)
    described: bool = True
    """False for a sheet made only so that references can point at it (no shape of its own)."""

    def column(self, header: str) -> Column | None:
        key = normal_header(header)
        return next((c for c in self.columns if normal_header(c.header) == key), None)

    @property
    def headers(self) -> list[str]:
        extra = [TYPE_HEADER] if self.types else []
        return [ID_HEADER, *extra, *(c.header for c in self.columns)]

    @property
    def classes(self) -> set[str]:
        return {self.cls, *(t.iri for t in self.types)}


@dataclass
class Layout:
    """Every sheet of the workbook, by name, plus the code lists behind choice columns."""

    sheets: list[Sheet]
    code_lists: dict[str, list[Choice]]
    descendants: dict[str, frozenset[str]] = field(default_factory=dict)
    """Class → its named subclasses, so a reference to a class finds rows of a subclass's sheet."""

    def sheet(self, name: str) -> Sheet | None:
        key = name.strip().casefold()
        return next((s for s in self.sheets if s.name.casefold() == key), None)

    def sheets_for(self, cls: str | None) -> list[Sheet]:
        """Sheets whose rows can be a ``cls`` (all sheets when ``cls`` is ``None``)."""
        if cls is None:
            return list(self.sheets)
        below = self.descendants.get(cls, frozenset())
        return [s for s in self.sheets if cls in s.classes or s.cls == cls or s.cls in below]


def normal_header(text: str) -> str:
    """A header as compared on import: no required mark, case and spacing ignored."""
    text = str(text).strip()
    if text.endswith("*"):
        text = text[:-1]
    return " ".join(text.split()).casefold()


def _text(term: object) -> str:
    return term.value if isinstance(term, ox.Literal | ox.NamedNode) else ""


def _num(term: object) -> float | None:
    try:
        return float(term.value) if isinstance(term, ox.Literal) else None
    except ValueError:
        return None


def _title(text: str) -> str:
    return text[:1].upper() + text[1:] if text else text


def _local(iri: str) -> str:
    return iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def build_layout(store: Store, *, shapes_graph: str = SHAPES_GRAPH) -> Layout:
    """Read the shapes graph and the ontology in ``store`` and lay out the workbook."""
    g = {"shapesGraph": ox.NamedNode(shapes_graph)}
    code_lists = _code_lists(store)
    subclasses = _subclasses(store)
    sheets: dict[str, Sheet] = {}
    for row in store.query(layout_query("sheet-shapes"), bindings=g).dicts():  # type: ignore[union-attr]
        cls = _text(row.get("class"))
        if cls in sheets:
            continue
        name = _title(_text(row.get("name")) or _text(row.get("classLabel")) or _local(cls))
        sheets[cls] = Sheet(name=name[:31], cls=cls, description=_text(row.get("description")))
    # A shape on a subclass of another sheet's class adds its columns to that sheet.
    owner: dict[str, str] = {cls: cls for cls in sheets}
    for cls in list(sheets):
        for parent in sheets:
            if parent != cls and cls in {c.iri for c in subclasses.get(parent, [])}:
                owner[cls] = parent
                del sheets[cls]
                break
    for sheet in sheets.values():
        sheet.types = [c for c in subclasses.get(sheet.cls, []) if c.iri not in code_lists]
    choices_by_shape = _in_lists(store, g)
    seen: set[tuple[str, str]] = set()
    referenced: set[str] = set()
    rows = store.query(layout_query("column-shapes"), bindings=g).dicts()  # type: ignore[union-attr]
    for row in rows:
        prop = _text(row.get("property"))
        shape_cls = _text(row.get("target"))
        found = sheets.get(owner.get(shape_cls, ""))
        if found is None or (found.cls, prop) in seen:
            continue
        sheet = found
        seen.add((sheet.cls, prop))
        column = _column(row, code_lists, choices_by_shape.get(prop))
        if shape_cls != sheet.cls:
            column.only_for = shape_cls
        if column.kind == "ref" and column.target:
            referenced.add(column.target)
        if sheet.column(column.header) is None:
            sheet.columns.append(column)
    for sheet in sheets.values():
        if sheet.column("Name") is None and not any(c.path == LABEL_PATH for c in sheet.columns):
            # Rows are referred to by name from other sheets, so every sheet has a name
            # column even where no shape asks for a label.
            sheet.columns.append(Column(
                header="Name", path=LABEL_PATH,
                description="The name other sheets use to refer to this row.",
            ))
        sheet.columns.sort(key=lambda c: (c.path != LABEL_PATH, *c.order))
    # Classes referred to that no shape describes get an ID + name sheet of their own.
    for cls in sorted(referenced):
        if not any(cls in s.classes for s in sheets.values()):
            label = _class_label(store, cls)
            sheets[cls] = Sheet(
                name=_title(label)[:31], cls=cls, described=False,
                description=f"The {label}s that other sheets refer to.",
                columns=[Column(header="Name", path=LABEL_PATH, required=True)],
            )
    descendants = {c: frozenset(sub.iri for sub in subs) for c, subs in subclasses.items()}
    return Layout(sheets=list(sheets.values()), code_lists=code_lists, descendants=descendants)


def _column(
    row: dict[str, Term], code_lists: dict[str, list[Choice]], listed: list[Choice] | None
) -> Column:
    path = _text(row.get("path"))
    name = _text(row.get("name")) or _text(row.get("pathLabel")) or _local(path)
    min_count = _num(row.get("minCount")) or 0
    max_count = _num(row.get("maxCount"))
    cls = _text(row.get("class")) or _text(row.get("node")) or None
    rng = _text(row.get("range")) or None
    datatype = _text(row.get("datatype")) or (rng if rng and rng.startswith(XSD) else None)
    is_object = _text(row.get("objectProperty")) == "true"
    col = Column(
        header=_title(name), path=path, description=_text(row.get("description")),
        required=min_count >= 1, multi=max_count is None or max_count > 1,
        order=(
            _num(row.get("order")) or float("inf"),
            _num(row.get("groupOrder")) or float("inf"),
            name.casefold(),
        ),
    )
    target = cls or (rng if is_object and rng and not datatype else None)
    if listed:
        col.kind, col.choices = "choice", listed
    elif target and target in code_lists:
        col.kind, col.choices, col.target = "choice", code_lists[target], target
    elif target or is_object:
        col.kind, col.target = "ref", target
    elif datatype and datatype != RDF + "langString":
        col.kind, col.datatype = "literal", datatype
    return col


def _code_lists(store: Store) -> dict[str, list[Choice]]:
    lists: dict[str, list[Choice]] = {}
    for row in store.query(layout_query("code-lists")).dicts():  # type: ignore[union-attr]
        cls, value = _text(row.get("class")), _text(row.get("value"))
        label = _text(row.get("label")) or _local(value)
        aliases = tuple(a for a in (_text(row.get("notation")), _local(value)) if a)
        if all(c.iri != value for c in lists.setdefault(cls, [])):
            lists[cls].append(Choice(value, label, aliases))
    return lists


def _subclasses(store: Store) -> dict[str, list[Choice]]:
    subs: dict[str, list[Choice]] = {}
    for row in store.query(layout_query("subclasses")).dicts():  # type: ignore[union-attr]
        cls, sub = _text(row.get("class")), _text(row.get("sub"))
        label = _title(_text(row.get("label")) or _local(sub))
        subs.setdefault(cls, []).append(Choice(sub, label, (_local(sub),)))
    return subs


def _in_lists(store: Store, g: Mapping[str, Term]) -> dict[str, list[Choice]]:
    found: dict[str, list[Choice]] = {}
    for row in store.query(layout_query("column-choices"), bindings=g).dicts():  # type: ignore[union-attr]
        value = row.get("value")
        shown = _text(row.get("label")) or (
            _local(value.value) if isinstance(value, ox.NamedNode) else _text(value)
        )
        literal = value if isinstance(value, ox.Literal) else None
        found.setdefault(_text(row.get("property")), []).append(
            Choice(_text(value), shown, literal=literal)
        )
    return found


def _class_label(store: Store, cls: str) -> str:
    q = layout_query("class-label")
    for row in store.query(q, bindings={"class": ox.NamedNode(cls)}).dicts():  # type: ignore[union-attr]
        return _text(row.get("label"))
    return _local(cls)



def layout_for(store: Store) -> Layout:
    """The layout from ``store``'s shapes, or from the bundled shapes when it holds none."""
    layout = build_layout(store)
    if layout.sheets:
        return layout
    from ..store import EmbeddedStore, load_bundled

    with EmbeddedStore() as bundled:
        load_bundled(bundled, model=False)
        return build_layout(bundled)

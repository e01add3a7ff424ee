"""Forms from the shapes: the fields of an entity's form, read from its kinds' property shapes.

Nothing here names a property of the model: a field exists because a property shape with an
IRI ``sh:path`` applies to the entity's class (or a superclass). Its label is ``sh:name``,
its help ``sh:description``, its section ``sh:group`` (ordered by the group's ``sh:order``),
its place ``sh:order``; ``sh:in`` makes a select, ``sh:class`` a picker of that class's
instances, ``sh:datatype`` a typed input; ``sh:minCount`` ≥ 1 makes it required and a
``sh:maxCount`` above 1 (or none) repeatable. Several shapes on one path merge into one field.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import partial
from typing import Any

import pyoxigraph as ox

from ... import labels
from ...namespaces import DCTERMS, RDFS, SH, SKOS, XSD, shorten
from ...sparql import internal_query
from ...store import Store
from ...store.base import term_value
from .. import querying
from ..pages.rdf import select
from . import picker_search

INTEGER_TYPES = {XSD + t for t in (
    "integer", "int", "long", "short", "byte", "nonNegativeInteger", "positiveInteger",
    "nonPositiveInteger", "negativeInteger", "unsignedInt", "unsignedLong", "unsignedShort",
    "unsignedByte",
)}
DECIMAL_TYPES = {XSD + t for t in ("decimal", "double", "float")}
KIND_OF_DATATYPE = {XSD + "boolean": "boolean", XSD + "date": "date",
                    XSD + "dateTime": "datetime", XSD + "anyURI": "url"}
LONG_TEXT = {DCTERMS + "description", RDFS + "comment", SKOS + "definition"}
"""Paths whose text is prose: shown as a text area rather than a one-line input."""


RANK = {"Info": 1, "Warning": 2, "Violation": 3}


def field_key(path: str) -> str:
    """A stable form-field name and anchor for ``path`` (the dashboard's Fix links use it)."""
    return "f-" + hashlib.sha1(path.encode()).hexdigest()[:10]


@dataclass
class Choice:
    value: str  # the term in N-Triples (IRI or literal), what the form sends back
    label: str


@dataclass
class Field:
    key: str
    path: str
    label: str
    help: str | None = None
    kind: str = "text"  # text, textarea, integer, decimal, boolean, date, datetime, url, iri,
    #                    select (sh:in), picker (sh:class)
    required: bool = False
    max_count: int | None = None
    datatype: str | None = None
    cls: str | None = None
    choices: list[Choice] = field(default_factory=list)
    order: float = 1e9
    group: str | None = None
    severity: str = ""  # the worst sh:severity of its shapes (SHACL's default: Violation)
    values: list[str] = field(default_factory=list)  # form values (lexical forms / IRIs)
    errors: list[str] = field(default_factory=list)  # bad input, shown beside the field
    findings: list[Any] = field(default_factory=list)  # validation findings on this path

    @property
    def repeatable(self) -> bool:
        return self.max_count is None or self.max_count > 1

    @property
    def inputs(self) -> list[str]:
        """The values to show, plus one empty input to add another (or the first) value."""
        values = list(self.values)
        if not values or (self.repeatable and (self.max_count is None
                                               or len(values) < self.max_count)):
            values.append("")
        return values


@dataclass
class Section:
    iri: str | None
    label: str
    order: float
    fields: list[Field] = field(default_factory=list)


@dataclass
class FormSpec:
    cls: str
    sections: list[Section]

    @property
    def fields(self) -> list[Field]:
        return [f for s in self.sections for f in s.fields]

    def field_for(self, path: str) -> Field | None:
        return next((f for f in self.fields if f.path == path), None)


def _num(term: object) -> float | None:
    try:
        return float(getattr(term, "value", ""))
    except ValueError:
        return None


def form_spec(store: Store, cls: str) -> FormSpec:
    """The form for instances of ``cls``, sections and fields in the shapes' order."""
    fields: dict[str, Field] = {}
    groups: dict[str | None, tuple[str, float]] = {None: ("Other", 1e9)}
    options: dict[str, dict[str, ox.NamedNode | ox.Literal]] = {}
    result = select(store, "edit-fields", {"cls": ox.NamedNode(cls)})
    for row in result.dicts():
        def val(key: str, row: dict[str, Any] = row) -> str | None:
            return term_value(row.get(key))

        path = str(val("path"))
        f = fields.get(path)
        if f is None:
            f = fields[path] = Field(key=field_key(path), path=path, label="")
        if val("name") and not f.label:
            f.label = str(val("name"))
        if val("description") and not f.help:
            f.help = val("description")
        order = _num(row.get("order"))
        if order is not None:
            f.order = min(f.order, order)
        group = val("group")
        if group is not None and f.group is None:
            f.group = group
            group_order = _num(row.get("groupOrder"))
            groups.setdefault(group, ("", 1e8 if group_order is None else group_order))
        minimum = _num(row.get("min"))
        if minimum is not None and minimum >= 1:
            f.required = True
        maximum = _num(row.get("max"))
        if maximum is not None:
            f.max_count = int(maximum) if f.max_count is None else min(f.max_count, int(maximum))
        f.datatype = f.datatype or val("datatype")
        f.cls = f.cls or val("class")
        if val("nodeKind") == SH + "IRI":
            f.kind = "iri"
        severity = (val("severity") or SH + "Violation").rsplit("#", 1)[-1]
        if RANK.get(severity, 0) > RANK.get(f.severity, 0):
            f.severity = severity
    for row in select(store, "edit-options", {"cls": ox.NamedNode(cls)}).dicts():
        option = row.get("option")
        if isinstance(option, ox.NamedNode | ox.Literal):
            options.setdefault(str(term_value(row["path"])), {})[str(option)] = option
    for path, f in fields.items():
        f.label = f.label or shorten(path)
        if path in options:
            f.kind = "select"
            f.choices = [Choice(v, _option_label(t)) for v, t in options[path].items()]
        elif f.cls:
            f.kind = "picker"
        elif f.datatype in INTEGER_TYPES:
            f.kind = "integer"
        elif f.datatype in DECIMAL_TYPES:
            f.kind = "decimal"
        elif f.datatype in KIND_OF_DATATYPE:
            f.kind = KIND_OF_DATATYPE[f.datatype]
        elif f.kind != "iri" and path in LONG_TEXT:
            f.kind = "textarea"
    names = labels.lookup(store, [g for g in groups if g])
    groups.update({g: (labels.display(g, names), order) for g, (_, order) in groups.items() if g})
    sections: dict[str | None, Section] = {}
    for f in sorted(fields.values(), key=lambda f: (f.order, f.label.lower())):
        label, order = groups.get(f.group, groups[None])
        sections.setdefault(f.group, Section(f.group, label, order)).fields.append(f)
    return FormSpec(cls, sorted(sections.values(), key=lambda s: (s.order, s.label.lower())))


def _option_label(term: ox.NamedNode | ox.Literal) -> str:
    return shorten(term.value) if isinstance(term, ox.NamedNode) else term.value


def editable_kinds(store: Store, iri: str) -> list[str]:
    """The classes of ``iri`` that shapes describe with property shapes (may be none)."""
    found = select(store, "edit-kinds", {"s": ox.NamedNode(iri)}).dicts()
    return sorted(str(term_value(row["cls"])) for row in found)


MAX_CHOICES = 300
"""Above this many instances a picker is a search box (with a list of matches) not a select."""


def _classes(store: Store, cls: str) -> list[ox.NamedNode]:
    """``cls`` and its subclasses, bound to ``?c`` by the store (looked up first: far cheaper
    than a property path joined with every typed node)."""
    found = select(store, "edit-subclasses", {"cls": ox.NamedNode(cls)}).dicts()
    classes = {row["c"] for row in found if isinstance(row.get("c"), ox.NamedNode)}
    classes.add(ox.NamedNode(cls))
    return sorted(classes, key=str)  # type: ignore[arg-type]


def instances(store: Store, cls: str, *, limit: int = MAX_CHOICES + 1) -> list[Choice]:
    """Instances of ``cls`` as choices for a picker, by name (at most ``limit``, any of them
    when there are more: callers ask only for classes of at most :data:`MAX_CHOICES`)."""
    return _named(store, _probe(store, cls, limit))


def _probe(store: Store, cls: str, limit: int) -> list[object]:
    """At most ``limit`` instances of ``cls`` (or its subclasses), unsorted."""
    text = internal_query("edit-instances-probe") + f"\nLIMIT {int(limit)}"
    table = querying.run_table(text, visitor=False, store=store,
                               bindings={"c": _classes(store, cls)})
    return [row[0] for row in table.rows]


def matching_instances(store: Store, cls: str, text: str, *, limit: int = 20) -> list[Choice]:
    """Up to ``limit`` instances of ``cls`` with a name (any label predicate, any language)
    containing ``text`` (any case), by the name the label policy gives them: a bounded
    search, so a keystroke never sorts every instance of a large class. The first
    ``3 * limit`` matching rows are read (an instance may match by several names), through
    :mod:`.picker_search`, which remembers answers until the store changes."""
    rows = picker_search.matching_rows(store, cls, text.lower(), int(limit) * 3,
                                       lambda: _classes(store, cls))
    iris = list(dict.fromkeys(i.value for i, _ in rows))
    return _choices((i for i, _ in rows), picker_search.names(store, iris))[:limit]


def picker_choices(store: Store, classes: Iterable[str]) -> dict[str, list[Choice] | None]:
    """For each of ``classes``: its instances as choices (as :func:`instances`), or ``None``
    when it has more than :data:`MAX_CHOICES` (a search box instead, whose class
    :mod:`.picker_search` starts reading in the background). One probe per class and one
    label look-up for all of them: a form with several pickers asks the store once per class,
    not three times."""
    found: dict[str, list[object] | None] = {}
    for cls in dict.fromkeys(classes):
        rows = _probe(store, cls, MAX_CHOICES + 1)
        found[cls] = None if len(rows) > MAX_CHOICES else rows
        if found[cls] is None:  # a search box: have its class ready before the first keystroke
            picker_search.prefetch(store, cls, partial(_classes, store, cls))
    names = labels.lookup(store, (t.value for rows in found.values() for t in rows or ()
                                  if isinstance(t, ox.NamedNode)))
    return {cls: None if rows is None else _choices(rows, names) for cls, rows in found.items()}


def _named(store: Store, found: Iterable[object]) -> list[Choice]:
    """The IRIs among ``found`` as choices named by the label policy (one look-up), by name."""
    terms = list(found)
    names = labels.lookup(store, (t.value for t in terms if isinstance(t, ox.NamedNode)))
    return _choices(terms, names)


def _choices(found: Iterable[object], names: dict[str, str]) -> list[Choice]:
    """The IRIs among ``found`` as choices named from ``names``, by name."""
    iris = list(dict.fromkeys(t.value for t in found if isinstance(t, ox.NamedNode)))
    choices = [Choice(f"<{iri}>", labels.display(iri, names)) for iri in iris]
    return sorted(choices, key=lambda c: (c.label.lower(), c.value))


def any_instance(store: Store, cls: str) -> str | None:
    """One instance of ``cls`` (N-Triples), unordered: cheap on any size of class."""
    text = internal_query("edit-instances-probe") + "\nLIMIT 1"
    table = querying.run_table(text, visitor=False, store=store,
                               bindings={"c": _classes(store, cls)})
    return str(table.rows[0][0]) if table.rows and table.rows[0][0] is not None else None

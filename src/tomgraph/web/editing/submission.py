"""From a submitted form to the entity's new statements: typed, checked, languages kept.

Only the statements on the form's paths change; others about the entity (its types, facts no
shape describes) are kept. A value equal to an existing one keeps that term exactly (its
language tag or datatype), so saving an unchanged form changes nothing.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

import pyoxigraph as ox

from ...changes import Changeset, diff_graph
from ...namespaces import MODEL_GRAPH, XSD
from .form_spec import Field, FormSpec

Term = ox.NamedNode | ox.Literal


def display_value(term: object, *, select: bool = False) -> str:
    """How a stored value fills an input: IRIs in N-Triples (``<…>``), literals lexically
    (or in N-Triples too for a select, whose choices are whole terms)."""
    if isinstance(term, ox.NamedNode) or select:
        return str(term)
    return str(getattr(term, "value", term))


def fill(spec: FormSpec, quads: Sequence[ox.Quad]) -> None:
    """Put the entity's current values into the form's fields."""
    for f in spec.fields:
        f.values = [display_value(q.object, select=f.kind == "select")
                    for q in quads if q.predicate.value == f.path]


def read_form(spec: FormSpec, form: Mapping[str, Sequence[str]]) -> None:
    """Put the submitted values into the fields (so a form shown again keeps them)."""
    for f in spec.fields:
        raw = form.get(f.key, [])
        f.values = [v.strip() for v in raw if v and v.strip()]


def new_quads(
    spec: FormSpec, subject: str, current: Sequence[ox.Quad]
) -> tuple[list[ox.Quad], bool]:
    """The entity's statements after the save, and whether every value was well formed.

    Bad values are reported in ``field.errors``; the statements are only usable if ``ok``.
    """
    node = ox.NamedNode(subject)
    graph = ox.NamedNode(MODEL_GRAPH)
    paths = {f.path for f in spec.fields}
    kept = [q for q in current if q.predicate.value not in paths]
    ok = True
    out = list(kept)
    for f in spec.fields:
        existing = [q.object for q in current if q.predicate.value == f.path]
        for value in f.values:
            term = _term(f, value, existing)
            if term is None:
                ok = False
                continue
            out.append(ox.Quad(node, ox.NamedNode(f.path), term, graph))
    return out, ok


def changeset(
    current: Sequence[ox.Quad], new: Sequence[ox.Quad], **meta: object
) -> Changeset:
    return diff_graph(current, new, **meta)


def _term(f: Field, value: str, existing: Sequence[object]) -> Term | None:
    for old in existing:
        same = display_value(old, select=f.kind == "select") == value
        if same and isinstance(old, ox.NamedNode | ox.Literal):
            return old
    if f.kind in ("select", "picker", "iri") or (value.startswith("<") and value.endswith(">")):
        if f.kind == "select":
            allowed = {c.value for c in f.choices}
            if value not in allowed:
                f.errors.append(f"{value!r} is not one of the allowed values.")
                return None
            if not value.startswith("<"):
                return _parse_literal(value)
        iri = value[1:-1] if value.startswith("<") and value.endswith(">") else value
        try:
            return ox.NamedNode(iri)
        except ValueError:
            f.errors.append(f"{value!r} is not an IRI (choose from the list).")
            return None
    try:
        return _literal(f, value, existing)
    except ValueError as exc:
        f.errors.append(str(exc))
        return None


def _literal(f: Field, value: str, existing: Sequence[object]) -> ox.Literal:
    kind = f.kind
    if kind == "integer":
        try:
            number = int(value)
        except ValueError:
            raise ValueError(f"{value!r} is not a whole number.") from None
        return ox.Literal(str(number), datatype=ox.NamedNode(f.datatype or XSD + "integer"))
    if kind == "decimal":
        try:
            Decimal(value)
        except InvalidOperation:
            raise ValueError(f"{value!r} is not a number.") from None
        return ox.Literal(value, datatype=ox.NamedNode(f.datatype or XSD + "decimal"))
    if kind == "boolean":
        if value not in ("true", "false"):
            raise ValueError("Choose true or false.")
        return ox.Literal(value, datatype=ox.NamedNode(XSD + "boolean"))
    if kind == "date":
        try:
            date.fromisoformat(value)
        except ValueError:
            raise ValueError(f"{value!r} is not a date (YYYY-MM-DD).") from None
        return ox.Literal(value, datatype=ox.NamedNode(XSD + "date"))
    if kind == "datetime":
        try:
            moment = datetime.fromisoformat(value)
        except ValueError:
            raise ValueError(f"{value!r} is not a date and time.") from None
        return ox.Literal(moment.isoformat(), datatype=ox.NamedNode(XSD + "dateTime"))
    if kind == "url":
        if ":" not in value:
            raise ValueError(f"{value!r} is not a web address.")
        return ox.Literal(value, datatype=ox.NamedNode(XSD + "anyURI"))
    if f.datatype and f.datatype != XSD + "string":
        return ox.Literal(value, datatype=ox.NamedNode(f.datatype))
    languages = [t.language for t in existing if isinstance(t, ox.Literal) and t.language]
    if languages:
        return ox.Literal(value, language=languages[0])
    if f.datatype == XSD + "string":
        return ox.Literal(value)
    return ox.Literal(value, language="en")


def _parse_literal(text: str) -> ox.Literal:
    """A literal from its N-Triples form (an ``sh:in`` choice)."""
    quads = list(ox.parse(f"<urn:x> <urn:y> {text} .".encode(), ox.RdfFormat.N_TRIPLES))
    obj = quads[0].object
    assert isinstance(obj, ox.Literal)
    return obj

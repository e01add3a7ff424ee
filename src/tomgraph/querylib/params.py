"""Typed query parameters: what a header declares, and how a value becomes an RDF term.

A value reaches a query only as a pyoxigraph term built from a checked Python value, so the
query text never contains anything a user typed (the store binds it, see
:mod:`tomgraph.sparql.values`).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from pyoxigraph import BlankNode, Literal, NamedNode, Triple

from ..errors import UsageError
from ..namespaces import PREFIXES, XSD
from ..store.base import Term

PARAM_TYPES = ("iri", "string", "integer", "decimal", "boolean", "date")
"""The types a ``#+ params:`` entry may declare."""

VARNAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
"""A parameter name is a SPARQL variable name that is also a Python identifier."""

_INTEGER = re.compile(r"^[+-]?[0-9]+$")
_DECIMAL = re.compile(r"^[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)$")
_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
_PREFIXED = re.compile(r"^([A-Za-z][A-Za-z0-9_.-]*)?:([A-Za-z0-9_][A-Za-z0-9_.-]*)?$")
_SCHEMES = {"http", "https", "urn", "file", "mailto", "tag", "ftp", "did", "data"}
"""URI schemes that may look like ``prefix:local``; any other unknown prefix is a typo."""
_BOOLEANS = {"true": True, "false": False, "1": True, "0": False, "yes": True, "no": False}


@dataclass(frozen=True)
class Param:
    """One parameter of a named query, as its header declares it."""

    name: str
    type: str = "string"
    default: str | None = None
    example: str | None = None
    required: bool = False
    description: str = ""

    def to_term(self, value: object) -> Term:
        """``value`` (text from a command line or form, or a Python value) as an RDF term.

        Raises :class:`UsageError` naming the parameter when the value does not fit the type.
        """
        if isinstance(value, NamedNode | BlankNode | Literal | Triple):
            return self._check_term(value)
        try:
            return _CONVERTERS[self.type](value)
        except (ValueError, TypeError, InvalidOperation) as exc:
            raise UsageError(
                f"parameter {self.name!r} ({self.type}): {_show(value)} {exc}"
            ) from None

    def _check_term(self, term: Term) -> Term:
        """A term passed from Python must still be of the declared kind."""
        if self.type == "iri":
            if isinstance(term, NamedNode):
                return term
        elif isinstance(term, Literal):
            return self.to_term(term.value)
        raise UsageError(f"parameter {self.name!r} ({self.type}): {term} is not of that type")


def _show(value: object) -> str:
    text = repr(value) if isinstance(value, str) else repr(str(value))
    return text if len(text) <= 80 else text[:77] + "...'"


def expand_iri(text: str) -> str:
    """A full IRI from ``<iri>``, ``iri`` or a known ``prefix:local`` name."""
    text = text.strip()
    if text.startswith("<") and text.endswith(">"):
        return text[1:-1]
    match = _PREFIXED.match(text)
    if match:
        prefix = match.group(1) or ""
        if prefix in PREFIXES:
            return PREFIXES[prefix] + (match.group(2) or "")
        if prefix.lower() not in _SCHEMES:
            raise ValueError(f"has an unknown prefix {prefix!r}")
    return text


def _iri(value: object) -> NamedNode:
    if not isinstance(value, str):
        raise TypeError("is not an IRI")
    try:
        iri = expand_iri(value)
    except ValueError as exc:
        raise ValueError(
            f"is not an absolute IRI: it {exc} (known: {', '.join(PREFIXES)})"
        ) from None
    try:
        node = NamedNode(iri)
    except ValueError as exc:
        raise ValueError(
            f"is not an absolute IRI ({exc}); write <http://...> or prefix:name "
            f"with a known prefix ({', '.join(PREFIXES)})"
        ) from None
    if ":" not in iri:
        raise ValueError("is not an absolute IRI")
    return node


def _string(value: object) -> Literal:
    if not isinstance(value, str):
        raise TypeError("is not text")
    return Literal(value)


def _integer(value: object) -> Literal:
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise TypeError("is not an integer")
    text = str(value).strip()
    if not _INTEGER.match(text):
        raise ValueError("is not an integer")
    return Literal(str(int(text)), datatype=NamedNode(XSD + "integer"))


def _decimal(value: object) -> Literal:
    if isinstance(value, bool) or not isinstance(value, int | str | Decimal | float):
        raise TypeError("is not a decimal number")
    text = str(value).strip()
    if not _DECIMAL.match(text):
        raise ValueError("is not a decimal number")
    number = Decimal(text)
    canonical = format(number, "f")
    if "." not in canonical:
        canonical += ".0"
    return Literal(canonical, datatype=NamedNode(XSD + "decimal"))


def _boolean(value: object) -> Literal:
    if isinstance(value, bool):
        flag = value
    elif isinstance(value, str) and value.strip().lower() in _BOOLEANS:
        flag = _BOOLEANS[value.strip().lower()]
    else:
        raise ValueError("is not a boolean (true or false)")
    return Literal("true" if flag else "false", datatype=NamedNode(XSD + "boolean"))


def _date(value: object) -> Literal:
    if isinstance(value, dt.datetime):
        raise TypeError("is a date and time, not a date")
    if isinstance(value, dt.date):
        day = value
    elif isinstance(value, str) and _DATE.match(value.strip()):
        day = dt.date.fromisoformat(value.strip())
    else:
        raise ValueError("is not a date (YYYY-MM-DD)")
    return Literal(day.isoformat(), datatype=NamedNode(XSD + "date"))


_CONVERTERS: dict[str, Callable[[object], Term]] = {
    "iri": _iri,
    "string": _string,
    "integer": _integer,
    "decimal": _decimal,
    "boolean": _boolean,
    "date": _date,
}

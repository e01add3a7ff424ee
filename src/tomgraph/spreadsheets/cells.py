"""One cell's value as RDF terms: typed literals, text, choices from a code list.

Each converter returns the terms or raises :class:`CellError` saying what is wrong and what
is allowed; the caller adds where (``Sheet!C12``). Spreadsheets store numbers and dates as
numbers, but people type them as text too: plain numeric text is accepted (with a warning in
a workbook, silently in CSV, where everything is text), ISO dates (``2025-03-31``) likewise;
anything ambiguous (``31/03/2025``, ``£1.2m``, ``1,200``) is refused with the fix.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time
from decimal import Decimal, InvalidOperation

import pyoxigraph as ox

from ..namespaces import XSD
from .layout import LANGUAGE, Choice, Column


class CellError(ValueError):
    """What is wrong with a cell's value and what is allowed instead."""


class CellWarning(UserWarning):
    """A value that was read, but perhaps not as its author meant (noted, not refused)."""


INTEGER_TYPES = {XSD + t for t in ("integer", "int", "long", "short", "nonNegativeInteger",
                                   "positiveInteger", "nonPositiveInteger", "negativeInteger")}
DECIMAL_TYPES = {XSD + t for t in ("decimal", "double", "float")}
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")


def is_empty(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def split_values(value: object, column: Column) -> list[object]:
    """A multi-valued cell's values: one per line; references may also use ``;``."""
    if not column.multi or not isinstance(value, str):
        return [] if is_empty(value) else [value]
    if "\n" not in value and "\r" not in value and ";" not in value:
        return [value.strip()] if value.strip() else []
    parts = re.split(r"[\r\n;]+" if column.kind in ("ref", "choice") else r"[\r\n]+", value)
    return [p.strip() for p in parts if p.strip()]


def _plain(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def text_term(value: object) -> ox.Literal:
    return ox.Literal(_plain(value), language=LANGUAGE)


def literal_term(value: object, column: Column, notes: list[str]) -> ox.Literal:
    """``value`` as a literal of the column's datatype; numeric or date text is noted."""
    dt = column.datatype or XSD + "string"
    if dt in INTEGER_TYPES:
        return ox.Literal(str(_integer(value, notes)), datatype=ox.NamedNode(dt))
    if dt in DECIMAL_TYPES:
        number = _decimal(value, notes)
        if dt != XSD + "decimal":
            text = repr(float(number))
        elif number == number.to_integral_value():
            text = str(int(number))  # the canonical form a store keeps (no ".0")
        else:
            text = format(number.normalize(), "f")
        return ox.Literal(text, datatype=ox.NamedNode(dt))
    if dt == XSD + "date":
        return ox.Literal(_date(value, notes).isoformat(), datatype=ox.NamedNode(dt))
    if dt == XSD + "dateTime":
        return ox.Literal(_datetime(value, notes).isoformat(), datatype=ox.NamedNode(dt))
    if dt == XSD + "boolean":
        return ox.Literal("true" if _boolean(value) else "false", datatype=ox.NamedNode(dt))
    return ox.Literal(_plain(value), datatype=ox.NamedNode(dt))


def _integer(value: object, notes: list[str]) -> int:
    if isinstance(value, bool):
        raise CellError("a true/false value, not a whole number; allowed: a whole number, e.g. 2")
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and re.fullmatch(r"\s*[+-]?\d+\s*", value):
        notes.append(f"the whole number '{value.strip()}' is stored as text; read as a number")
        return int(value)
    raise CellError(f"'{_plain(value)}' is not a whole number; allowed: a whole number, e.g. 2")


def _decimal(value: object, notes: list[str]) -> Decimal:
    if isinstance(value, bool):
        raise CellError("a true/false value, not a number; allowed: a number, e.g. 1200000")
    if isinstance(value, int | float):
        return Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    text = str(value).strip()
    if _NUMBER.match(text):
        try:
            number = Decimal(text)
        except InvalidOperation:  # pragma: no cover - the pattern admits only valid numbers
            pass
        else:
            notes.append(f"the number '{text}' is stored as text; read as a number")
            return number
    raise CellError(
        f"'{text}' is text, not a number; allowed: digits only, no currency signs, thousands "
        "separators or units, e.g. 1200000"
    )


def _date(value: object, notes: list[str]) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip()
    if _ISO_DATE.match(text):
        try:
            parsed = date.fromisoformat(text)
        except ValueError:
            pass
        else:
            notes.append(f"the date '{text}' is stored as text; read as {parsed.isoformat()}")
            return parsed
    if isinstance(value, float | int):
        raise CellError(
            f"{_plain(value)} is a number, not a date; allowed: a date, e.g. 2025-03-31"
        )
    raise CellError(
        f"'{text}' is text, not a date; allowed: a date cell, or text as YYYY-MM-DD "
        "(e.g. 2025-03-31), which cannot be misread as day/month or month/day"
    )


def _datetime(value: object, notes: list[str]) -> datetime:
    if isinstance(value, datetime):
        return value
    if isinstance(value, date):
        return datetime.combine(value, time())
    text = str(value).strip()
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError as exc:
        raise CellError(
            f"'{text}' is not a date and time; allowed: a date cell or YYYY-MM-DDThh:mm:ss"
        ) from exc
    notes.append(f"the date and time '{text}' is stored as text")
    return parsed


_TRUE = {"true", "yes", "y", "1"}
_FALSE = {"false", "no", "n", "0"}


def _boolean(value: object) -> bool:
    if isinstance(value, bool):
        return value
    text = _plain(value).casefold()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise CellError(f"'{_plain(value)}' is not yes or no; allowed: TRUE, FALSE, yes, no")


_CHOICE_INDEX: dict[int, tuple[list[Choice], dict[str, Choice]]] = {}


def _choice_index(choices: list[Choice]) -> dict[str, Choice]:
    cached = _CHOICE_INDEX.get(id(choices))
    if cached is not None and cached[0] is choices:
        return cached[1]
    index: dict[str, Choice] = {}
    for choice in reversed(choices):
        for name in (choice.label, choice.iri, *choice.aliases):
            if name:
                index[name.casefold()] = choice
    _CHOICE_INDEX[id(choices)] = (choices, index)
    return index


def match_choice(value: object, choices: list[Choice]) -> Choice:
    """The choice whose label, code, IRI or local name is ``value`` (case ignored)."""
    found = _choice_index(choices).get(_plain(value).casefold())
    if found is not None:
        return found
    raise CellError(
        f"'{_plain(value)}' is not one of the allowed values; allowed: "
        + ", ".join(c.label for c in choices)
    )


def choice_term(choice: Choice) -> ox.NamedNode | ox.Literal:
    return choice.literal if choice.literal is not None else ox.NamedNode(choice.iri)

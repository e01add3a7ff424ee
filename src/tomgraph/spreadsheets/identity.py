"""Which IRI a row stands for, and what a Type cell may say: identity rules in one place.

The same row always imports to the same IRI: an ``ID`` cell wins (a full IRI, a known
prefixed name, or any text, minted under :data:`DATA_BASE`); without one, the IRI is minted
from the sheet and the row's name.
"""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import quote

from ..namespaces import PREFIXES
from .layout import Choice, Sheet

DATA_BASE = "https://w3id.org/tomgraph/data/"
"""Namespace of IRIs minted for rows that have no ID (or an ID that is not an IRI)."""


def slug(text: str) -> str:
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "row"


def expand_id(value: str, sheet: Sheet) -> str:
    """An ID cell as an IRI: a full IRI, a known prefixed name, or minted in the sheet."""
    value = value.strip()
    if re.match(r"^[a-z][a-z0-9+.-]*://", value, re.I) or value.startswith("urn:"):
        return value
    prefix, _, local = value.partition(":")
    if local and prefix in PREFIXES:
        return PREFIXES[prefix] + local
    return f"{DATA_BASE}{slug(sheet.name)}/{quote(value, safe='')}"


def id_text(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def column_sheet(names: set[str]) -> Sheet:
    """A stand-in sheet for expanding a prefixed name or IRI (which needs no sheet)."""
    return Sheet(name=next(iter(sorted(names)), "row"), cls="")


_CLASSES: dict[int, tuple[Sheet, frozenset[str]]] = {}


def sheet_classes(sheet: Sheet) -> frozenset[str]:
    cached = _CLASSES.get(id(sheet))
    if cached is None or cached[0] is not sheet:
        cached = _CLASSES[id(sheet)] = (sheet, frozenset(sheet.classes))
    return cached[1]


_TYPES: dict[int, tuple[Sheet, list[Choice]]] = {}


def sheet_types(sheet: Sheet) -> list[Choice]:
    """What a Type cell may say: the sheet's own class (by its name) or a subclass."""
    cached = _TYPES.get(id(sheet))
    if cached is None or cached[0] is not sheet:
        own = Choice(sheet.cls, sheet.name, (sheet.cls.rsplit("#", 1)[-1],))
        cached = _TYPES[id(sheet)] = (sheet, [*sheet.types, own])
    return cached[1]

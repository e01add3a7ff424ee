"""Where the model's facts come from: stated in a cited source, or illustrative.

A resource carries ``tom:provenance`` (``tom:Stated`` with a ``dcterms:source`` section of a
decision document, or ``tom:Illustrative``); a stated resource may list properties whose
values are illustrative nonetheless (``tom:illustrativeProperty``). Pages show this as a
badge, and query results can be cut down to stated facts, so an invented figure is never
mistaken for a decision's.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pyoxigraph as ox

from .namespaces import TOM, shorten
from .sparql import internal_query
from .store import SelectResult, Store
from .store.base import term_value

STATED = TOM + "Stated"
ILLUSTRATIVE = TOM + "Illustrative"


@dataclass(frozen=True)
class Provenance:
    """One resource's provenance, ready to show: ``citation`` reads like "PCD 269 §2.1"."""

    kind: str  # "stated", "illustrative" or "unknown"
    source: str | None = None
    citation: str | None = None
    illustrative_properties: tuple[str, ...] = field(default=())

    @property
    def illustrative_names(self) -> list[str]:
        """The illustrative properties as ``prefix:name``."""
        return [shorten(p) for p in self.illustrative_properties]

    @property
    def badge(self) -> str:
        """The words of the badge a page shows."""
        if self.kind == "stated":
            return f"from {self.citation}" if self.citation else "stated in a source"
        if self.kind == "illustrative":
            return "illustrative"
        return "provenance not recorded"


def citation(reference: str | None, section: str | None) -> str | None:
    """``PCD 269 §2.1`` for a numbered section, ``PCD 269 recommendation`` for a named one."""
    if not reference:
        return section
    if not section:
        return reference
    if section[:1].isdigit():
        return f"{reference} §{section}"
    return f"{reference} {section[:1].lower()}{section[1:]}"


def provenance_of(store: Store, iri: str) -> Provenance | None:
    """The provenance ``iri`` records, or ``None`` when it records none."""
    result = store.query(internal_query("provenance-of"), bindings={"s": ox.NamedNode(iri)})
    assert isinstance(result, SelectResult)
    rows = [{k: term_value(v) for k, v in row.items()} for row in result.dicts()]
    if not rows:
        return None
    first = rows[0]
    kind = {STATED: "stated", ILLUSTRATIVE: "illustrative"}.get(first["kind"] or "", "unknown")
    properties = tuple(dict.fromkeys(
        str(r["illustrativeProperty"]) for r in rows if r.get("illustrativeProperty")
    ))
    return Provenance(
        kind=kind,
        source=first.get("source"),
        citation=citation(first.get("reference"), first.get("sectionNumber")),
        illustrative_properties=properties,
    )


def illustrative_iris(store: Store) -> frozenset[str]:
    """Every resource marked illustrative."""
    result = store.query(internal_query("illustrative-resources"))
    assert isinstance(result, SelectResult)
    return frozenset(str(term_value(row[0])) for row in result if row[0] is not None)


def stated_only(result: SelectResult, store: Store) -> SelectResult:
    """``result`` without the rows that mention an illustrative resource.

    Works on any query's answer, named or typed in. It judges resources, not single values: a
    stated resource's illustrative properties (its page lists them) are not told apart.
    """
    invented = illustrative_iris(store)
    if not invented:
        return result
    kept = [
        row for row in result
        if not any(isinstance(t, ox.NamedNode) and t.value in invented for t in row)
    ]
    return SelectResult(result.variables, kept)

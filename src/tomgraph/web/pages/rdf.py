"""RDF terms as pages show them: labels looked up in one query, links to resource pages."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import pyoxigraph as ox
from flask import url_for

from ...labels import display
from ...labels import lookup as labels_lookup
from ...namespaces import PREFIXES, XSD, shorten
from ...sparql import internal_query
from ...store import SelectResult, Store, Term
from ...store.base import Bindings, term_value
from .. import querying  # a module: web.endpoint imports the pages too

PLAIN_DATATYPES = {XSD + t for t in ("string", "integer", "decimal", "double", "boolean", "date")}
"""Datatypes whose values read plainly without their type beside them."""


@dataclass(frozen=True)
class TermView:
    """One RDF term ready to display: ``href`` is set for IRIs (their resource page)."""

    text: str
    kind: str  # "iri", "literal" or "bnode"
    iri: str | None = None
    href: str | None = None
    detail: str | None = None  # the prefixed IRI, a datatype or a language tag
    label: str | None = None
    inferred: bool = False  # concluded by the OWL reasoner, not asserted in the model

    @property
    def is_iri(self) -> bool:
        return self.kind == "iri"


def select(store: Store, name: str, bindings: Bindings | None = None) -> SelectResult:
    """Run the internal query ``NAME.rq`` (a SELECT) with ``bindings`` (a term, or a sequence
    of terms to try each of, per variable)."""
    table = querying.run_table(internal_query(name), visitor=False, bindings=bindings, store=store)
    assert table.boolean is None and not table.graph, name
    return SelectResult(table.variables, table.rows)


def rows(
    store: Store, name: str, bindings: Mapping[str, Term] | None = None
) -> list[dict[str, Any]]:
    """Solutions of ``NAME.rq`` as dicts of lexical values (``None`` for unbound)."""
    result = select(store, name, bindings)
    names = result.variables
    return [{n: term_value(t) for n, t in zip(names, row, strict=True)} for row in result]


def label_map(store: Store, iris: Iterable[str]) -> dict[str, str]:
    """IRI → label for those of ``iris`` that have one, as :mod:`tomgraph.labels` chooses."""
    return labels_lookup(store, iris)


def resource_href(iri: str) -> str:
    return url_for("pages.resources.resource", iri=iri)


def iri_view(iri: str, labels: Mapping[str, str]) -> TermView:
    short = shorten(iri, PREFIXES)
    label = labels.get(iri)
    return TermView(
        text=display(iri, labels), kind="iri", iri=iri, href=resource_href(iri), detail=short,
        label=label,
    )


def term_view(term: Term | None, labels: Mapping[str, str]) -> TermView | None:
    """A term for display; IRIs take their label from ``labels`` when it has one."""
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return iri_view(term.value, labels)
    if isinstance(term, ox.BlankNode):
        return TermView(text=f"_:{term.value}", kind="bnode")
    if isinstance(term, ox.Literal):
        detail = None
        if term.language:
            detail = f"@{term.language}"
        elif term.datatype.value not in PLAIN_DATATYPES:
            detail = shorten(term.datatype.value, PREFIXES)
        return TermView(text=term.value, kind="literal", detail=detail)
    return TermView(text=str(term), kind="literal")


def iris_in(terms: Iterable[Term | None]) -> set[str]:
    """The IRIs among ``terms``."""
    return {t.value for t in terms if isinstance(t, ox.NamedNode)}

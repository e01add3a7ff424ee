"""Ontology: the classes and properties of the ontology graph with their documentation."""

from __future__ import annotations

from dataclasses import dataclass, field

from flask import Blueprint, render_template

from ..current import get_store
from .rdf import TermView, iri_view, label_map, rows

bp = Blueprint("ontology", __name__)

KINDS = {
    "class": "Classes",
    "object property": "Object properties",
    "datatype property": "Datatype properties",
    "annotation property": "Annotation properties",
}


@dataclass
class TermDoc:
    term: TermView
    anchor: str
    comment: str | None
    supers: list[TermView] = field(default_factory=list)
    domains: list[TermView] = field(default_factory=list)
    ranges: list[TermView] = field(default_factory=list)
    archimate: str | None = None


@dataclass
class OntologySection:
    kind: str
    title: str
    terms: list[TermDoc]


@dataclass
class OntologyPage:
    sections: list[OntologySection]


@bp.route("/ontology")
def index() -> str:
    store = get_store()
    found = rows(store, "page-ontology")
    iris = {r[k] for r in found for k in ("term", "super", "domain", "range") if r[k]}
    labels = label_map(store, iris)
    docs: dict[tuple[str, str], TermDoc] = {}
    for r in found:
        key = (r["kind"], r["term"])
        doc = docs.get(key)
        if doc is None:
            term = iri_view(r["term"], labels)
            doc = docs[key] = TermDoc(term, _anchor(term.detail or r["term"]), r["comment"],
                                      archimate=r["archimate"])
        for attr in ("super", "domain", "range"):
            if r[attr]:
                target: list[TermView] = getattr(doc, attr + "s")
                view = iri_view(r[attr], labels)
                if view not in target:
                    target.append(view)
    sections = [
        OntologySection(
            kind, title,
            sorted((d for (k, _), d in docs.items() if k == kind),
                   key=lambda d: d.term.text.lower()),
        )
        for kind, title in KINDS.items()
    ]
    return render_template("ontology.html", page=OntologyPage([s for s in sections if s.terms]))


def _anchor(name: str) -> str:
    """An HTML id from a prefixed name or an ``<iri>`` (its brackets are dropped)."""
    return "".join(c if c.isalnum() else "-" for c in name).strip("-")

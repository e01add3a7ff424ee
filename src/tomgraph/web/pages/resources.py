"""Resource pages: any IRI's label, types, statements, incoming links and findings.

The same URL answers ``text/turtle`` or ``application/ld+json`` with the resource's own
statements when a client asks for RDF by ``Accept`` (or ``?format=ttl|jsonld``).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import pyoxigraph as ox
from flask import Blueprint, Response, abort, current_app, render_template, request, url_for

from ...namespaces import DCTERMS, PREFIXES, RDF, RDFS, SKOS, TOM
from ...provenance import Provenance, provenance_of
from ...sparql import internal_query
from ...validation.validate import Finding
from .. import querying  # a module: web.endpoint imports the pages too
from ..current import get_store
from .paging import Paging, page_number
from .rdf import TermView, iri_view, iris_in, label_map, select, term_view
from .requested import requested_iri
from .validation_view import validation_state

bp = Blueprint("resources", __name__)

RDF_FORMATS = {
    "text/turtle": (ox.RdfFormat.TURTLE, "ttl"),
    "application/ld+json": (ox.RdfFormat.JSON_LD, "jsonld"),
}
BY_EXTENSION = {ext: mime for mime, (_, ext) in RDF_FORMATS.items()}
INCOMING_PAGE = 20
DESCRIPTIONS = (DCTERMS + "description", RDFS + "comment", SKOS + "definition")


@dataclass
class PropertyGroup:
    predicate: TermView
    values: list[TermView] = field(default_factory=list)


@dataclass
class IncomingGroup:
    predicate: TermView
    count: int
    subjects: list[TermView]
    paging: Paging


@dataclass
class ResourcePage:
    subject: TermView
    types: list[TermView]
    descriptions: list[str]
    outgoing: list[PropertyGroup]
    incoming: list[IncomingGroup]
    findings: list[Finding]
    score: int | None
    validation_notice: str | None
    provenance: Provenance | None = None
    decision_href: str | None = None  # the decision page, when this resource is a decision


@bp.route("/resource")
def resource() -> Response | str:
    node = requested_iri(missing="Say which resource: /resource?iri=…")
    wanted = _wanted_rdf_format()
    if wanted:
        return _rdf_response(node, wanted)
    page = _page(node)
    if page is None:
        return Response(render_template("resource_missing.html", iri=node.value), status=404)
    return render_template("resource.html", page=page)


def _wanted_rdf_format() -> str | None:
    ext = request.args.get("format")
    if ext:
        if ext not in BY_EXTENSION:
            abort(400, f"Unknown format {ext}: use one of {', '.join(BY_EXTENSION)}")
        return BY_EXTENSION[ext]
    best = request.accept_mimetypes.best_match(["text/html", *RDF_FORMATS])
    return best if best in RDF_FORMATS else None


def _rdf_response(node: ox.NamedNode, mime: str) -> Response:
    table = querying.run_table(internal_query("page-resource-describe"), visitor=False,
                      bindings={"s": node})
    triples = [ox.Triple(*row) for row in table.rows]  # type: ignore[arg-type]
    if not triples:
        abort(404, f"The graph has no statements about {node.value}.")
    format_, _ = RDF_FORMATS[mime]
    prefixes = PREFIXES if format_ == ox.RdfFormat.TURTLE else None
    body = ox.serialize(triples, format=format_, prefixes=prefixes)
    response = Response(body, mimetype=mime)
    response.headers["Vary"] = "Accept"
    return response


def _page(node: ox.NamedNode) -> ResourcePage | None:
    store = get_store()
    include_inferred = bool(current_app.config.get("INCLUDE_INFERRED", True))
    out = [
        row
        for row in select(store, "page-resource-out", {"s": node})
        if include_inferred or not _is_true(row[3])
    ]
    counts = [
        (p, int(n.value))
        for _, p, n in select(store, "page-resource-in-counts", {"o": node})
        if isinstance(p, ox.NamedNode) and isinstance(n, ox.Literal)
    ]
    if not out and not counts:
        return None
    selected = request.args.get("in")
    incoming_rows = {}
    for predicate, count in counts:
        args = (("iri", node.value), ("in", predicate.value))
        number = page_number(request.args, "inpage") if predicate.value == selected else 1
        paging = Paging(number, INCOMING_PAGE, count, args, param="inpage")
        query = internal_query("page-resource-in") + (
            f" LIMIT {paging.size} OFFSET {paging.offset}"
        )
        result = querying.run_table(query, visitor=False, bindings={"o": node, "p": predicate}).rows
        incoming_rows[predicate.value] = ([r[2] for r in result], paging)
    terms = [t for row in out for t in row[1:3]] + [p for p, _ in counts]
    terms += [s for subjects, _ in incoming_rows.values() for s in subjects]
    labels = label_map(store, iris_in(terms) | {node.value})
    groups: dict[str, PropertyGroup] = {}
    types: list[TermView] = []
    descriptions: list[str] = []
    for _, p, o, inferred in out:
        assert isinstance(p, ox.NamedNode)
        value = term_view(o, labels)
        if value is None:
            continue
        if _is_true(inferred):
            value = replace(value, inferred=True)
        if p.value == RDF + "type":
            types.append(value)
        elif p.value in DESCRIPTIONS:
            descriptions.append(value.text)
        elif p.value != RDFS + "label":
            group = groups.setdefault(p.value, PropertyGroup(iri_view(p.value, labels)))
            group.values.append(value)
    incoming = [
        IncomingGroup(
            iri_view(p.value, labels),
            count,
            [v for v in (term_view(s, labels) for s in incoming_rows[p.value][0]) if v],
            incoming_rows[p.value][1],
        )
        for p, count in counts
    ]
    validation = validation_state(store)
    summary = validation.summary
    score = summary.entity_scores.get(node.value) if summary else None
    decision_href = (
        url_for("pages.decisions.show", iri=node.value)
        if any(t.iri == TOM + "Decision" for t in types) else None
    )
    return ResourcePage(
        provenance=provenance_of(store, node.value),
        decision_href=decision_href,
        subject=iri_view(node.value, labels),
        types=types,
        descriptions=descriptions,
        outgoing=sorted(groups.values(), key=lambda g: g.predicate.text.lower()),
        incoming=incoming,
        findings=summary.by_focus.get(node.value, []) if summary else [],
        score=round(score * 100) if score is not None else None,
        validation_notice=validation.notice,
    )


def _is_true(term: object) -> bool:
    return isinstance(term, ox.Literal) and term.value == "true"

"""Search over labels and descriptions, with facets by type."""

from __future__ import annotations

from dataclasses import dataclass, field

import pyoxigraph as ox
from flask import Blueprint, render_template, request

from ...store.base import term_value
from ..current import get_store
from .paging import Paging, page_number
from .rdf import TermView, iri_view, label_map, select

bp = Blueprint("search", __name__)

PAGE_SIZE = 25
MIN_LENGTH = 2


@dataclass
class Hit:
    resource: TermView
    description: str | None
    types: list[TermView] = field(default_factory=list)


@dataclass(frozen=True)
class Facet:
    type: TermView
    count: int
    selected: bool
    href: str


@dataclass
class SearchPage:
    q: str
    type: str
    hits: list[Hit]
    facets: list[Facet]
    paging: Paging | None
    message: str | None


@bp.route("/search")
def index() -> str:
    q = request.args.get("q", "").strip()
    chosen = request.args.get("type", "")
    if len(q) < MIN_LENGTH:
        message = f"Type at least {MIN_LENGTH} characters." if q else None
        page = SearchPage(q, chosen, [], [], None, message)
        return render_template("search.html", page=page)
    store = get_store()
    result = select(store, "page-search", {"q": ox.Literal(q.lower())})
    found: dict[str, tuple[str | None, list[str]]] = {}
    for _, s, type_, description in result:
        iri = term_value(s)
        if iri is None:
            continue
        entry = found.setdefault(iri, (term_value(description), []))
        type_iri = term_value(type_)
        if type_iri and type_iri not in entry[1]:
            entry[1].append(type_iri)
    type_counts: dict[str, int] = {}
    for _, types in found.values():
        for t in types:
            type_counts[t] = type_counts.get(t, 0) + 1
    matching = [
        (iri, entry) for iri, entry in found.items() if not chosen or chosen in entry[1]
    ]
    labels = label_map(store, [*type_counts, *(iri for iri, _ in matching)])
    matching.sort(key=lambda item: (labels.get(item[0], item[0]).lower(), item[0]))
    paging = Paging(page_number(request.args), PAGE_SIZE, len(matching),
                    (("q", q), ("type", chosen)))
    shown = matching[paging.offset: paging.offset + PAGE_SIZE]
    hits = [
        Hit(iri_view(iri, labels), description, [iri_view(t, labels) for t in types])
        for iri, (description, types) in shown
    ]
    facets = [
        Facet(
            iri_view(t, labels), n, t == chosen,
            Paging(1, PAGE_SIZE, None, (("q", q), ("type", "" if t == chosen else t))).link(1),
        )
        for t, n in sorted(type_counts.items(), key=lambda kv: (-kv[1], kv[0]))
    ]
    message = None if matching else f"Nothing matches “{q}”."
    return render_template("search.html", page=SearchPage(q, chosen, hits, facets, paging, message))

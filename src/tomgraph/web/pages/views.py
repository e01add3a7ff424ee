"""ArchiMate views: the imported diagrams drawn as server-side SVG from their stored geometry.

Each node links to the resource page of the concept it shows. Exchange-file coordinates are
absolute (nested nodes too), so the SVG draws nodes outermost first at their stored place.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pyoxigraph as ox
from flask import Blueprint, abort, render_template, request, url_for

from ...archimate.vocabulary import AM
from ..current import get_store
from .rdf import resource_href, rows

bp = Blueprint("views", __name__)
DEFAULT_FILL = "#ffffcc"
MARGIN = 20


@dataclass
class NodeBox:
    iri: str
    x: int
    y: int
    w: int
    h: int
    text: str
    kind: str
    fill: str
    href: str | None
    depth: int = 0


@dataclass
class Line:
    points: str
    kind: str


@dataclass
class ViewPage:
    iri: str
    name: str
    nodes: list[NodeBox] = field(default_factory=list)
    lines: list[Line] = field(default_factory=list)
    width: int = 0
    height: int = 0


def _local(iri: str | None) -> str:
    return (iri or "").removeprefix(AM)


@bp.route("/views")
def index() -> str:
    views = [
        (r["view"], r["name"] or _local(r["view"]), url_for("views.view", iri=r["view"]))
        for r in rows(get_store(), "page-archimate-views")
    ]
    return render_template("views.html", views=views, page=None)


@bp.route("/views/view")
def view() -> str:
    iri = request.args.get("iri", "").strip()
    try:
        node = ox.NamedNode(iri)
    except ValueError:
        abort(400, f"Not an IRI: {iri}")
    store = get_store()
    names = {r["view"]: r["name"] for r in rows(store, "page-archimate-views")}
    if iri not in names:
        abort(404, f"No ArchiMate view {iri}")
    page = ViewPage(iri, names[iri] or iri)
    parents: dict[str, str | None] = {}
    for r in rows(store, "page-archimate-view-nodes", {"view": node}):
        parents[r["node"]] = r["parent"]
        ref = r["ref"]
        page.nodes.append(NodeBox(
            r["node"], int(r["x"]), int(r["y"]), int(r["w"]), int(r["h"]),
            r["refName"] or r["label"] or "", _local(r["refType"]) or r["nodeType"] or "",
            r["fill"] or (DEFAULT_FILL if ref else "#ffffff"),
            resource_href(ref) if ref else None,
        ))
    boxes = {b.iri: b for b in page.nodes}
    for b in page.nodes:
        p = parents.get(b.iri)
        while p:
            b.depth += 1
            p = parents.get(p)
    page.nodes.sort(key=lambda b: (b.depth, b.y, b.x))
    for r in rows(store, "page-archimate-view-connections", {"view": node}):
        a, z = boxes.get(r["source"]), boxes.get(r["target"])
        if a is None or z is None:
            continue  # a connection to a connection: not drawn
        points = [(a.x + a.w // 2, a.y + a.h // 2)]
        for pair in (r["bendpoints"] or "").split():
            x, _, y = pair.partition(",")
            points.append((int(x), int(y)))
        points.append((z.x + z.w // 2, z.y + z.h // 2))
        page.lines.append(Line(" ".join(f"{x},{y}" for x, y in points), _local(r["refType"])))
    page.width = max((b.x + b.w for b in page.nodes), default=0) + MARGIN
    page.height = max((b.y + b.h for b in page.nodes), default=0) + MARGIN
    return render_template("views.html", views=None, page=page)

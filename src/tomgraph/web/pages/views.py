"""ArchiMate views: the imported diagrams drawn as server-side SVG from their stored geometry.

Each node links to the resource page of the concept it shows. Exchange-file coordinates are
absolute (nested nodes too), so the SVG draws nodes outermost first at their stored place.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from flask import Blueprint, abort, render_template, url_for

from ...archimate.vocabulary import AM
from ...store import Store
from ..current import get_store
from .rdf import label_map, resource_href, rows
from .requested import requested_iri

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
    views = [(iri, name or _local(iri), url_for("views.view", iri=iri))
             for iri, name in _views(get_store())]
    return render_template("views.html", views=views, page=None)


def _views(store: Store) -> list[tuple[str, str | None]]:
    """(IRI, name) of every view, by position then name; names from the label policy."""
    found = rows(store, "page-archimate-views")
    names = label_map(store, [r["view"] for r in found])

    def where(r: dict[str, str | None]) -> tuple[bool, float, str]:
        try:
            position = float(r["position"] or "")
        except ValueError:
            return False, 0.0, names.get(str(r["view"])) or ""
        return True, position, names.get(str(r["view"])) or ""

    return [(str(r["view"]), names.get(str(r["view"]))) for r in sorted(found, key=where)]


@bp.route("/views/view")
def view() -> str:
    node = requested_iri()
    iri = node.value
    store = get_store()
    names = dict(_views(store))
    if iri not in names:
        abort(404, f"No ArchiMate view {iri}")
    page = ViewPage(iri, names[iri] or iri)
    found = rows(store, "page-archimate-view-nodes", {"view": node})
    concepts = label_map(store, [r["ref"] for r in found if r["ref"]])
    parents: dict[str, str | None] = {}
    for r in found:
        parents[r["node"]] = r["parent"]
        ref = r["ref"]
        page.nodes.append(NodeBox(
            r["node"], int(r["x"]), int(r["y"]), int(r["w"]), int(r["h"]),
            (concepts.get(ref) if ref else None) or r["label"] or "",
            _local(r["refType"]) or r["nodeType"] or "",
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

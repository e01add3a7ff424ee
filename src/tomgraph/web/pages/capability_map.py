"""Capability map: the hierarchy as nested boxes, coloured by a chosen metric, filterable."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urlencode

import pyoxigraph as ox
from flask import Blueprint, render_template, request, url_for
from markupsafe import Markup

from ...labels import display, predicates
from ...store import Store
from ..current import get_store
from .capmap_html import render_boxes
from .capmap_model import (
    METRICS,
    CapNode,
    Metric,
    build_tree,
    colour,
    nodes_from_rows,
    select_nodes,
)
from .rdf import label_map, rows, select
from .validation_view import validation_state

bp = Blueprint("capability_map", __name__)

OPEN_ALL_UP_TO = 600
"""Up to this many capabilities every box starts expanded; above it, level 2 starts folded."""


@dataclass(frozen=True)
class Choice:
    value: str
    label: str
    selected: bool


@dataclass
class CapabilityMapPage:
    boxes: Markup  # the nested boxes, escaped (see capmap_html)
    metric: Metric
    metrics: list[Choice]
    areas: list[Choice]
    models: list[Choice]
    legend: list[tuple[str, str, int]]  # bucket key, words, capabilities
    shown: int
    total: int
    notice: str | None
    expand_href: str
    collapse_href: str


@bp.route("/capabilities")
def index() -> str:
    return render_template("capability_map.html", page=build_page(get_store(), request.args))


def build_page(store: Store, args: Mapping[str, str]) -> CapabilityMapPage:
    """The map as ``args`` (metric, area, om, open) ask for it."""
    get = args.get
    metric = METRICS.get(get("metric") or "gap", METRICS["gap"])
    area, model = get("area") or "", get("om") or ""
    nodes = nodes_from_rows(select(store, "page-capability-map",
                                   {"labelPredicate": predicates()}))
    choices = [r for r in rows(store, "page-choices") if r["kind"] != "project"]
    labels = label_map(store, [str(r["s"]) for r in choices])
    total = len(nodes)
    included = _included(store, model) if model else None

    def keep(node: CapNode) -> bool:
        return (not area or node.area == area) and (included is None or node.iri in included)

    chosen = select_nodes(nodes, keep if (area or included is not None) else None)
    roots = build_tree(chosen)
    notice = None
    scores: Mapping[str, float] = {}
    worst: Mapping[str, str] = {}
    if metric.key in ("completeness", "severity"):
        state = validation_state(store)
        if state.summary is None:
            notice = state.notice
        else:
            scores, worst = state.summary.entity_scores, state.summary.worst
    counts = colour(roots, metric, scores, worst)
    open_all = get("open") == "all" or (len(chosen) <= OPEN_ALL_UP_TO and get("open") != "none")
    resource_base = url_for("pages.resources.resource") + "?iri="
    return CapabilityMapPage(
        boxes=render_boxes(roots, 3 if open_all else 1, resource_base),
        metric=metric,
        metrics=[Choice(m.key, m.title, m is metric) for m in METRICS.values()],
        areas=_choices(choices, labels, "area", area),
        models=_choices(choices, labels, "om", model),
        legend=[(b.key, b.label, counts.get(b.key, 0)) for b in metric.buckets],
        shown=len(chosen),
        total=total,
        notice=notice,
        expand_href=_with_open(args, "all"),
        collapse_href=_with_open(args, "none"),
    )


def _with_open(args: Mapping[str, str], value: str) -> str:
    kept = [(k, v) for k, v in args.items() if k != "open" and v]
    return "?" + urlencode([*kept, ("open", value)])


def _included(store: Store, model: str) -> set[str]:
    try:
        node = ox.NamedNode(model)
    except ValueError:
        return set()
    return {str(r["cap"]) for r in rows(store, "page-operating-model-capabilities", {"om": node})}


def _choices(
    choices: list[dict[str, str | None]], labels: Mapping[str, str], kind: str, current: str
) -> list[Choice]:
    """The ``kind`` rows of ``page-choices`` as options, by name."""
    found = [
        Choice(iri, display(iri, labels), iri == current)
        for iri in (str(r["s"]) for r in choices if r["kind"] == kind)
    ]
    return sorted(found, key=lambda c: (c.label.lower(), c.value))

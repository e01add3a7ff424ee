"""Validation dashboard: completeness scores as bars and findings filtered by GET parameters."""

from __future__ import annotations

from dataclasses import dataclass, field

from flask import Blueprint, render_template, request

from ...labels import display
from ...terms import iri_or_nt
from ...validation.validate import Finding
from ..current import get_store
from .charts import BarChart, bar_chart, score_tone
from .paging import Paging, page_number
from .rdf import label_map, resource_href, rows
from .validation_view import SEVERITIES, ValidationState, ValidationSummary, validation_state

bp = Blueprint("dashboard", __name__)

PAGE_SIZE = 50
CHARTS = (
    ("service area", "Completeness by service area"),
    ("operating model", "Completeness by operating model"),
    ("project", "Completeness by project"),
)
MAX_SHAPES = 15
"""The "by shape" chart shows the rules that fail most, at most this many."""


@dataclass(frozen=True)
class Option:
    value: str
    label: str
    selected: bool


@dataclass(kw_only=True)
class DashboardPage:
    """What the dashboard template shows; only ``validation`` is needed when it did not run."""

    validation: ValidationState
    programme: int | None = None
    counts: dict[str, int] = field(default_factory=dict)
    charts: list[BarChart] = field(default_factory=list)
    severities: list[Option] = field(default_factory=list)
    shapes: list[Option] = field(default_factory=list)
    projects: list[Option] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    paging: Paging | None = None
    filtered: bool = False


@bp.route("/validation")
def index() -> str:
    store = get_store()
    state = validation_state(store)
    summary = state.summary
    severity = request.args.get("severity", "")
    shape = request.args.get("shape", "")
    project = request.args.get("project", "")
    if summary is None:
        page = DashboardPage(validation=state)
        return render_template("dashboard.html", page=page)
    found = summary.findings
    if severity:
        found = [f for f in found if f.severity.label == severity]
    if shape:
        found = [f for f in found if f.shape_iri == shape]
    if project:
        found = [f for f in found if project in summary.projects(f)]
    args = tuple((k, v) for k, v in (("severity", severity), ("shape", shape),
                                       ("project", project)) if v)
    paging = Paging(page_number(request.args), PAGE_SIZE, len(found), args)
    shapes = sorted({(f.shape_iri, f.shape.name) for f in summary.findings if f.shape_iri},
                    key=lambda s: s[1].lower())
    project_iris = [str(r["s"]) for r in rows(store, "page-choices") if r["kind"] == "project"]
    names = label_map(store, project_iris)
    project_choices = sorted(((iri, display(iri, names)) for iri in project_iris),
                             key=lambda c: (c[1].lower(), c[0]))
    programme = summary.programme
    page = DashboardPage(
        validation=state,
        programme=round(programme * 100) if programme is not None else None,
        counts=summary.counts(),
        charts=_charts(summary),
        severities=[Option(s.label, s.label, s.label == severity) for s in SEVERITIES],
        shapes=[Option(iri, label, iri == shape) for iri, label in shapes],
        projects=[Option(iri, label, iri == project) for iri, label in project_choices],
        findings=found[paging.offset: paging.offset + PAGE_SIZE],
        paging=paging,
        filtered=bool(args),
    )
    return render_template("dashboard.html", page=page)


def _charts(summary: ValidationSummary) -> list[BarChart]:
    scores = summary.scores
    charts = [
        _chart(title, [(s.label, s.value or 0.0, s.iri) for s in scores[kind]],
               "Bars show the share of required design facts present (100% = complete).")
        for kind, title in CHARTS
        if scores.get(kind)
    ]
    failing = [b for b in summary.shapes if b.rate > 0]
    failing.sort(key=lambda b: -b.rate)
    if failing:
        charts.append(_chart(
            "Completeness by shape: the rules that fail most",
            [(b.shape.name, 1 - b.rate, iri_or_nt(b.shape.iri) or "")
             for b in failing[:MAX_SHAPES]],
            "Bars show the share of the entities each rule checks that pass it"
            + (f"; the {MAX_SHAPES} worst of {len(failing)} failing rules." if
               len(failing) > MAX_SHAPES else "."),
        ))
    return charts


def _chart(title: str, bars: list[tuple[str, float, str]], caption: str) -> BarChart:
    """A chart of (label, share passed, IRI) bars, each linking to its resource page."""
    return bar_chart(
        title,
        ((label, value, f"{round(value * 100)}%", resource_href(iri))
         for label, value, iri in bars),
        maximum=1.0,
        caption=caption,
        tone=score_tone,
    )

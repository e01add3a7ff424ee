"""Validation dashboard: completeness scores as bars and findings filtered by GET parameters."""

from __future__ import annotations

from dataclasses import dataclass

from flask import Blueprint, render_template, request

from ..current import get_store
from .charts import BarChart, bar_chart, score_tone
from .paging import Paging, page_number
from .rdf import resource_href, rows
from .validation_view import SEVERITIES, Finding, Score, ValidationState, validation_state

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


@dataclass
class DashboardPage:
    validation: ValidationState
    programme: int | None
    counts: dict[str, int]
    charts: list[BarChart]
    severities: list[Option]
    shapes: list[Option]
    projects: list[Option]
    findings: list[Finding]
    paging: Paging | None
    filtered: bool


@bp.route("/validation")
def index() -> str:
    store = get_store()
    state = validation_state(store)
    summary = state.summary
    severity = request.args.get("severity", "")
    shape = request.args.get("shape", "")
    project = request.args.get("project", "")
    if summary is None:
        page = DashboardPage(state, None, {}, [], [], [], [], [], None, False)
        return render_template("dashboard.html", page=page)
    found = summary.findings
    if severity:
        found = [f for f in found if f.severity == severity]
    if shape:
        found = [f for f in found if f.shape == shape]
    if project:
        found = [f for f in found if project in f.projects]
    args = tuple((k, v) for k, v in (("severity", severity), ("shape", shape),
                                       ("project", project)) if v)
    paging = Paging(page_number(request.args), PAGE_SIZE, len(found), args)
    shapes = sorted({(f.shape, f.shape_label) for f in summary.findings if f.shape},
                    key=lambda s: s[1].lower())
    project_choices = [
        (str(r["s"]), r["label"] or str(r["s"])) for r in rows(store, "page-choices")
        if r["kind"] == "project"
    ]
    programme = summary.programme
    page = DashboardPage(
        validation=state,
        programme=round(programme * 100) if programme is not None else None,
        counts=summary.counts(),
        charts=_charts(summary.scores),
        severities=[Option(s, s, s == severity) for s in SEVERITIES],
        shapes=[Option(iri, label, iri == shape) for iri, label in shapes],
        projects=[Option(iri, label, iri == project) for iri, label in project_choices],
        findings=found[paging.offset: paging.offset + PAGE_SIZE],
        paging=paging,
        filtered=bool(args),
    )
    return render_template("dashboard.html", page=page)


def _charts(scores: dict[str, list[Score]]) -> list[BarChart]:
    charts = [
        _chart(title, scores[kind],
               "Bars show the share of required design facts present (100% = complete).")
        for kind, title in CHARTS
        if scores.get(kind)
    ]
    failing = sorted((s for s in scores.get("shape", []) if s.value < 1), key=lambda s: s.value)
    if failing:
        charts.append(_chart(
            "Completeness by shape: the rules that fail most",
            failing[:MAX_SHAPES],
            "Bars show the share of the entities each rule checks that pass it"
            + (f"; the {MAX_SHAPES} worst of {len(failing)} failing rules." if
               len(failing) > MAX_SHAPES else "."),
        ))
    return charts


def _chart(title: str, scores: list[Score], caption: str) -> BarChart:
    return bar_chart(
        title,
        ((s.label, s.value, f"{s.percent}%", resource_href(s.iri)) for s in scores),
        maximum=1.0,
        caption=caption,
        tone=score_tone,
    )


"""The HTML report: one self-contained page a lead can email (inline CSS, no external assets).

Rendered with Jinja2 with autoescaping on, because labels and messages come from model data
that anyone can write.
"""

from __future__ import annotations

from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape

from .grouping import least_complete_first, percent, section_order, sections
from .results import Severity
from .validate import ValidationReport, paused_gc

_TEMPLATES = Path(__file__).with_name("templates")
_CSS = {Severity.VIOLATION: "violation", Severity.WARNING: "warning", Severity.INFO: "info"}


def _environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(str(_TEMPLATES)),
        autoescape=select_autoescape(["html"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals["percent"] = percent
    return env


def render_html(report: ValidationReport) -> str:
    s = report.scores
    groups = report.catalogue.groups
    title = report.label(report.programme) if report.programme else "the model"
    counts = [
        {"css": _CSS[sev], "count": n, "name": sev.name.lower() + ("" if n == 1 else "s")}
        for sev, n in report.counts.items()
    ]
    tables = [
        {"title": "Service areas", "column": "Service area", "counts": True,
         "rows": sorted(s.service_areas.values(), key=lambda r: r.label)},
        {"title": "Projects (least complete first)", "column": "Project", "counts": True,
         "rows": sorted(s.projects.values(), key=least_complete_first)},
        {"title": "Operating models", "column": "Operating model", "counts": True,
         "rows": sorted(s.operating_models.values(), key=lambda r: r.label)},
        {"title": "Sections", "column": "Section", "counts": False,
         "rows": sorted(s.groups.values(), key=lambda r: section_order(groups, r))},
    ]
    template = _environment().get_template("validation-report.html")
    with paused_gc():  # the page of a large model is hundreds of thousands of small objects
        return template.render(
            title=title,
            engine=report.engine,
            seconds=f"{report.seconds:.2f}",
            programme_score=percent(s.programme.value),
            conforms=report.conforms,
            counts=counts,
            sections=sections(report),
            tables=tables,
            failing=[b for b in s.by_shape if b.failed],
        )

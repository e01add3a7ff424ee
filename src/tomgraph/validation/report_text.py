"""The plain-text report: what a design lead reads in a terminal or a CI log.

Grouped by project and entity, labels rather than IRIs, each result with its severity, the
message and the fix, and the scores at the end.
"""

from __future__ import annotations

import textwrap

from .grouping import least_complete_first, percent, section_order, sections
from .results import Severity
from .scores import Score
from .validate import ValidationReport, paused_gc

WIDTH = 100
INDENT = " " * 15


def render_text(report: ValidationReport) -> str:
    """The whole report as text."""
    with paused_gc():
        lines = _header(report)
        append = lines.append
        heads: dict[tuple[Severity, str], str] = {}  # (severity, rule) → the first line
        bodies: dict[tuple[str, str], list[str]] = {}  # (message, fix) → its wrapped lines
        for section in sections(report):
            title = section.label
            if section.score is not None:
                title += f"  (project completeness {percent(section.score)})"
            lines += ["", f"== {title} ==", ""]
            for entity in section.entities:
                score = f"  {percent(entity.score)} complete" if entity.score is not None else ""
                append(f"  {entity.kind}: {entity.label}{score}")
                for f in entity.findings:
                    rule = (f.result.severity, f.shape.name)
                    head = heads.get(rule)
                    if head is None:
                        head = heads[rule] = f"    {rule[0].name:<9}  {rule[1]}"
                    value_label = f.value_label
                    if value_label and value_label != entity.label:
                        append(f"{head}  [{value_label}]")
                    else:
                        append(head)
                    said = (f.message, f.fix)
                    body = bodies.get(said)
                    if body is None:
                        body = bodies[said] = _wrapped(said[0]) + (
                            _wrapped("Fix: " + said[1]) if said[1] else []
                        )
                    lines += body
                append("")
        lines += _scores(report)
        return "\n".join(lines).rstrip() + "\n"


def _wrapped(text: str) -> list[str]:
    return textwrap.wrap(text, WIDTH, initial_indent=INDENT, subsequent_indent=INDENT + "  ")


def _header(report: ValidationReport) -> list[str]:
    counts = report.counts
    title = report.label(report.programme) if report.programme else "the model"
    summary = ", ".join(f"{n} {s.name.lower()}{'' if n == 1 else 's'}" for s, n in counts.items())
    verdict = "conforms: nothing to fix" if report.conforms else f"{len(report.findings)} results"
    return [
        f"Design completeness of {title}",
        f"{verdict} ({summary}); engine {report.engine}, {report.seconds:.2f} s",
        f"Programme completeness: {percent(report.scores.programme.value)}",
    ]


def _table(title: str, rows: list[Score], *, counts: bool = True) -> list[str]:
    if not rows:
        return []
    width = min(70, max(len(r.label) for r in rows))
    out = ["", title]
    for r in rows:
        n = f"  ({r.entities} entities)" if counts else ""
        out.append(f"  {r.label[:width]:<{width}}  {percent(r.value):>7}{n}")
    return out


def _scores(report: ValidationReport) -> list[str]:
    s = report.scores
    lines = ["", "-" * 40, "Completeness scores (share of required facts present, weighted)"]
    lines.append(f"  Programme: {percent(s.programme.value)} over {s.programme.entities} entities")
    lines += _table("Service areas", sorted(s.service_areas.values(), key=lambda r: r.label))
    lines += _table(
        "Projects (least complete first)",
        sorted(s.projects.values(), key=least_complete_first),
    )
    lines += _table("Operating models", sorted(s.operating_models.values(), key=lambda r: r.label))
    groups = report.catalogue.groups
    sections = sorted(s.groups.values(), key=lambda r: section_order(groups, r))
    lines += _table("Sections", sections, counts=False)
    failing = [b for b in s.by_shape if b.failed]
    if failing:
        lines += ["", "Rules that fail most (failed / checked)"]
        for b in failing:
            lines.append(
                f"  {b.shape.name[:50]:<50}  {b.shape.severity.name:<9}  "
                f"{b.failed}/{b.targeted}  ({b.rate * 100:.1f}%)"
            )
    return lines


def render_summary(report: ValidationReport) -> str:
    """The report's headline and scores without the findings: what an import prints after."""
    return "\n".join(_header(report) + _scores(report)).rstrip() + "\n"

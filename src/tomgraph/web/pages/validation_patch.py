"""A page summary brought up to date from the previous one, for a report that was itself
brought up to date after a change (``validation/incremental.py``).

Only the findings of the entities the change touched are converted again; the others are
kept as they were, in the order the report gives, so that a save costs what it changed and
not what the model holds.
"""

from __future__ import annotations

from ...validation import ValidationReport
from .validation_view import Finding, Score, ValidationSummary, _iri, _scores, summarise


def patched_summary(old: ValidationSummary | None, report: ValidationReport) -> ValidationSummary:
    """``old`` moved to ``report`` by the report's findings delta, or a fresh summary."""
    from ...validation.incremental import FindingsDelta

    delta = report.delta
    if old is None or not isinstance(delta, FindingsDelta) or delta.whole:
        return summarise(report)
    foci = {_iri(f) for f in delta.foci}
    member_of: dict[str, list[str]] = {}
    for group, members in report.memberships.get("project", {}).items():
        for member in members & delta.foci:
            member_of.setdefault(member, []).append(_iri(group))
    findings = list(old.findings)
    by_focus = dict(old.by_focus)  # copied whole (fast), then the changed entries dropped
    for focus in foci:
        by_focus.pop(focus, None)
    for at, f in delta.steps:
        if f is None:
            del findings[at]
            continue
        page = Finding(
            focus=_iri(f.focus), focus_label=f.focus_label,
            severity=f.severity.name.capitalize(), message=f.message,
            shape=_iri(f.shape.iri), shape_label=f.shape.name or report.label(f.shape.iri),
            path=_iri(f.result.result_path) if f.result.result_path else None,
            path_label=f.path_label, projects=tuple(member_of.get(f.focus, ())),
        )
        findings.insert(at, page)
        by_focus.setdefault(page.focus, []).append(page)
    worst = dict(old.worst)
    for focus in foci:
        worst.pop(focus, None)
    for focus in foci & by_focus.keys():
        worst[focus] = max(by_focus[focus], key=lambda f: f.rank).severity
    s = report.scores
    entity_scores = dict(old.entity_scores)
    for node in delta.foci:
        score = s.entities.get(node)
        if score is not None and score.value is not None:
            entity_scores[_iri(node)] = score.value
        else:
            entity_scores.pop(_iri(node), None)
    summary = ValidationSummary.__new__(ValidationSummary)
    summary.findings = findings
    summary.entity_scores = entity_scores
    summary.programme = s.programme.value
    summary.engine = report.engine
    summary.by_focus = by_focus
    summary.worst = worst
    summary.scores = {
        "service area": _scores(s.service_areas, report),
        "operating model": _scores(s.operating_models, report),
        "project": _scores(s.projects, report),
        "shape": _shape_scores(report),
    }
    return summary


def _shape_scores(report: ValidationReport) -> list[Score]:
    """Each check's pass rate, worst first, as ``summarise`` lists them."""
    return sorted(
        (Score(_iri(b.shape.iri), b.shape.name or report.label(b.shape.iri), 1 - b.rate)
         for b in report.scores.by_shape if b.targeted),
        key=lambda x: (x.value, x.label.lower()),
    )

"""A page summary brought up to date from the previous one, for a report that was itself
brought up to date after a change (``validation/incremental.py``).

Only what the changed entities own is arranged again (their findings by focus, their worst
severity, their projects and scores); the rest is kept as it was, so that a save costs what it
changed and not what the model holds.
"""

from __future__ import annotations

from ...terms import iri_or_nt
from ...validation import ValidationReport
from .validation_view import ValidationSummary, _scores, summarise


def patched_summary(old: ValidationSummary | None, report: ValidationReport) -> ValidationSummary:
    """``old`` moved to ``report`` by the report's findings delta, or a fresh summary."""
    from ...validation.incremental import FindingsDelta, finding_order

    delta = report.delta
    if old is None or not isinstance(delta, FindingsDelta) or delta.whole:
        return summarise(report)
    foci = {iri_or_nt(f) or f for f in delta.foci}
    by_focus = dict(old.by_focus)  # copied whole (fast), then the changed entries redone
    for focus in foci:
        by_focus.pop(focus, None)
    for _at, f in delta.steps:
        if f is not None and f.focus_iri in foci:
            by_focus.setdefault(f.focus_iri, []).append(f)
    for focus in foci & by_focus.keys():
        by_focus[focus].sort(key=finding_order)  # as the report lists them
    worst = dict(old.worst)
    for focus in foci:
        worst.pop(focus, None)
        found = by_focus.get(focus)
        if found:
            worst[focus] = max(f.severity for f in found).label
    projects_of = dict(old.projects_of)
    for node in delta.foci:
        projects_of.pop(node, None)
    for group, members in report.memberships.get("project", {}).items():
        for member in members & delta.foci:
            projects_of[member] = (*projects_of.get(member, ()), iri_or_nt(group) or group)
    s = report.scores
    entity_scores = dict(old.entity_scores)
    for node in delta.foci:
        score = s.entities.get(node)
        key = iri_or_nt(node) or node
        if score is not None and score.value is not None:
            entity_scores[score.iri] = score.value
        else:
            entity_scores.pop(key, None)
    summary = ValidationSummary.__new__(ValidationSummary)
    summary.findings = report.findings
    summary.entity_scores = entity_scores
    summary.scores = {
        "service area": _scores(s.service_areas),
        "operating model": _scores(s.operating_models),
        "project": _scores(s.projects),
    }
    summary.shapes = sorted(
        (b for b in s.by_shape if b.targeted), key=lambda b: (-b.rate, b.shape.name.lower())
    )
    summary.projects_of = projects_of
    summary.programme = s.programme.value
    summary.engine = report.engine
    summary.by_focus = by_focus
    summary.worst = worst
    return summary


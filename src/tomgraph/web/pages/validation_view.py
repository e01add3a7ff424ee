"""Validation findings and completeness scores for pages, computed once per app and store state.

Validation costs seconds on big models, so its outcome is kept in ``app.extensions`` and run
again only when the store's version changes (see ``web/store_version.py``). Pages read
:class:`ValidationState`: the validation model's own findings and scores arranged for them (by
focus IRI, by kind of score), or why there is nothing to show when validation could not run.
Nothing here re-declares what a finding, a score or a severity is.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import cast

from flask import current_app

from ...errors import TomgraphError
from ...store import Store
from ...terms import iri_or_nt
from ...validation import ValidationReport, validate
from ...validation.results import Severity
from ...validation.scores import Score, ShapeScore
from ...validation.validate import Finding, paused_gc
from ..store_version import changes_since, store_version
from .layered import Layered

CACHE_KEY = "tomgraph.pages.validation"
REPORT_KEY = "tomgraph.pages.validation.report"
EAGER_INDEX_RESULTS = 20_000
"""From this many results on, a full validation also builds the indexes saves patch
(``incremental.prepare``: seconds at 100k capabilities) instead of leaving them to the first
save; below it they cost the first save little, and every small test app nothing."""
SEVERITIES = tuple(sorted(Severity, reverse=True))
"""Severities, worst first."""


@dataclass
class ValidationSummary:
    """A report arranged for pages: findings by focus IRI, scores by kind, as the validation
    model (:class:`Finding`, :class:`Score`, :class:`Severity`) defines them."""

    findings: list[Finding]
    entity_scores: Mapping[str, float] = field(default_factory=dict)
    """Focus IRI → its completeness."""
    scores: dict[str, list[Score]] = field(default_factory=dict)
    """"service area", "operating model", "project" → their scores, by label."""
    shapes: list[ShapeScore] = field(default_factory=list)
    """The checks that target something, least passed first."""
    projects_of: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    """Focus node (as results key it) → the IRIs of the projects it belongs to."""
    programme: float | None = None
    engine: str = ""

    def __post_init__(self) -> None:
        by_focus: dict[str, list[Finding]] = {}
        for f in self.findings:
            by_focus.setdefault(f.focus_iri, []).append(f)
        self.by_focus: Mapping[str, list[Finding]] = by_focus
        self.worst: Mapping[str, str] = {
            focus: max(f.severity for f in found).label for focus, found in by_focus.items()
        }

    def counts(self) -> dict[str, int]:
        """Findings per severity name, worst first, every severity present."""
        out = {s.label: 0 for s in SEVERITIES}
        for f in self.findings:
            out[f.severity.label] += 1
        return out

    def projects(self, finding: Finding) -> tuple[str, ...]:
        return self.projects_of.get(finding.focus, ())


@dataclass(frozen=True)
class ValidationState:
    """What pages know about validation: a summary, or a notice saying why there is none."""

    summary: ValidationSummary | None
    notice: str | None = None


_lock = threading.Lock()


def validation_state(store: Store) -> ValidationState:
    """The cached validation of ``store``, recomputed when the store's version has changed."""
    extensions = current_app.extensions
    fingerprint = store_version(store)
    cached = extensions.get(CACHE_KEY)
    if cached is not None and cached[0] == fingerprint:
        return cached[1]  # type: ignore[no-any-return]
    with _lock:
        cached = extensions.get(CACHE_KEY)
        if cached is not None and cached[0] == fingerprint:
            return cached[1]  # type: ignore[no-any-return]
        try:
            report = _updated(store, fingerprint) or _validated(store)
            extensions[REPORT_KEY] = (fingerprint, report)
            previous = cached[1].summary if cached is not None else None
            state = ValidationState(patched_summary(previous, report))
        except TomgraphError as exc:
            state = ValidationState(None, f"Validation could not run: {exc}")
        extensions[CACHE_KEY] = (fingerprint, state)
        return state


def _validated(store: Store) -> ValidationReport:
    """A full validation (with the indexes saves patch, on a large model), whose report is
    then frozen out of cyclic garbage collection.

    The report holds millions of objects at 100k capabilities and lives until the next full
    validation; every later save patches it. Left to the collector, each of its passes over
    the oldest generation walked them all (about 0.1 s, once every save or two: as much as
    the save itself), only to find nothing, since results, findings and scores hold no
    cycles. So they are moved to the permanent generation (``gc.freeze``); the next full
    validation first moves everything back, so that what it replaces is collected as usual."""
    from ...validation.incremental import prepare

    gc.unfreeze()
    report = validate(store)
    if report.outcome is not None and len(report.outcome.results) >= EAGER_INDEX_RESULTS:
        prepare(store, report)
    gc.freeze()
    return report


def _updated(store: Store, fingerprint: tuple[int, int]) -> ValidationReport | None:
    """The last report brought up to date with the app's own changes since (only what they
    can affect is re-validated); ``None`` when a full validation is needed."""
    from ...changes import Changeset
    from ...validation.incremental import revalidate

    cached = current_app.extensions.get(REPORT_KEY)
    if cached is None:
        return None
    found = changes_since(cached[0], fingerprint)
    if found is None:
        return None
    report: ValidationReport = cached[1]
    changes = cast("list[Changeset]", found)
    if report.incremental is not None:
        return revalidate(store, report, changes)
    # The first save after a full validation builds the indexes later saves patch: frozen
    # with the report (see _validated) before the collector can walk them.
    with paused_gc():
        updated = revalidate(store, report, changes)
        gc.freeze()
    return updated


def summarise(report: ValidationReport) -> ValidationSummary:
    """What pages display of a validation report: its findings, scores by kind, projects."""
    projects_of: dict[str, tuple[str, ...]] = {}
    for group, members in report.memberships.get("project", {}).items():
        project = iri_or_nt(group) or group
        for member in members:
            projects_of[member] = (*projects_of.get(member, ()), project)
    s = report.scores
    scores = {
        "service area": _scores(s.service_areas),
        "operating model": _scores(s.operating_models),
        "project": _scores(s.projects),
    }
    shapes = sorted(
        (b for b in s.by_shape if b.targeted), key=lambda b: (-b.rate, b.shape.name.lower())
    )
    entity_scores = {
        score.iri: score.value for score in s.entities.values() if score.value is not None
    }
    return ValidationSummary(
        findings=report.findings, entity_scores=entity_scores, scores=scores, shapes=shapes,
        projects_of=projects_of, programme=s.programme.value, engine=report.engine,
    )


def _scores(table: dict[str, Score]) -> list[Score]:
    return sorted((s for s in table.values() if s.value is not None),
                  key=lambda x: x.label.lower())


def patched_summary(old: ValidationSummary | None, report: ValidationReport) -> ValidationSummary:
    """``old`` moved to ``report`` by the report's findings delta, or a fresh summary.

    For a report that was itself brought up to date after a change
    (``validation/incremental.py``), only what the changed entities own is arranged again
    (their findings by focus, worst severity, projects and scores); the rest is kept as it
    was, so that a save costs what it changed and not what the model holds."""
    from ...validation.incremental import FindingsDelta, finding_order

    delta = report.delta
    if old is None or not isinstance(delta, FindingsDelta) or delta.whole:
        return summarise(report)
    foci = {iri_or_nt(f) or f for f in delta.foci}
    found_by: dict[str, list[Finding]] = {}
    for _at, f in delta.steps:
        if f is not None and f.focus_iri in foci:
            found_by.setdefault(f.focus_iri, []).append(f)
    for found in found_by.values():
        found.sort(key=finding_order)  # as the report lists them
    by_focus = Layered(old.by_focus).with_changes({
        focus: found_by.get(focus) for focus in foci})
    worst = Layered(old.worst).with_changes({
        focus: max(f.severity for f in found_by[focus]).label if focus in found_by else None
        for focus in foci})
    projects: dict[str, tuple[str, ...] | None] = dict.fromkeys(delta.foci)
    for group, members in report.memberships.get("project", {}).items():
        for member in members & delta.foci:
            projects[member] = (*(projects[member] or ()), iri_or_nt(group) or group)
    projects_of = Layered(old.projects_of).with_changes(projects)
    s = report.scores
    entity: dict[str, float | None] = {}
    for node in delta.foci:
        score = s.entities.get(node)
        if score is not None and score.value is not None:
            entity[score.iri] = score.value
        else:
            entity[iri_or_nt(node) or node] = None
    entity_scores = Layered(old.entity_scores).with_changes(entity)
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


"""Validation findings and completeness scores for pages, computed once per app and store state.

Validation costs seconds on big models, so its outcome is kept in ``app.extensions`` and run
again only when the store's version changes (see ``web/store_version.py``). Pages never read the
validation report directly: they read :class:`ValidationState`, plain IRIs and labels, which
also says why there is nothing to show when validation could not run.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

from flask import current_app

from ...errors import TomgraphError
from ...store import Store
from ...validation import Score as ReportScore
from ...validation import ValidationReport, validate
from ..store_version import changes_since, store_version

CACHE_KEY = "tomgraph.pages.validation"
REPORT_KEY = "tomgraph.pages.validation.report"
SEVERITIES = ("Violation", "Warning", "Info")
"""Severity names, worst first."""
SEVERITY_RANK = {"Info": 1, "Warning": 2, "Violation": 3}


@dataclass(frozen=True)
class Finding:
    """One validation result, with labels for its IRIs."""

    focus: str
    focus_label: str
    severity: str  # "Violation", "Warning" or "Info"
    message: str
    shape: str
    shape_label: str
    path: str | None = None
    path_label: str | None = None
    projects: tuple[str, ...] = ()

    @property
    def rank(self) -> int:
        return SEVERITY_RANK.get(self.severity, 0)


@dataclass(frozen=True)
class Score:
    """A completeness score between 0 and 1 of something named."""

    iri: str
    label: str
    value: float

    @property
    def percent(self) -> int:
        return round(self.value * 100)


@dataclass
class ValidationSummary:
    findings: list[Finding]
    entity_scores: dict[str, float] = field(default_factory=dict)
    scores: dict[str, list[Score]] = field(default_factory=dict)
    programme: float | None = None
    engine: str = ""

    def __post_init__(self) -> None:
        self.by_focus: dict[str, list[Finding]] = {}
        for f in self.findings:
            self.by_focus.setdefault(f.focus, []).append(f)
        self.worst: dict[str, str] = {
            focus: max(found, key=lambda f: f.rank).severity
            for focus, found in self.by_focus.items()
        }

    def counts(self) -> dict[str, int]:
        out = dict.fromkeys(SEVERITIES, 0)
        for f in self.findings:
            out[f.severity] = out.get(f.severity, 0) + 1
        return out


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
            from .validation_patch import patched_summary

            report = _updated(store, fingerprint) or validate(store)
            extensions[REPORT_KEY] = (fingerprint, report)
            previous = cached[1].summary if cached is not None else None
            state = ValidationState(patched_summary(previous, report))
        except TomgraphError as exc:
            state = ValidationState(None, f"Validation could not run: {exc}")
        extensions[CACHE_KEY] = (fingerprint, state)
        return state


def _updated(store: Store, fingerprint: tuple[int, int]) -> ValidationReport | None:
    """The last report brought up to date with the app's own changes since (only what they
    can affect is re-validated); ``None`` when a full validation is needed."""
    from ...validation.incremental import revalidate

    cached = current_app.extensions.get(REPORT_KEY)
    if cached is None:
        return None
    changes = changes_since(cached[0], fingerprint)
    if changes is None:
        return None
    return revalidate(store, cached[1], changes)  # type: ignore[arg-type]


def summarise(report: ValidationReport) -> ValidationSummary:
    """What pages display of a validation report: findings, scores, labels, as plain IRIs."""
    member_of: dict[str, list[str]] = {}
    for group, members in report.memberships.get("project", {}).items():
        for member in members:
            member_of.setdefault(member, []).append(_iri(group))
    findings = [
        Finding(
            focus=_iri(f.focus),
            focus_label=f.focus_label,
            severity=f.severity.name.capitalize(),
            message=f.message,
            shape=_iri(f.shape.iri),
            shape_label=f.shape.name or report.label(f.shape.iri),
            path=_iri(f.result.result_path) if f.result.result_path else None,
            path_label=f.path_label,
            projects=tuple(member_of.get(f.focus, ())),
        )
        for f in report.findings
    ]
    s = report.scores
    scores = {
        "service area": _scores(s.service_areas, report),
        "operating model": _scores(s.operating_models, report),
        "project": _scores(s.projects, report),
        "shape": sorted(
            (Score(_iri(b.shape.iri), b.shape.name or report.label(b.shape.iri), 1 - b.rate)
             for b in s.by_shape if b.targeted),
            key=lambda x: (x.value, x.label.lower()),
        ),
    }
    entity_scores = {
        _iri(k): v.value for k, v in s.entities.items() if v.value is not None
    }
    return ValidationSummary(findings, entity_scores, scores, s.programme.value, report.engine)


def _scores(table: dict[str, ReportScore], report: ValidationReport) -> list[Score]:
    out = [
        Score(_iri(key), score.label or report.label(key), score.value)
        for key, score in table.items()
        if score.value is not None
    ]
    return sorted(out, key=lambda x: x.label.lower())


def _iri(node: str) -> str:
    """The IRI inside an N-Triples IRI (``<iri>``); other nodes are kept as they are."""
    return node[1:-1] if node.startswith("<") and node.endswith(">") else node

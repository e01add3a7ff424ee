"""Data and helpers the page tests share: names in the page-test model, a validation report
shaped like the validation package's, and a way to give an app a validation outcome."""

from __future__ import annotations

from pathlib import Path

from flask import Flask

from tomgraph.validation import Finding, Score, Scores, Severity, ShapeScore, ValidationReport
from tomgraph.validation.catalogue import Catalogue, ShapeInfo
from tomgraph.validation.labels import Labels
from tomgraph.validation.results import SH, ValidationResult
from tomgraph.web.pages.validation_view import CACHE_KEY, ValidationState, summarise
from tomgraph.web.store_version import store_version

HERE = Path(__file__).parent
T = "https://example.org/pages-test/"
SHAPES = "https://example.org/pages-test/shapes#"
HOSTILE = "<script>alert('x')</script> Chain of Custody"


def _score(key: str, required: float, missing: float) -> Score:
    return Score(f"<{key}>", required=required, missing=missing, entities=1)


def _finding(focus: str, label: str, severity: Severity, message: str, shape: str,
             path: str | None = None) -> Finding:
    result = ValidationResult(
        focus_node=f"<{focus}>", result_path=f"<{path}>" if path else None, severity=severity,
        source_shape=f"<{shape}>", constraint_component=SH + "MinCountConstraintComponent",
    )
    info = ShapeInfo(iri=f"<{shape}>", name=shape.rsplit("#", 1)[-1], message=message,
                     severity=severity)
    return Finding(result, info, focus_label=label, focus_kind="Capability",
                   path_label=path.rsplit("#", 1)[-1] if path else None)


def fake_report() -> ValidationReport:
    """A report shaped exactly like ``validate()``'s, with numbers chosen by hand."""
    owner = "https://w3id.org/tomgraph/ontology#owner"
    findings = [
        _finding(f"{T}cap-F-1-1-2", HOSTILE, Severity.VIOLATION, "A capability needs an owner.",
                 f"{SHAPES}CapabilityOwner", owner),
        _finding(f"{T}cap-F-1-1-1", "Exhibit Tracking", Severity.WARNING,
                 "A target capability should be delivered.", f"{SHAPES}CapabilityDelivered"),
        _finding(f"{T}proj-custody", "Custody Suite Modernisation", Severity.INFO,
                 "<b>Consider</b> naming a design lead.", f"{SHAPES}ProjectLead"),
    ]
    scores = Scores(
        entities={s.key: s for s in (_score(f"{T}cap-F-1-1-2", 2, 1),
                                     _score(f"{T}cap-F-1-1-1", 5, 1),
                                     _score(f"{T}cap-F-1", 1, 0))},
        projects={s.key: s for s in (_score(f"{T}proj-exhibits", 10, 1),
                                     _score(f"{T}proj-custody", 5, 2))},
        operating_models={s.key: s for s in (_score(f"{T}om-forensics-target", 4, 1),)},
        service_areas={s.key: s for s in (_score(f"{T}forensics", 10, 3),
                                          _score(f"{T}custody", 5, 2))},
        programme=Score("programme", required=50, missing=17),
        by_shape=[ShapeScore(findings[0].shape, targeted=2, failed=1)],
    )
    memberships = {"project": {
        f"<{T}proj-exhibits>": {f"<{T}proj-exhibits>", f"<{T}cap-F-1-1-1>"},
        f"<{T}proj-custody>": {f"<{T}proj-custody>", f"<{T}cap-C-1-1>"},
    }}
    return ValidationReport(
        findings=findings, scores=scores, engine="fake", seconds=0.0,
        catalogue=Catalogue({}, {}), labels=Labels(), memberships=memberships,
    )


def prime_validation(app: Flask, report: ValidationReport | None = None) -> None:
    """Give ``app`` a validation outcome without running an engine (``None``: unavailable)."""
    store = app.extensions["tomgraph"]
    if report is None:
        state = ValidationState(None, "Validation could not run: no shapes.")
    else:
        state = ValidationState(summarise(report))
    app.extensions[CACHE_KEY] = (store_version(store), state)

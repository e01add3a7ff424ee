"""The JSON report: a stable, documented shape for CI dashboards (see docs/validation.md).

``version`` changes only when a field is removed or changes meaning; new fields may appear in
any version. Lists are sorted so that two runs on the same model give the same document apart
from ``seconds``.
"""

from __future__ import annotations

import json
from typing import Any

from .grouping import section_order, sections
from .scores import Score
from .validate import ValidationReport

VERSION = 1


def iri(node: str | None) -> str | None:
    """An N-Triples IRI as a bare IRI; literals and blank nodes keep their N-Triples form."""
    if node is None:
        return None
    return node[1:-1] if node.startswith("<") and node.endswith(">") else node


def _ratio(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def _score(report: ValidationReport, s: Score) -> dict[str, Any]:
    return {
        "iri": iri(s.key),
        "label": s.label or report.label(s.key),
        "score": _ratio(s.value),
        "required": round(s.required, 4),
        "missing": round(s.missing, 4),
        "entities": s.entities,
    }


def _scores(report: ValidationReport, table: dict[str, Score]) -> list[dict[str, Any]]:
    return [_score(report, s) for s in sorted(table.values(), key=lambda s: (s.label, s.key))]


def report_dict(report: ValidationReport) -> dict[str, Any]:
    """The report as plain data (what :func:`render_json` serialises)."""
    projects_of: dict[str, list[str]] = {}
    for section in sections(report):
        if section.node is None:
            continue
        for entity in section.entities:
            projects_of.setdefault(entity.node, []).append(iri(section.node) or "")
    results = [
        {
            "severity": f.severity.name.lower(),
            "focusNode": iri(f.focus),
            "focusLabel": f.focus_label,
            "focusKind": f.focus_kind,
            "shape": f.shape.short,
            "shapeName": f.shape.name,
            "section": f.shape.group.label,
            "constraintComponent": iri(f.result.constraint_component),
            "path": iri(f.result.result_path),
            "pathLabel": f.path_label,
            "value": iri(f.result.value),
            "valueLabel": f.value_label,
            "message": f.message,
            "fix": f.fix or None,
            "projects": sorted(projects_of.get(f.focus, [])),
        }
        for f in report.findings
    ]
    s = report.scores
    groups = report.catalogue.groups
    programme = _score(report, s.programme)
    programme["iri"] = iri(report.programme)
    programme["label"] = report.label(report.programme) if report.programme else "programme"
    return {
        "version": VERSION,
        "engine": report.engine,
        "seconds": round(report.seconds, 3),
        "conforms": report.conforms,
        "counts": {sev.name.lower(): n for sev, n in report.counts.items()},
        "results": results,
        "scores": {
            "programme": programme,
            "serviceAreas": _scores(report, s.service_areas),
            "projects": _scores(report, s.projects),
            "operatingModels": _scores(report, s.operating_models),
            "sections": [
                {**_score(report, g), "order": groups[g.key].order if g.key in groups else None}
                for g in sorted(s.groups.values(), key=lambda g: section_order(groups, g))
            ],
            "byShape": [
                {
                    "shape": b.shape.short,
                    "name": b.shape.name,
                    "severity": b.shape.severity.name.lower(),
                    "section": b.shape.group.label,
                    "weight": b.shape.weight,
                    "targeted": b.targeted,
                    "failed": b.failed,
                    "rate": round(b.rate, 4),
                }
                for b in s.by_shape
            ],
            "entities": [
                _score(report, e)
                for e in sorted(s.entities.values(), key=lambda e: e.key)
                if e.missing > 0
            ],
        },
    }


def render_json(report: ValidationReport) -> str:
    return json.dumps(report_dict(report), indent=2, ensure_ascii=False) + "\n"

"""The JSON report: a stable, documented shape for CI dashboards (see docs/validation.md).

``version`` changes only when a field is removed or changes meaning; new fields may appear in
any version. Lists are sorted so that two runs on the same model give the same document apart
from ``seconds``.
"""

from __future__ import annotations

import json
from typing import Any

from ..terms import iri_or_nt as iri
from .catalogue import ShapeInfo
from .grouping import section_order
from .results import Severity
from .scores import Score
from .validate import ValidationReport, paused_gc

VERSION = 1


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


def _projects_of(report: ValidationReport) -> dict[str, list[str]]:
    """Focus node → the projects whose section lists it (see :func:`grouping.sections`),
    sorted: a project's section holds its members that have findings."""
    focused = {f.result.focus_node for f in report.findings}
    out: dict[str, list[str]] = {}
    for project, members in report.memberships.get("project", {}).items():
        name = iri(project) or ""
        for member in focused.intersection(members):
            out.setdefault(member, []).append(name)
    for names in out.values():
        names.sort()
    return out


def report_dict(report: ValidationReport) -> dict[str, Any]:
    """The report as plain data (what :func:`render_json` serialises)."""
    with paused_gc():
        return _report_dict(report, results=True)


def _report_dict(report: ValidationReport, *, results: bool) -> dict[str, Any]:
    projects_of = _projects_of(report) if results else {}
    short: dict[str, str] = {}
    rows = []
    for f in report.findings if results else ():
        info, r = f.shape, f.result
        shape = short.get(info.iri)
        if shape is None:
            shape = short[info.iri] = info.short
        rows.append({
            "severity": r.severity.name.lower(),
            "focusNode": iri(r.focus_node),
            "focusLabel": f.focus_label,
            "focusKind": f.focus_kind,
            "shape": shape,
            "shapeName": info.name,
            "section": info.group.label,
            "constraintComponent": iri(r.constraint_component),
            "path": iri(r.result_path),
            "pathLabel": f.path_label,
            "value": iri(r.value),
            "valueLabel": f.value_label,
            "message": f.message,
            "fix": f.fix or None,
            "projects": list(projects_of.get(r.focus_node, ())),
        })
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
        "results": rows,
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


_compact = json.JSONEncoder(ensure_ascii=False).encode
_text = json.encoder.encode_basestring  # type: ignore[attr-defined]  # a str as JSON, unescaped


def _js(value: str | None) -> str:
    return "null" if value is None else _text(value)


def render_json(report: ValidationReport) -> str:
    """:func:`report_dict` as JSON: pretty-printed with two-space indents, except that each
    element of the long lists (``results``, ``scores.entities``) is written on one line."""
    with paused_gc():
        data = _report_dict(report, results=False)
        entities = data["scores"]["entities"]
        data["results"] = _RESULTS
        data["scores"]["entities"] = _ENTITIES
        text = json.dumps(data, indent=2, ensure_ascii=False)
        # Keys and values are found with their quotes: inside a JSON string every quote is
        # escaped, so ``"key": "placeholder"`` cannot be part of any string the model wrote.
        results_at = text.index(_RESULTS_VALUE)
        entities_at = text.index(_ENTITIES_VALUE)
        assert results_at < entities_at
        parts = [text[:results_at], '"results": ']
        _add_list(parts, _result_lines(report), 4)
        parts.append(text[results_at + len(_RESULTS_VALUE):entities_at])
        parts.append('"entities": ')
        _add_list(parts, [_compact(e) for e in entities], 6)
        parts.append(text[entities_at + len(_ENTITIES_VALUE):])
        parts.append("\n")
        return "".join(parts)


_RESULTS, _ENTITIES = "\x00results\x00", "\x00entities\x00"
"""Placeholders for the long lists while the rest of the document is pretty-printed."""
_RESULTS_VALUE = '"results": ' + _text(_RESULTS)
_ENTITIES_VALUE = '"entities": ' + _text(_ENTITIES)


def _add_list(parts: list[str], lines: list[str], indent: int) -> None:
    """Append a JSON list of the encoded ``lines``, one element per line, to ``parts``."""
    if not lines:
        parts.append("[]")
        return
    pad = " " * indent
    parts += ("[\n", pad, (",\n" + pad).join(lines), "\n", pad[:-2], "]")


def _result_lines(report: ValidationReport) -> list[str]:
    """Each finding as :func:`report_dict` gives it, encoded on one line.

    Written for hundreds of thousands of findings: a line is joined from pieces encoded once
    per severity, focus node, shape, path, value and message (each cached piece remembers
    what it was made from, and is made again when a finding differs).
    """
    projects_of = _projects_of(report)
    heads: dict[Severity, str] = {}
    focuses: dict[str, tuple[str, str, str, str]] = {}
    shapes: dict[str, tuple[ShapeInfo, str, str]] = {}
    paths: dict[str | None, tuple[str | None, str]] = {}
    values: dict[str | None, tuple[str | None, str]] = {}
    messages: dict[str, tuple[str, str]] = {}
    lines: list[str] = []
    append = lines.append
    for f in report.findings:
        r, info = f.result, f.shape
        severity, node = r.severity, r.focus_node
        head = heads.get(severity)
        if head is None:
            head = heads[severity] = (
                '{"severity": ' + _text(severity.name.lower()) + ', "focusNode": '
            )
        label, kind = f.focus_label, f.focus_kind
        cached = focuses.get(node)
        if cached is None or cached[0] != label or cached[1] != kind:
            names = projects_of.get(node)
            cached = focuses[node] = (label, kind, (
                f"{_js(iri(node))}, \"focusLabel\": {_text(label)}, "
                f"\"focusKind\": {_text(kind)}, \"shape\": "
            ), "[" + ", ".join(map(_text, names)) + "]}" if names else "[]}")
        focus, projects = cached[2], cached[3]
        component = r.constraint_component
        known = shapes.get(info.iri)
        if known is None or known[0] is not info or known[1] != component:
            known = shapes[info.iri] = (info, component, (
                f"{_text(info.short)}, \"shapeName\": {_text(info.name)}, "
                f"\"section\": {_text(info.group.label)}, "
                f"\"constraintComponent\": {_js(iri(component))}, \"path\": "
            ))
        path, path_label = r.result_path, f.path_label
        seen = paths.get(path)
        if seen is None or seen[0] != path_label:
            seen = paths[path] = (path_label, (
                f"{_js(iri(path))}, \"pathLabel\": {_js(path_label)}, \"value\": "
            ))
        value, value_label = r.value, f.value_label
        met = values.get(value)
        if met is None or met[0] != value_label:
            met = values[value] = (value_label, (
                f"{_js(iri(value))}, \"valueLabel\": {_js(value_label)}, \"message\": "
            ))
        message, fix = f.message, f.fix
        said = messages.get(message)
        if said is None or said[0] != fix:
            said = messages[message] = (fix, (
                f"{_text(message)}, \"fix\": {_js(fix or None)}, \"projects\": "
            ))
        append(head + focus + known[2] + seen[1] + met[1] + said[1] + projects)
    return lines

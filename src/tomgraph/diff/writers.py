"""A model diff as text, JSON (documented in docs/diff.md), self-contained HTML or Turtle."""

from __future__ import annotations

import html
import json
from collections import defaultdict
from typing import Any

import pyoxigraph as ox

from ..namespaces import PREFIXES, RDF, TOM
from .compute import EntityChange, ModelDiff
from .delta import ValidationDelta

JSON_VERSION = 1
DIFF_FORMATS = ("text", "json", "html", "turtle")
NO_PROJECT = "Programme-wide (no project)"


def _percent(value: float | None) -> str:
    return "–" if value is None else f"{value * 100:.1f}%"


def _groups(diff: ModelDiff) -> dict[str, dict[str, list[EntityChange]]]:
    """Project label → kind → entity changes, in reading order."""
    groups: dict[str, dict[str, list[EntityChange]]] = defaultdict(lambda: defaultdict(list))
    for e in diff.entities:
        project = e.projects[0][1] if e.projects else NO_PROJECT
        groups[project][e.kind_label].append(e)
    return groups


def counts(diff: ModelDiff) -> dict[str, int]:
    by_status = {"added": 0, "removed": 0, "changed": 0}
    for e in diff.entities:
        by_status[e.status] += 1
    return by_status


def to_text(diff: ModelDiff) -> str:
    if not diff.changed:
        return "No change.\n"
    c = counts(diff)
    lines = [f"{len(diff.entities)} entities changed ({c['added']} added, {c['removed']} "
             f"removed, {c['changed']} changed); {len(diff.added)} triples added, "
             f"{len(diff.removed)} removed", ""]
    for project, kinds in _groups(diff).items():
        lines.append(project)
        for entities in kinds.values():
            lines += [f"  {e.sentence()}" for e in entities]
        lines.append("")
    if isinstance(diff.delta, ValidationDelta):
        lines += _delta_text(diff.delta)
    return "\n".join(lines).rstrip("\n") + "\n"


def _delta_text(delta: ValidationDelta) -> list[str]:
    lines = [f"Validation: {len(delta.fixed)} findings fixed, {len(delta.new)} new"]
    for f in delta.fixed:
        lines.append(f"  fixed  {f.severity:<9} {f.shape_name}: {f.focus_label}")
    for f in delta.new:
        lines.append(f"  new    {f.severity:<9} {f.shape_name}: {f.focus_label}")
    if delta.programme:
        lines.append(f"Programme completeness {_percent(delta.programme.before)} → "
                     f"{_percent(delta.programme.after)}")
    for p in delta.projects:
        lines.append(f"  {p.label}: {_percent(p.before)} → {_percent(p.after)}")
    return lines


def to_json(diff: ModelDiff) -> str:
    doc: dict[str, Any] = {
        "version": JSON_VERSION,
        "changed": diff.changed,
        "triples": {"added": len(diff.added), "removed": len(diff.removed)},
        "entities": [_entity_json(e) for e in diff.entities],
    }
    if isinstance(diff.delta, ValidationDelta):
        d = diff.delta
        doc["validation"] = {
            "fixed": [vars(f) for f in d.fixed],
            "new": [vars(f) for f in d.new],
            "programme": {"before": d.programme.before, "after": d.programme.after}
            if d.programme else None,
            "projects": [vars(p) for p in d.projects],
        }
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"


def _entity_json(e: EntityChange) -> dict[str, Any]:
    return {
        "iri": e.iri, "label": e.label, "kind": e.kind, "kindLabel": e.kind_label,
        "status": e.status, "sentence": e.sentence(), "placed": e.placed,
        "projects": [{"iri": iri, "label": label} for iri, label in e.projects],
        "changes": [{"property": c.property, "label": c.property_label, "change": c.change,
                     "old": list(c.old), "new": list(c.new)} for c in e.changes],
    }


def to_html(diff: ModelDiff) -> str:
    esc = html.escape
    parts = ["<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">",
             "<title>Model changes</title><style>body{font-family:system-ui,sans-serif;"
             "max-width:60rem;margin:2rem auto;padding:0 1rem;color:#1f2933}"
             ".added{color:#14532d}.removed{color:#7f1d1d}.changed{color:#1e3a8a}"
             "li{margin:.2rem 0}h2{border-bottom:1px solid #ccd}</style></head><body>",
             "<h1>Model changes</h1>"]
    if not diff.changed:
        parts.append("<p>No change.</p>")
    else:
        c = counts(diff)
        parts.append(f"<p>{len(diff.entities)} entities changed ({c['added']} added, "
                     f"{c['removed']} removed, {c['changed']} changed); {len(diff.added)} "
                     f"triples added, {len(diff.removed)} removed.</p>")
        for project, kinds in _groups(diff).items():
            parts.append(f"<h2>{esc(project)}</h2><ul>")
            for entities in kinds.values():
                for e in entities:
                    parts.append(f"<li class=\"{esc(e.status)}\">{esc(e.sentence())}</li>")
            parts.append("</ul>")
        if isinstance(diff.delta, ValidationDelta):
            parts.append("<h2>Validation</h2><ul>")
            parts += [f"<li>{esc(line.strip())}</li>" for line in _delta_text(diff.delta)]
            parts.append("</ul>")
    parts.append("</body></html>\n")
    return "".join(parts)


def to_turtle(diff: ModelDiff) -> str:
    """The changed triples as reified statements, each marked added or removed."""
    rdf = RDF
    lines = [f"@prefix {p}: <{ns}> ." for p, ns in sorted(PREFIXES.items())] + [""]
    node = 0
    for change, triples in (("added", diff.added), ("removed", diff.removed)):
        for t in triples:
            node += 1
            lines.append(
                f"_:c{node} a <{rdf}Statement> ; <{rdf}subject> {t.subject} ; "
                f"<{rdf}predicate> {t.predicate} ; <{rdf}object> {t.object} ; "
                f"<{TOM}change> \"{change}\" ."
            )
    text = "\n".join(lines) + "\n"
    list(ox.parse(text.encode(), ox.RdfFormat.TURTLE))  # what we write must parse
    return text


WRITERS = {"text": to_text, "json": to_json, "html": to_html, "turtle": to_turtle}

"""Scores brought up to date for a few changed entities, without summing over every result.

Every figure :func:`.scores.compute_scores` produces is a sum of per-entity parts: what each
entity is required to carry and misses, per check and per section, and which groups it
belongs to. So a change to the results (or targets) of entities ``C`` moves each figure by
the difference between those entities' old and new parts; the rest is kept. Weights are
added and subtracted in the same amounts, so with the small whole-number weights shapes use
the figures equal a full computation exactly.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from .catalogue import Catalogue
from .labels import Labels
from .results import Severity, ValidationResult
from .scores import Score, Scores, ShapeScore, counts_against


@dataclass
class Part:
    """One entity's share of every figure."""

    required: float = 0.0
    missing: float = 0.0
    present: bool = False
    groups: dict[str, tuple[float, float]] = field(default_factory=dict)
    shapes: dict[str, tuple[int, int]] = field(default_factory=dict)
    """Check → (targeted, failed) counts this entity adds to "by shape"."""


def part(catalogue: Catalogue, node: str, results: Iterable[ValidationResult]) -> Part:
    """``node``'s share, mirroring :func:`compute_scores` term by term."""
    out = Part()
    hits: set[str] = set()
    failed: set[str] = set()
    for r in results:
        hits.add(r.source_shape)
        if counts_against(r):
            failed.add(r.source_shape)
    groups = out.groups
    for shape, nodes in catalogue.focus.items():
        targeted = node in nodes
        if targeted or shape in hits:
            out.shapes[shape] = (1, int(shape in hits))
        info = catalogue.shape(shape)
        if targeted and info.severity > Severity.INFO:
            out.required += info.weight
            out.present = True
            req, miss = groups.get(info.group.iri, (0.0, 0.0))
            groups[info.group.iri] = (req + info.weight, miss)
    for shape in hits - catalogue.focus.keys():
        out.shapes[shape] = (1, 1)
    for shape in failed:
        info = catalogue.shape(shape)
        key = info.group.iri
        req, miss = groups.get(key, (0.0, 0.0))
        predicted = info.severity > Severity.INFO and node in catalogue.focus.get(shape, ())
        if not predicted:
            out.required += info.weight
            out.present = True
            req += info.weight
        out.missing += info.weight
        groups[key] = (req, miss + info.weight)
    return out


def members_index(memberships: Mapping[str, Mapping[str, set[str]]]) -> dict[str, list[tuple[
        str, str]]]:
    """Member → (scope, group) pairs it belongs to."""
    out: dict[str, list[tuple[str, str]]] = {}
    for scope, groups in memberships.items():
        for group, members in groups.items():
            for member in members:
                out.setdefault(member, []).append((scope, group))
    return out


SCOPES = {"project": "projects", "operating-model": "operating_models",
          "service-area": "service_areas"}


def rescore(
    scores: Scores, catalogue: Catalogue, labels: Labels,
    old: Mapping[str, Part], new: Mapping[str, Part],
    members: Mapping[str, list[tuple[str, str]]], relabelled: set[str],
) -> Scores:
    """``scores`` moved from the ``old`` to the ``new`` parts. The (large) entity table is
    updated in place; the other tables are copied."""
    out = copy.copy(scores)
    out.groups = dict(scores.groups)
    out.programme = copy.copy(scores.programme)
    for name in SCOPES.values():
        setattr(out, name, dict(getattr(scores, name)))
    by_shape = {s.shape.iri: copy.copy(s) for s in scores.by_shape}
    gone = Part()
    for node in old.keys() | new.keys():
        before, after = old.get(node, gone), new.get(node, gone)
        _entity(out, node, before, after, labels)
        for key in before.groups.keys() | after.groups.keys():
            b, a = before.groups.get(key, (0.0, 0.0)), after.groups.get(key, (0.0, 0.0))
            if a == b:
                continue
            group = out.groups.get(key)
            group = copy.copy(group) if group is not None else Score(
                key, _group_label(catalogue, key))
            group.required += a[0] - b[0]
            group.missing += a[1] - b[1]
            out.groups[key] = group
        for shape in before.shapes.keys() | after.shapes.keys():
            b2, a2 = before.shapes.get(shape, (0, 0)), after.shapes.get(shape, (0, 0))
            if a2 == b2:
                continue
            entry = by_shape.get(shape)
            if entry is None:
                entry = by_shape[shape] = ShapeScore(catalogue.shape(shape), 0, 0)
            entry.targeted += a2[0] - b2[0]
            entry.failed += a2[1] - b2[1]
        for scope, group_node in members.get(node, ()):
            table = getattr(out, SCOPES.get(scope, ""), None)
            if table is None:
                continue
            score = table.get(group_node)
            score = copy.copy(score) if score is not None else Score(
                group_node, labels.label(group_node))
            score.required += after.required - before.required
            score.missing += after.missing - before.missing
            score.entities += int(after.present) - int(before.present)
            table[group_node] = score
    for node in relabelled:
        for table in (out.entities, out.projects, out.operating_models, out.service_areas):
            if node in table:
                table[node] = copy.copy(table[node])
                table[node].label = labels.label(node)
    out.by_shape = sorted((s for s in by_shape.values()
                           if s.failed or s.shape.iri in catalogue.focus),
                          key=lambda s: (-s.rate, -s.failed, s.shape.iri))
    return out


def _entity(out: Scores, node: str, before: Part, after: Part, labels: Labels) -> None:
    if before.present:
        out.programme.required -= before.required
        out.programme.missing -= before.missing
        out.programme.entities -= 1
        out.entities.pop(node, None)
    if after.present:
        out.programme.required += after.required
        out.programme.missing += after.missing
        out.programme.entities += 1
        out.entities[node] = Score(node, labels.label(node), after.required, after.missing, 1)


def _group_label(catalogue: Catalogue, key: str) -> str:
    for g in catalogue.groups.values():
        if g.iri == key:
            return g.label
    return key


def rescore_groups(
    scores: Scores, memberships: Mapping[str, Mapping[str, set[str]]],
    groups: Iterable[tuple[str, str]], labels: Labels,
) -> None:
    """Sum again the scores of groups whose members changed, from the entity scores."""
    entities = scores.entities
    for scope, group in groups:
        table = getattr(scores, SCOPES.get(scope, ""), None)
        if table is None:
            continue
        members = memberships.get(scope, {}).get(group)
        if members is None:
            table.pop(group, None)
            continue
        score = Score(group, labels.label(group))
        for member in members:
            entity = entities.get(member)
            if entity is not None:
                score.required += entity.required
                score.missing += entity.missing
                score.entities += 1
        table[group] = score

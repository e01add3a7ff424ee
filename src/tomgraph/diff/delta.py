"""The validation delta of a change: findings fixed, findings new, completeness before → after."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..store import Store
from ..terms import iri_or_nt
from ..validation import Finding, validate
from ..validation.scores import Score
from .sources import NEW_GRAPH, OLD_GRAPH


@dataclass(frozen=True)
class FindingChange:
    focus: str
    focus_label: str
    shape: str
    shape_name: str
    severity: str
    message: str


@dataclass(frozen=True)
class ScoreChange:
    key: str
    label: str
    before: float | None
    after: float | None


@dataclass
class ValidationDelta:
    fixed: list[FindingChange] = field(default_factory=list)
    new: list[FindingChange] = field(default_factory=list)
    programme: ScoreChange | None = None
    projects: list[ScoreChange] = field(default_factory=list)
    """Projects whose completeness changed (or that exist on one side only)."""


def _key(f: Finding) -> tuple[str, str, str | None, str | None]:
    r = f.result
    return (r.focus_node, r.source_shape, r.result_path, r.value)


def _change(f: Finding) -> FindingChange:
    return FindingChange(f.focus_iri, f.focus_label, f.shape_iri,
                         f.shape.name, f.severity.name.lower(), f.message)


def _value(score: Score | None) -> float | None:
    return score.value if score is not None else None


def validation_delta(store: Store) -> ValidationDelta:
    """Validate both versions and say what the change did to the findings and scores."""
    before = validate(store, model_graph=OLD_GRAPH)
    after = validate(store, model_graph=NEW_GRAPH)
    old_keys = {_key(f): f for f in before.findings}
    new_keys = {_key(f): f for f in after.findings}
    delta = ValidationDelta(
        fixed=[_change(f) for k, f in old_keys.items() if k not in new_keys],
        new=[_change(f) for k, f in new_keys.items() if k not in old_keys],
        programme=ScoreChange("programme", "programme", before.scores.programme.value,
                              after.scores.programme.value),
    )
    for key in sorted(set(before.scores.projects) | set(after.scores.projects)):
        b, a = before.scores.projects.get(key), after.scores.projects.get(key)
        if _value(b) != _value(a):
            label = (a or b).label if (a or b) else key  # type: ignore[union-attr]
            delta.projects.append(ScoreChange(iri_or_nt(key) or key, label, _value(b), _value(a)))
    return delta

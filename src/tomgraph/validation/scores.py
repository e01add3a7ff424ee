"""Completeness scores: the weighted share of required facts that are present.

A *check* is a shape with constraints of its own (a property shape, or a node shape carrying a
SHACL-SPARQL rule). For a focus node F:

* required(F) = sum of the weights of the checks of severity Violation or Warning that target F;
* missing(F)  = sum of the weights of those checks with at least one Violation or Warning
  result for F (a check that fails three times on F still counts once);
* score(F)    = 1 - missing(F) / required(F).

Info checks are advice: they never count, in the numerator or the denominator. Any group of
entities (a project and what it owns, an operating model and what it includes, a service
area, the whole programme) scores 1 - sum(missing) / sum(required) over its entities: the
mean of their scores weighted by how much each is required to carry. A section
(``sh:group``) scores the same way over the (entity, check) pairs of its checks. "By shape"
is the failure rate of each check: focus nodes with a result / focus nodes it targets.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from .catalogue import Catalogue, ShapeInfo
from .results import Severity, ValidationResult


@dataclass
class Score:
    """Required and missing weight for one entity or one group of entities."""

    key: str
    label: str = ""
    required: float = 0.0
    missing: float = 0.0
    entities: int = 0

    @property
    def value(self) -> float | None:
        """The share of required facts present (0..1); ``None`` when nothing is required."""
        if self.required <= 0:
            return None
        return 1.0 - self.missing / self.required

    def add(self, other: Score) -> None:
        self.required += other.required
        self.missing += other.missing
        self.entities += 1


@dataclass
class ShapeScore:
    """How often one check fails."""

    shape: ShapeInfo
    targeted: int
    failed: int

    @property
    def rate(self) -> float:
        """Failures per focus node targeted (0 when it targets nothing)."""
        return self.failed / self.targeted if self.targeted else 0.0


@dataclass
class Scores:
    """Every roll-up a report shows."""

    entities: dict[str, Score] = field(default_factory=dict)
    projects: dict[str, Score] = field(default_factory=dict)
    operating_models: dict[str, Score] = field(default_factory=dict)
    service_areas: dict[str, Score] = field(default_factory=dict)
    programme: Score = field(default_factory=lambda: Score("programme"))
    groups: dict[str, Score] = field(default_factory=dict)
    by_shape: list[ShapeScore] = field(default_factory=list)


def counts_against(result: ValidationResult) -> bool:
    """Violations and Warnings lower scores; Info results never do."""
    return result.severity >= Severity.WARNING


def compute_scores(
    catalogue: Catalogue,
    results: Iterable[ValidationResult],
    memberships: Mapping[str, Mapping[str, set[str]]] | None = None,
) -> Scores:
    """Scores for ``results`` of the checks in ``catalogue``.

    ``memberships`` maps a scope (``project``, ``operating-model``, ``service-area``) to
    group node → member focus nodes; members that no check targets are ignored.
    """
    failed: set[tuple[str, str]] = set()  # (focus, check) with a Violation or Warning
    failed_any: dict[str, set[str]] = {}  # check → focus nodes with any result
    for r in results:
        failed_any.setdefault(r.source_shape, set()).add(r.focus_node)
        if counts_against(r):
            failed.add((r.focus_node, r.source_shape))

    required: dict[str, float] = {}
    missing: dict[str, float] = {}
    group_required: dict[str, float] = {}
    group_missing: dict[str, float] = {}
    infos: dict[str, ShapeInfo] = {}
    for shape, nodes in catalogue.focus.items():
        info = infos[shape] = catalogue.shape(shape)
        if info.severity <= Severity.INFO or not nodes:
            continue
        weight, get = info.weight, required.get
        for node in nodes:
            required[node] = get(node, 0.0) + weight
        key = info.group.iri
        group_required[key] = group_required.get(key, 0.0) + weight * len(nodes)
    for node, shape in failed:
        info = infos.get(shape) or catalogue.shape(shape)
        key = info.group.iri
        counted = info.severity > Severity.INFO and node in catalogue.focus.get(shape, ())
        if not counted:  # a result the targets did not predict still counts against its entity
            required[node] = required.get(node, 0.0) + info.weight
            group_required[key] = group_required.get(key, 0.0) + info.weight
        missing[node] = missing.get(node, 0.0) + info.weight
        group_missing[key] = group_missing.get(key, 0.0) + info.weight

    scores = Scores()
    for node, weight in required.items():
        scores.entities[node] = Score(node, required=weight, missing=missing.get(node, 0.0),
                                      entities=1)
    scores.programme.required = sum(required.values())
    scores.programme.missing = sum(missing.values())
    scores.programme.entities = len(required)
    labels = {g.iri: g.label for g in catalogue.groups.values()}
    labels.update({i.group.iri: i.group.label for i in infos.values()})
    for key, weight in group_required.items():
        scores.groups[key] = Score(key, labels.get(key, key), weight, group_missing.get(key, 0.0))

    targets = {
        "project": scores.projects,
        "operating-model": scores.operating_models,
        "service-area": scores.service_areas,
    }
    for scope, by_group in (memberships or {}).items():
        into = targets.get(scope)
        if into is None:
            continue
        for group_node, members in by_group.items():
            score = into.setdefault(group_node, Score(group_node))
            for member in members:
                if member in scores.entities:
                    score.add(scores.entities[member])

    for shape in set(catalogue.focus) | set(failed_any):
        info = catalogue.shape(shape)
        hits = failed_any.get(shape, set())
        targeted = catalogue.focus.get(shape, set()) | hits
        scores.by_shape.append(ShapeScore(info, targeted=len(targeted), failed=len(hits)))
    scores.by_shape.sort(key=lambda s: (-s.rate, -s.failed, s.shape.iri))
    return scores

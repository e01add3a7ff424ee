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

from ..terms import iri_or_nt
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

    @property
    def iri(self) -> str:
        """The scored node as pages link to it (the bare IRI; other nodes as keyed)."""
        return iri_or_nt(self.key) or ""

    @property
    def percent(self) -> int | None:
        """The value as a whole percentage, for bars and badges."""
        value = self.value
        return None if value is None else round(value * 100)

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
    failed_any: dict[str, set[str]] = {}  # check → focus nodes with any result
    failed: dict[str, set[str]] = {}  # check → focus nodes with a Violation or Warning
    for r in results:
        shape, node = r.source_shape, r.focus_node
        hits = failed_any.get(shape)
        if hits is None:
            hits = failed_any[shape] = set()
        hits.add(node)
        if counts_against(r):
            bad = failed.get(shape)
            if bad is None:
                bad = failed[shape] = set()
            bad.add(node)

    focus = catalogue.focus
    infos = {shape: catalogue.shape(shape) for shape in focus}
    counted = [
        (info, nodes)
        for shape, nodes in focus.items()
        if (info := infos[shape]).severity > Severity.INFO and nodes
    ]
    required = _required(counted)
    missing: dict[str, float] = {}
    group_required: dict[str, float] = {}
    group_missing: dict[str, float] = {}
    for info, nodes in counted:
        key = info.group.iri
        group_required[key] = group_required.get(key, 0.0) + info.weight * len(nodes)
    for shape, nodes in failed.items():
        info = infos.get(shape) or catalogue.shape(shape)
        weight, key = info.weight, info.group.iri
        predicted = focus.get(shape, ()) if info.severity > Severity.INFO else ()
        # a result the targets did not predict still counts against its entity
        for node in nodes.difference(predicted):
            required[node] = required.get(node, 0.0) + weight
            group_required[key] = group_required.get(key, 0.0) + weight
        get, lost = missing.get, group_missing.get(key, 0.0)
        for node in nodes:
            missing[node] = get(node, 0.0) + weight
            lost += weight
        group_missing[key] = lost

    scores = Scores()
    entities = scores.entities
    get_missing = missing.get
    for node, weight in required.items():
        entities[node] = Score(node, "", weight, get_missing(node, 0.0), 1)
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
    get_entity = entities.get
    for scope, by_group in (memberships or {}).items():
        into = targets.get(scope)
        if into is None:
            continue
        for group_node, members in by_group.items():
            score = into.setdefault(group_node, Score(group_node))
            req, miss, count = score.required, score.missing, score.entities
            for member in members:
                entity = get_entity(member)
                if entity is not None:  # the same sums, in the same order, as Score.add
                    req += entity.required
                    miss += entity.missing
                    count += 1
            score.required, score.missing, score.entities = req, miss, count

    for shape in focus.keys() | failed_any.keys():
        info = catalogue.shape(shape)
        hits = failed_any.get(shape, set())
        targeted = focus.get(shape, set())
        scores.by_shape.append(
            ShapeScore(info, targeted=len(targeted) + len(hits - targeted), failed=len(hits))
        )
    scores.by_shape.sort(key=lambda s: (-s.rate, -s.failed, s.shape.iri))
    return scores


def _required(counted: list[tuple[ShapeInfo, set[str]]]) -> dict[str, float]:
    """Focus node → the summed weights of the counted checks that target it."""
    required: dict[str, float] = {}
    get = required.get
    for info, nodes in counted:
        weight = info.weight
        for node in nodes:
            required[node] = get(node, 0.0) + weight
    return required

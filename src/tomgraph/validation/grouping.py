"""How findings are arranged for a reader: by project first, then by entity.

A design lead reads the section for their project; a finding about something several projects
share (a capability two projects deliver) appears in each of their sections. Findings about
things no project owns (operating models, benefits, people, features) follow, by entity.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .catalogue import Group
from .scores import Score
from .validate import Finding, ValidationReport


@dataclass
class EntityFindings:
    """The findings about one entity."""

    node: str
    label: str
    kind: str
    score: float | None
    findings: list[Finding] = field(default_factory=list)


@dataclass
class Section:
    """A project (or the catch-all section) and the entities with findings in it."""

    node: str | None
    label: str
    score: float | None
    entities: list[EntityFindings] = field(default_factory=list)

    @property
    def count(self) -> int:
        return sum(len(e.findings) for e in self.entities)


def sections(report: ValidationReport) -> list[Section]:
    """Project sections (projects with findings, by label), then everything else."""
    projects = report.memberships.get("project", {})
    by_entity: dict[str, list[Finding]] = {}
    found_for = by_entity.get
    for finding in report.findings:
        node = finding.result.focus_node
        found = found_for(node)
        if found is None:
            by_entity[node] = [finding]
        else:
            found.append(finding)
    score_of = report.scores.entities.get
    label = report.label
    names: dict[str, str] = {}  # node → its label, lowered, for sorting

    def name(node: str) -> str:
        lowered = names.get(node)
        if lowered is None:
            lowered = names[node] = label(node).lower()
        return lowered

    def entity(node: str) -> EntityFindings:
        found = by_entity[node]
        score = score_of(node)
        return EntityFindings(
            node=node,
            label=found[0].focus_label,
            kind=found[0].focus_kind,
            score=score.value if score else None,
            findings=found,
        )

    out: list[Section] = []
    placed: set[str] = set()
    for project, members in projects.items():
        hit = [m for m in members if m in by_entity]
        if not hit:
            continue
        score = report.scores.projects.get(project)
        section = Section(project, label(project), score.value if score else None)
        # The project itself first, then its other entities by kind and name.
        hit.sort(key=lambda m: (m != project, by_entity[m][0].focus_kind, name(m)))
        section.entities = [entity(m) for m in hit]
        placed.update(hit)
        out.append(section)
    out.sort(key=lambda s: s.label.lower())
    rest = [n for n in by_entity if n not in placed]
    if rest:
        rest.sort(key=lambda n: (by_entity[n][0].focus_kind, name(n)))
        out.append(Section(None, "Not owned by a project", None, [entity(n) for n in rest]))
    return out


def least_complete_first(score: Score) -> tuple[float, str]:
    """Sort key: lowest score first, unscored last, then by name."""
    return (score.value if score.value is not None else 2.0, score.label)


def section_order(groups: dict[str, Group], score: Score) -> float:
    """Sort key: a section's ``sh:order``."""
    return groups[score.key].order if score.key in groups else 1e9


def percent(value: float | None) -> str:
    """A score as a person reads it ("87.5%"), or a dash when nothing was required."""
    return "—" if value is None else f"{value * 100:.1f}%"

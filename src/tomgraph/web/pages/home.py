"""Home: the programme at a glance — service areas, projects by stage, scores, counts."""

from __future__ import annotations

from dataclasses import dataclass, field

from flask import Blueprint, render_template

from ...namespaces import TOM
from ...store import Store
from ...store.stats import CLASS_COUNTS, class_counts
from ...validation.scores import Score
from ..current import get_store
from .rdf import TermView, iri_view, label_map, resource_href, rows
from .validation_view import ValidationState, validation_state

bp = Blueprint("home", __name__)


@dataclass(frozen=True)
class AreaSummary:
    area: TermView
    description: str | None
    capabilities: int
    projects: int
    models: int
    score: Score | None


@dataclass
class StageGroup:
    stage: TermView | None  # None: projects with no stage recorded
    projects: list[tuple[TermView, TermView | None]] = field(default_factory=list)


@dataclass(frozen=True)
class ConsistencyStatus:
    """The latest ``tomgraph reason`` run; ``consistent is None`` means never reasoned."""

    consistent: bool | None
    checked_at: str | None = None
    explanation: str | None = None


@dataclass
class HomePage:
    counts: list[tuple[str, int, str]]  # what, how many, link to the class's page
    areas: list[AreaSummary]
    stages: list[StageGroup]
    validation: ValidationState
    programme_score: int | None
    consistency: ConsistencyStatus


@bp.route("/")
def index() -> str:
    store = get_store()
    validation = validation_state(store)
    summary = validation.summary
    area_scores = {s.iri: s for s in summary.scores.get("service area", [])} if summary else {}
    area_rows = rows(store, "page-home-areas")
    project_rows = rows(store, "page-home-projects")
    labels = label_map(store, [r["area"] for r in area_rows]
                       + [r[k] for r in project_rows for k in ("project", "area", "stage")])
    areas = sorted(
        (
            AreaSummary(
                area=iri_view(r["area"], labels),
                description=r["description"],
                capabilities=int(r["capabilities"] or 0),
                projects=int(r["projects"] or 0),
                models=int(r["models"] or 0),
                score=area_scores.get(r["area"]),
            )
            for r in area_rows
        ),
        key=lambda a: (a.area.text.lower(), a.area.iri or ""),
    )
    programme = summary.programme if summary else None
    page = HomePage(
        counts=[
            (what, n, resource_href(TOM + CLASS_COUNTS[what]))
            for what, n in class_counts(store).items()
        ],
        areas=areas,
        stages=_stages(project_rows, labels),
        validation=validation,
        programme_score=round(programme * 100) if programme is not None else None,
        consistency=_consistency(store),
    )
    return render_template("home.html", page=page)


def _consistency(store: Store) -> ConsistencyStatus:
    runs = rows(store, "page-reasoning-run")
    if not runs:
        return ConsistencyStatus(consistent=None)
    run = runs[0]
    return ConsistencyStatus(
        consistent=run["consistent"] == "true",
        checked_at=(run["ended"] or "").replace("T", " ").removesuffix("+00:00").removesuffix("Z")
        or None,
        explanation=run["explanation"],
    )


def _stages(project_rows: list[dict[str, str | None]], labels: dict[str, str]) -> list[StageGroup]:
    """Projects grouped by lifecycle stage (rows come in stage order), each group by name."""
    groups: dict[str | None, StageGroup] = {}
    for r in project_rows:
        stage_iri = r["stage"]
        group = groups.get(stage_iri)
        if group is None:
            stage = iri_view(stage_iri, labels) if stage_iri else None
            group = groups[stage_iri] = StageGroup(stage)
        project = iri_view(str(r["project"]), labels)
        area = iri_view(r["area"], labels) if r["area"] else None
        group.projects.append((project, area))
    for group in groups.values():
        group.projects.sort(key=lambda p: (p[0].text.lower(), p[0].iri or ""))
    return list(groups.values())

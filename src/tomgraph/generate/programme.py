"""The programme side of a generated model: projects, their designs, benefits and
dependencies, and the options appraisal and decisions behind the programme."""

from __future__ import annotations

from . import names
from .context import Context
from .organisation import area_iri, description, label

STAGES = ["Mandate", "Discovery", "Design", "Build", "Implementation", "Closed"]
STAGE_WEIGHTS = [1, 3, 4, 3, 2, 1]
PRIORITIES = ["PriorityCritical", "PriorityHigh", "PriorityMedium", "PriorityLow"]
CRITICALITIES = ["CriticalityCritical", "CriticalityHigh", "CriticalityMedium", "CriticalityLow"]
DEP_STATUSES = [
    "DependencyOpen",
    "DependencyOnTrack",
    "DependencyAtRisk",
    "DependencyBlocked",
    "DependencyResolved",
]


def write_programme(ctx: Context) -> None:
    """Projects, high-level designs, benefits, external initiatives and dependencies."""
    s, rng, t, a = ctx.sizes, ctx.rng, ctx.t, ctx.t.a
    programme = ctx.gen("programme")
    ctx.emit(
        programme,
        [
            (a, ctx.tom("Programme")),
            label(ctx, "Transformation Programme"),
            description(
                ctx,
                f"A synthetic programme made by tomgraph generate "
                f"(seed {ctx.seed}); illustrative, not real data.",
            ),
        ],
    )
    by_area: list[list[int]] = [[], [], []]
    for p in range(s.projects):
        by_area[p % 3].append(p)
    # Most capabilities that must improve are delivered by a project of their service area;
    # the rest are the undelivered gaps the programme's queries look for.
    delivers: list[list[int]] = [[] for _ in range(s.projects)]
    for cap in range(s.capabilities):
        if ctx.cap_target[cap] > ctx.cap_current[cap] > 0 and rng.random() < 0.85:
            delivers[rng.choice(by_area[ctx.cap_area[cap]])].append(cap)
    stages = rng.choices(range(len(STAGES)), weights=STAGE_WEIGHTS, k=s.projects)
    leads = [ctx.person(p % 3) for p in range(s.projects)]
    _write_designs(ctx, stages, leads)
    benefit_of = _write_benefits(ctx, delivers)
    for p in range(s.projects):
        area = p % 3
        code, _local, area_name = names.SERVICE_AREAS[area]
        pairs = [
            (a, ctx.tom("Project")),
            label(ctx, f"{code} {rng.choice(names.PROJECT_THEMES)} {p}"),
            description(ctx, f"A {area_name} project of the generated programme."),
            (ctx.tom("partOfProgramme"), programme),
            (ctx.tom("serviceArea"), area_iri(ctx, area)),
            (ctx.tom("lifecycleStage"), ctx.tom(STAGES[stages[p]])),
            (ctx.tom("priority"), ctx.tom(rng.choice(PRIORITIES))),
            (ctx.tom("designLead"), leads[p]),
        ]
        pairs += [
            (ctx.tom("subjectMatterExpert"), sme)
            for sme in dict.fromkeys(ctx.person(area) for _ in range(2))
        ]
        if stages[p] > 0:
            pairs.append((ctx.tom("hasDesign"), ctx.gen(f"hld-{p}")))
        pairs += [(ctx.tom("delivers"), ctx.gen(f"cap-{c}")) for c in delivers[p]]
        pairs += [(ctx.tom("contributesTo"), ctx.gen(f"benefit-{b}")) for b in benefit_of[p]]
        ctx.emit(ctx.gen(f"project-{p}"), pairs)
    _write_dependencies(ctx, by_area)
    del t


def _write_designs(ctx: Context, stages: list[int], leads: list[str]) -> None:
    """A high-level design for every project past its mandate; status follows the stage.

    A few designs carry no status at all, and about one project in ten that is past design
    still has only a draft: both are gaps a design authority would chase.
    """
    rng, t, a = ctx.rng, ctx.t, ctx.t.a
    with_design = [p for p, stage in enumerate(stages) if stage > 0]
    no_status = {with_design[i] for i in ctx.gaps(len(with_design))}
    for p in with_design:
        stage = stages[p]
        if stage <= 2:
            status = "DesignDraft" if stage == 1 or rng.random() < 0.5 else "DesignInReview"
        else:
            status = (
                "DesignDraft"
                if rng.random() < 0.1
                else rng.choice(("DesignApproved", "DesignBaselined"))
            )
        pairs = [
            (a, ctx.tom("HighLevelDesign")),
            label(ctx, f"High-level design for project {p}"),
            (ctx.tom("version"), t.text(f"{min(stage, 3) - 1}.{rng.randrange(10)}", None)),
            (t.iri("prov", "wasAttributedTo"), leads[p]),
        ]
        if p not in no_status:
            pairs.append((ctx.tom("designStatus"), ctx.tom(status)))
        ctx.emit(ctx.gen(f"hld-{p}"), pairs)


def _write_benefits(ctx: Context, delivers: list[list[int]]) -> list[list[int]]:
    """Two benefits per project, cashable and operational mixed; returns benefits by project."""
    s, rng, t, a = ctx.sizes, ctx.rng, ctx.t, ctx.t.a
    no_owner = ctx.gaps(s.benefits)
    by_project: list[list[int]] = [[] for _ in range(s.projects)]
    for b in range(s.benefits):
        p = b // 2
        by_project[p].append(b)
        area = p % 3
        # The first two are fixed so that even the smallest model has both kinds.
        cashable = b == 0 or (b != 1 and rng.random() < 0.45)
        measure, unit = rng.choice(names.MEASURES)
        baseline = 20 + rng.randrange(480)
        target = baseline - baseline * (10 + rng.randrange(40)) // 100
        pairs = [
            (a, ctx.tom("CashableBenefit" if cashable else "OperationalBenefit")),
            label(ctx, f"Reduce {measure} ({b})"),
            (ctx.tom("measure"), t.text(measure, None)),
            (ctx.tom("unit"), t.text("GBP" if cashable else unit, None)),
            (ctx.tom("baseline"), t.decimal(f"{baseline}.0")),
            (ctx.tom("target"), t.decimal(f"{target}.0")),
            (ctx.tom("serviceArea"), area_iri(ctx, area)),
        ]
        if cashable:
            value = (50 + rng.randrange(2000)) * 1000
            pairs.append((ctx.tom("cashableValue"), t.decimal(f"{value}.0")))
        if b not in no_owner:
            pairs.append((ctx.tom("owner"), ctx.person(area)))
        enablers = ctx.pick(delivers[p], 1 + rng.randrange(3)) or [
            rng.choice([c for c in ctx.leaves[:300] if ctx.cap_area[c] == area] or ctx.leaves)
        ]
        pairs += [(ctx.tom("enabledBy"), ctx.gen(f"cap-{c}")) for c in enablers]
        ctx.emit(ctx.gen(f"benefit-{b}"), pairs)
    return by_project


def _write_dependencies(ctx: Context, by_area: list[list[int]]) -> None:
    """Two or three dependencies per project, of all three types.

    Business dependencies point at an earlier project of the same service area, so they form
    chains; some point beyond the programme at external initiatives.
    """
    s, rng, t, a = ctx.sizes, ctx.rng, ctx.t, ctx.t.a
    for e in range(s.external_initiatives):
        base = names.EXTERNAL[e % len(names.EXTERNAL)]
        ctx.emit(
            ctx.gen(f"external-{e}"),
            [
                (a, ctx.tom("ExternalInitiative")),
                label(
                    ctx,
                    base if e < len(names.EXTERNAL) else f"{base} {e // len(names.EXTERNAL) + 1}",
                ),
            ],
        )
    plan: list[tuple[int, str, str]] = []
    for p in range(s.projects):
        earlier = [q for q in by_area[p % 3] if q < p]
        kinds = ["TechnologyDependency", "BusinessDependency"]
        if rng.random() < 0.5:
            kinds.append("PeopleDependency")
        for kind in kinds:
            if kind == "TechnologyDependency":
                target = ctx.gen(f"feat-{rng.randrange(s.features)}")
            elif kind == "BusinessDependency" and earlier and rng.random() < 0.8:
                target = ctx.gen(f"project-{earlier[-1 - min(len(earlier) - 1, rng.randrange(2))]}")
            elif earlier and rng.random() < 0.5:
                target = ctx.gen(f"project-{rng.choice(earlier)}")
            else:
                target = ctx.gen(f"external-{rng.randrange(s.external_initiatives)}")
            plan.append((p, kind, target))
    criticality = [rng.choices(range(4), weights=(2, 3, 3, 2))[0] for _ in plan]
    critical = [d for d, c in enumerate(criticality) if c == 0]
    no_mitigation = {critical[i] for i in ctx.gaps(len(critical))}
    no_owner = ctx.gaps(len(plan))
    for d, (p, kind, target) in enumerate(plan):
        pairs = [
            (a, ctx.tom(kind)),
            label(ctx, f"{kind.removesuffix('Dependency')} dependency {d} of project {p}"),
            (ctx.tom("dependent"), ctx.gen(f"project-{p}")),
            (ctx.tom("dependsOn"), target),
            (ctx.tom("criticality"), ctx.tom(CRITICALITIES[criticality[d]])),
            (ctx.tom("dependencyStatus"), ctx.tom(rng.choice(DEP_STATUSES))),
            (
                ctx.tom("dueDate"),
                t.date(
                    f"20{26 + rng.randrange(3)}-"
                    f"{1 + rng.randrange(12):02d}-{1 + rng.randrange(28):02d}"
                ),
            ),
        ]
        if d not in no_owner:
            pairs.append((ctx.tom("owner"), ctx.person(p % 3)))
        if criticality[d] == 0 and d not in no_mitigation:
            pairs.append((ctx.tom("mitigation"), t.text("Interim manual workaround agreed.", None)))
        ctx.emit(ctx.gen(f"dependency-{d}"), pairs)


def write_decisions(ctx: Context) -> None:
    """The options appraisal (three options, the third recommended) and PCD 268 and 269."""
    t, a = ctx.t, ctx.t.a
    appraisal, route = ctx.gen("appraisal"), ctx.gen("route-neutral-vendor")
    dmpc, director = ctx.gen("dmpc"), ctx.gen("commercial-director")
    ctx.emit(
        dmpc,
        [
            (a, ctx.tom("Person")),
            label(ctx, "Deputy Mayor for Policing and Crime"),
            (ctx.tom("role"), t.text("DMPC", None)),
        ],
    )
    ctx.emit(
        director,
        [
            (a, ctx.tom("Person")),
            label(ctx, "Commercial Director"),
            (ctx.tom("role"), t.text("Commercial Director", None)),
        ],
    )
    ctx.emit(
        route, [(a, ctx.tom("ProcurementRoute")), label(ctx, "Neutral vendor route to market")]
    )
    options = [
        "In-house design team",
        "Several specialist suppliers",
        "Programmatic and integrated design through a single provider",
    ]
    ctx.emit(
        appraisal,
        [
            (a, ctx.tom("OptionsAppraisal")),
            label(ctx, "Options for specialist design resources"),
            (ctx.tom("appraisalFor"), ctx.gen("programme")),
            (ctx.tom("recommendedOption"), ctx.gen("option-3")),
        ],
    )
    for i, name in enumerate(options, start=1):
        ctx.emit(
            ctx.gen(f"option-{i}"),
            [
                (a, ctx.tom("Option")),
                label(ctx, f"Option {i}: {name}"),
                (ctx.tom("optionOf"), appraisal),
                (ctx.tom("score"), t.decimal(f"{40 + 20 * i}.0")),
                (ctx.tom("rank"), t.integer(4 - i)),
            ],
        )
    for ref, date in (("268", "2017-11-01"), ("269", "2017-12-01")):
        pairs = [
            (a, ctx.tom("Decision")),
            label(ctx, f"PCD {ref}"),
            (ctx.tom("decisionReference"), t.text(f"PCD {ref}", None)),
            (t.iri("dcterms", "date"), t.date(date)),
            (ctx.tom("decisionMaker"), dmpc),
            (ctx.tom("approves"), ctx.gen("programme")),
        ]
        if ref == "269":
            pairs += [
                (ctx.tom("approves"), ctx.gen("option-3")),
                (ctx.tom("inLineWith"), ctx.gen("pcd-268")),
                (ctx.tom("procurementRoute"), route),
                (ctx.tom("delegatesTo"), director),
            ]
        ctx.emit(ctx.gen(f"pcd-{ref}"), pairs)

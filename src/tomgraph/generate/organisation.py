"""The organisation side of a generated model: service areas, people, capabilities,
processes, MiPS and its features, the Blueprint and the operating models."""

from __future__ import annotations

from . import names
from .context import Context

NEW_CAPABILITY_MATURITY = 1
"""Capabilities at maturity 1 today are new: the current operating model lacks them."""


def label(ctx: Context, text: str) -> tuple[str, str]:
    return ctx.t.iri("rdfs", "label"), ctx.t.text(text)


def description(ctx: Context, text: str) -> tuple[str, str]:
    return ctx.t.iri("dcterms", "description"), ctx.t.text(text)


def area_iri(ctx: Context, area: int) -> str:
    return ctx.gen(f"sa-{names.SERVICE_AREAS[area][1]}")


def write_organisation(ctx: Context) -> None:
    """The force, its three service areas and the pool of people who design and own things."""
    t, a = ctx.t, ctx.t.a
    force = ctx.gen("mps")
    ctx.emit(
        force, [(a, t.iri("org", "FormalOrganization")), label(ctx, "Metropolitan Police Service")]
    )
    for i, (_code, _local, name) in enumerate(names.SERVICE_AREAS):
        ctx.emit(
            area_iri(ctx, i),
            [
                (a, ctx.tom("ServiceArea")),
                label(ctx, name),
                (t.iri("org", "unitOf"), force),
                description(ctx, f"The {name} service area (generated)."),
            ],
        )
    rng = ctx.rng
    for i in range(ctx.sizes.people):
        area = i % len(names.SERVICE_AREAS)
        ctx.people_by_area[area].append(i)
        name = f"{rng.choice(names.FIRST_NAMES)} {rng.choice(names.LAST_NAMES)}"
        ctx.emit(
            ctx.gen(f"person-{i}"),
            [
                (a, ctx.tom("Person")),
                label(ctx, name),
                (ctx.tom("role"), t.text(rng.choice(names.ROLES), None)),
                (t.iri("org", "memberOf"), area_iri(ctx, area)),
            ],
        )


def _maturity(ctx: Context, level: int) -> str:
    return ctx.tom(f"Maturity{level}")


def write_capabilities(ctx: Context) -> None:
    """Three levels: level 1 per service area, level 2 under them, level 3 below those.

    Level-3 parents are drawn at random, so a few level-2 capabilities end up with no
    children: leaves at level 2, as real capability maps have.
    """
    s, rng, t, a = ctx.sizes, ctx.rng, ctx.t, ctx.t.a
    no_owner, no_current, no_target = (
        ctx.gaps(s.capabilities),
        ctx.gaps(s.capabilities),
        ctx.gaps(s.capabilities),
    )
    has_children = [False] * s.capabilities
    p_level, p_parent, p_area = (
        ctx.tom("level"),
        ctx.tom("parentCapability"),
        ctx.tom("serviceArea"),
    )
    p_owner, p_cur, p_tgt = ctx.tom("owner"), ctx.tom("currentMaturity"), ctx.tom("targetMaturity")
    levels = [t.integer(1), t.integer(2), t.integer(3)]
    cap_type = ctx.tom("Capability")
    for i in range(s.capabilities):
        if i < s.level1:
            level, parent, area = 1, None, i % 3
            code = names.SERVICE_AREAS[area][0]
            base = names.LEVEL1[code][(i // 3) % len(names.LEVEL1[code])]
            round_ = i // (3 * len(names.LEVEL1[code]))
            name = base if round_ == 0 else f"{base} {round_ + 1}"
        else:
            if i < s.level1 + s.level2:
                level, parent = 2, (i - s.level1) % s.level1
            else:
                level, parent = 3, s.level1 + rng.randrange(s.level2)
            has_children[parent] = True
            area = ctx.cap_area[parent]
            name = f"{rng.choice(names.VERBS)} {rng.choice(names.OBJECTS)} {i}"
        current = min(4, 1 + int(rng.random() * 4))
        target = min(5, current + rng.choice((0, 1, 1, 1, 2, 2)))
        ctx.cap_area.append(area)
        ctx.cap_current.append(0 if i in no_current else current)
        ctx.cap_target.append(0 if i in no_target else target)
        pairs = [
            (a, cap_type),
            label(ctx, name),
            (p_level, levels[level - 1]),
            (p_area, area_iri(ctx, area)),
        ]
        if parent is not None:
            pairs.append((p_parent, ctx.gen(f"cap-{parent}")))
        if level == 1:
            pairs.append(description(ctx, f"Level {level} capability of the generated map."))
        if i not in no_owner:
            pairs.append((p_owner, ctx.person(area)))
        if i not in no_current:
            pairs.append((p_cur, _maturity(ctx, current)))
        if i not in no_target:
            pairs.append((p_tgt, _maturity(ctx, target)))
        if level == 3 and rng.random() < 0.04:
            pairs.append((ctx.tom("needsNoTechnology"), t.boolean(True)))
        ctx.emit(ctx.gen(f"cap-{i}"), pairs)
    ctx.leaves = [i for i in range(s.level1, s.capabilities) if not has_children[i]]


def write_processes(ctx: Context) -> None:
    """One process per leaf capability, a second for about one leaf in twenty."""
    rng, a = ctx.rng, ctx.t.a
    p_real, p_owner, p_area = ctx.tom("realises"), ctx.tom("owner"), ctx.tom("serviceArea")
    proc_type = ctx.tom("BusinessProcess")
    for cap in ctx.leaves:
        area = ctx.cap_area[cap]
        for _ in range(2 if rng.random() < 0.05 else 1):
            n = len(ctx.process_area)
            ctx.process_area.append(area)
            name = f"{rng.choice(names.OBJECTS).capitalize()} {rng.choice(names.PROCESS_NOUNS)} {n}"
            ctx.emit(
                ctx.gen(f"proc-{n}"),
                [
                    (a, proc_type),
                    label(ctx, name),
                    (p_real, ctx.gen(f"cap-{cap}")),
                    (p_owner, ctx.person(area)),
                    (p_area, area_iri(ctx, area)),
                ],
            )


def write_features(ctx: Context) -> None:
    """MiPS and its features, each supporting a handful of processes (or a capability)."""
    rng, t, a = ctx.rng, ctx.t, ctx.t.a
    mips = ctx.gen("mips")
    ctx.emit(
        mips,
        [
            (a, ctx.tom("Application")),
            label(ctx, "Met Integrated Policing Solution (MiPS)"),
            description(ctx, "The integrated policing platform every target model relies on."),
        ],
    )
    statuses = [ctx.tom(s) for s in ("FeaturePlanned", "FeatureInBuild", "FeatureLive")]
    p_sup = ctx.tom("supports")
    processes = len(ctx.process_area)
    for i in range(ctx.sizes.features):
        pairs = [
            (a, ctx.tom("ApplicationFeature")),
            label(ctx, f"MiPS {rng.choice(names.FEATURES)} {i}"),
            (ctx.tom("featureOf"), mips),
            (ctx.tom("featureStatus"), rng.choice(statuses)),
            (ctx.tom("release"), t.text(f"MiPS R{1 + rng.randrange(4)}", None)),
        ]
        for _ in range(3 + rng.randrange(5)):
            if rng.random() < 0.1:
                pairs.append((p_sup, ctx.gen(f"cap-{rng.randrange(ctx.sizes.capabilities)}")))
            else:
                pairs.append((p_sup, ctx.gen(f"proc-{rng.randrange(processes)}")))
        ctx.emit(ctx.gen(f"feat-{i}"), list(dict.fromkeys(pairs)))


def write_blueprint(ctx: Context) -> None:
    """The One Met Model Blueprint: principles, the last few of them design standards."""
    blueprint, a = ctx.gen("blueprint"), ctx.t.a
    ctx.emit(blueprint, [(a, ctx.tom("Blueprint")), label(ctx, "One Met Model Blueprint")])
    for i, name in enumerate(names.PRINCIPLES[: ctx.sizes.principles]):
        kind = "DesignStandard" if i >= 8 else "Principle"
        ctx.emit(
            ctx.gen(f"principle-{i}"),
            [
                (a, ctx.tom(kind)),
                label(ctx, name),
                (ctx.tom("principleOf"), blueprint),
            ],
        )


def write_operating_models(ctx: Context) -> None:
    """Current and target model per service area, with dimension designs and conformance.

    Gaps left on purpose: one target model misses a dimension design and one principle; the
    current models conform to only some principles.
    """
    rng, a, s = ctx.rng, ctx.t.a, ctx.sizes
    short_area, short_dim = rng.randrange(3), rng.randrange(len(names.DIMENSIONS))
    for area, (_code, local, name) in enumerate(names.SERVICE_AREAS):
        caps = [i for i in range(s.capabilities) if ctx.cap_area[i] == area]
        procs = [i for i, pa in enumerate(ctx.process_area) if pa == area]
        for state in ("current", "target"):
            om = ctx.gen(f"om-{local}-{state}")
            target = state == "target"
            pairs = [
                (a, ctx.tom("OperatingModel")),
                label(ctx, f"{name} {state} operating model"),
                (ctx.tom("serviceArea"), area_iri(ctx, area)),
                (ctx.tom("state"), ctx.tom("TargetState" if target else "CurrentState")),
            ]
            if target:
                pairs.append((ctx.tom("evolvesFrom"), ctx.gen(f"om-{local}-current")))
            principles = range(s.principles)
            if target:
                skipped = {rng.randrange(s.principles)} if area == short_area else set()
                chosen = [p for p in principles if p not in skipped]
            else:
                chosen = sorted(rng.sample(list(principles), s.principles // 2))
            pairs += [(ctx.tom("conformsTo"), ctx.gen(f"principle-{p}")) for p in chosen]
            designs = []
            for d, dim in enumerate(names.DIMENSIONS):
                if target and area == short_area and d == short_dim:
                    continue
                dd = ctx.gen(f"dd-{local}-{state}-{dim.lower()}")
                designs.append((dd, dim))
                pairs.append((ctx.tom("hasDimensionDesign"), dd))
            p_cap, p_proc = ctx.tom("includesCapability"), ctx.tom("includesProcess")
            pairs += [
                (p_cap, ctx.gen(f"cap-{c}"))
                for c in caps
                if target or ctx.cap_current[c] != NEW_CAPABILITY_MATURITY
            ]
            pairs += [(p_proc, ctx.gen(f"proc-{p}")) for p in procs if target or p % 5]
            ctx.emit(om, pairs)
            for dd, dim in designs:
                ctx.emit(
                    dd,
                    [
                        (a, ctx.tom("DimensionDesign")),
                        label(ctx, f"{name} {state} {dim.lower()} design"),
                        (ctx.tom("dimension"), ctx.tom(f"{dim}Dimension")),
                        description(
                            ctx, f"How the {state} {name} model handles {dim.lower()} (generated)."
                        ),
                    ],
                )

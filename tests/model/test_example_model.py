"""The bundled example programme: what it must contain, and the design gaps it must keep.

The example is the model every query, shape and page is demonstrated on, so its size and shape
are pinned here, and so is every deliberate gap listed in ``examples/met-programme/README.md``:
a later edit cannot quietly complete the design work that validation is meant to find missing.
"""

from __future__ import annotations

import pytest

from tomgraph.namespaces import MET, sparql_prologue
from tomgraph.store import AskResult, SelectResult, Store


def rows(store: Store, body: str) -> list[dict[str, str]]:
    """SELECT solutions as ``{variable: lexical value}``."""
    result = store.query(sparql_prologue() + body)
    assert isinstance(result, SelectResult)
    return [{k: v.value for k, v in row.items()} for row in result.dicts()]  # type: ignore[union-attr]


def ask(store: Store, body: str) -> bool:
    result = store.query(sparql_prologue() + body)
    assert isinstance(result, AskResult)
    return bool(result)


def iris(store: Store, body: str, var: str = "x") -> set[str]:
    """The values of ``var``, with the example namespace stripped (``met:foo`` → ``foo``)."""
    return {r[var].removeprefix(MET) for r in rows(store, body)}


def count(store: Store, body: str) -> int:
    return int(rows(store, f"SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE {{ {body} }}")[0]["n"])


# -- size and shape ------------------------------------------------------------------------------


def test_the_programme_has_exactly_24_projects_all_part_of_it(example_store: Store) -> None:
    assert count(example_store, "?x a tom:Project") == 24
    assert count(example_store, "?x a tom:Project ; tom:partOfProgramme met:programme") == 24
    assert count(example_store, "?x a tom:Programme") == 1


def test_there_are_exactly_three_service_areas_each_with_projects(example_store: Store) -> None:
    areas = iris(example_store, "SELECT ?x WHERE { ?x a tom:ServiceArea }")
    assert areas == {"sa-forensics", "sa-sii", "sa-custody"}
    per_area = rows(
        example_store,
        "SELECT ?a (COUNT(?p) AS ?n) WHERE { ?p a tom:Project ; tom:serviceArea ?a } GROUP BY ?a",
    )
    assert {r["a"].removeprefix(MET) for r in per_area} == areas
    assert all(int(r["n"]) >= 6 for r in per_area)


def test_service_areas_are_units_of_the_met(example_store: Store) -> None:
    assert count(example_store, "?x a tom:ServiceArea ; org:unitOf met:mps") == 3
    assert ask(example_store, "ASK { met:mps a org:FormalOrganization }")


def test_projects_are_at_different_lifecycle_stages_and_priorities(example_store: Store) -> None:
    stages = rows(
        example_store,
        "SELECT ?s (COUNT(?p) AS ?n) WHERE { ?p tom:lifecycleStage ?s } GROUP BY ?s",
    )
    by_stage = {r["s"].rsplit("#", 1)[1]: int(r["n"]) for r in stages}
    assert set(by_stage) == {"Mandate", "Discovery", "Design", "Build", "Implementation", "Closed"}
    assert by_stage["Build"] + by_stage["Implementation"] >= 6
    assert 1 <= by_stage["Closed"] <= 2
    priorities = iris(example_store, "SELECT ?x WHERE { ?p a tom:Project ; tom:priority ?x }")
    assert len(priorities) == 4


def test_both_kinds_of_benefit_are_present(example_store: Store) -> None:
    assert count(example_store, "?x a tom:CashableBenefit ; tom:cashableValue ?v") >= 6
    assert count(example_store, "?x a tom:OperationalBenefit") >= 8


def test_cashable_values_are_decimal_pounds_a_year(example_store: Store) -> None:
    assert not ask(
        example_store,
        "ASK { ?b tom:cashableValue ?v FILTER (datatype(?v) != xsd:decimal || ?v <= 0) }",
    )


def test_all_three_dependency_types_are_present(example_store: Store) -> None:
    for kind in ("TechnologyDependency", "BusinessDependency", "PeopleDependency"):
        assert count(example_store, f"?x a tom:{kind}") >= 3, kind


def test_dependencies_reach_inside_and_beyond_the_programme(example_store: Store) -> None:
    assert count(example_store, "?x tom:dependsOn [ a tom:ExternalInitiative ]") >= 5
    assert count(example_store, "?x tom:dependsOn [ a tom:Project ]") >= 5
    assert count(example_store, "?x tom:dependsOn [ tom:featureOf met:mips ]") >= 3


def test_every_dependency_has_one_project_as_dependent(example_store: Store) -> None:
    assert not ask(
        example_store,
        "ASK { ?d a tom:Dependency FILTER NOT EXISTS { ?d tom:dependent [ a tom:Project ] } }",
    )


def test_dependency_chains_run_three_or_more_projects_deep(example_store: Store) -> None:
    chains = rows(
        example_store,
        """SELECT ?a ?b ?c ?d WHERE {
             ?d1 tom:dependent ?a ; tom:dependsOn ?b . ?b a tom:Project .
             ?d2 tom:dependent ?b ; tom:dependsOn ?c . ?c a tom:Project .
             ?d3 tom:dependent ?c ; tom:dependsOn ?d .
           }""",
    )
    assert len(chains) >= 2
    four_projects = [r for r in chains if ask(example_store, f"ASK {{ <{r['d']}> a tom:Project }}")]
    assert four_projects, "a chain of four projects"


@pytest.mark.parametrize(
    ("cls", "at_least"),
    [
        ("tom:Capability", 60),
        ("tom:BusinessProcess", 50),
        ("tom:Application", 1),
        ("tom:ApplicationFeature", 30),
        ("tom:Principle", 8),
        ("tom:Blueprint", 1),
        ("tom:Project", 24),
        ("tom:Benefit", 14),
        ("tom:Dependency", 20),
        ("tom:Person", 20),
        ("tom:HighLevelDesign", 20),
        ("tom:OptionsAppraisal", 1),
        ("tom:Option", 3),
        ("tom:Decision", 2),
        ("tom:DimensionDesign", 40),
        ("tom:ExternalInitiative", 5),
        ("tom:Resolution", 3),
        ("tom:Risk", 3),
        ("tom:Procurement", 1),
        ("tom:DecisionDocument", 3),
        ("tom:ProcurementRoute", 1),
    ],
)
def test_every_main_class_is_populated(example_store: Store, cls: str, at_least: int) -> None:
    subclasses = f"?x a/rdfs:subClassOf* {cls}"
    assert count(example_store, subclasses) >= at_least


def test_each_service_area_has_a_current_and_a_target_operating_model(
    example_store: Store,
) -> None:
    models = rows(
        example_store,
        "SELECT ?a ?s WHERE { ?m a tom:OperatingModel ; tom:serviceArea ?a ; tom:state ?s }",
    )
    pairs = sorted((r["a"].removeprefix(MET), r["s"].rsplit("#", 1)[1]) for r in models)
    assert pairs == sorted(
        (a, s)
        for a in ("sa-forensics", "sa-sii", "sa-custody")
        for s in ("CurrentState", "TargetState")
    )


def test_target_models_evolve_from_current_and_hold_capabilities_and_processes(
    example_store: Store,
) -> None:
    assert (
        count(
            example_store,
            """?x tom:state tom:TargetState ; tom:evolvesFrom [ tom:state tom:CurrentState ] ;
                  tom:includesCapability [] ; tom:includesProcess [] ;
                  tom:conformsTo [ tom:principleOf met:one-met-model-blueprint ]""",
        )
        == 3
    )


def test_mips_features_belong_to_mips_and_support_processes_or_capabilities(
    example_store: Store,
) -> None:
    assert ask(example_store, "ASK { met:mips a tom:Application }")
    assert count(example_store, "?x a tom:ApplicationFeature ; tom:featureOf met:mips") >= 30
    assert count(example_store, "?f tom:supports ?x . ?x a tom:BusinessProcess") >= 40
    assert count(example_store, "?f tom:supports ?x . ?x a tom:Capability") >= 1


def test_capability_map_has_three_levels_across_the_service_areas(example_store: Store) -> None:
    assert count(example_store, "?x a tom:Capability") >= 60
    levels = rows(
        example_store,
        "SELECT ?l (COUNT(?c) AS ?n) WHERE { ?c a tom:Capability ; tom:level ?l } GROUP BY ?l",
    )
    assert {int(r["l"]) for r in levels} == {1, 2, 3}
    assert count(example_store, "?x a tom:Capability ; tom:level ?l ; tom:serviceArea ?a") == count(
        example_store, "?x a tom:Capability"
    )


def test_each_lower_capability_has_a_parent_one_level_up_in_its_service_area(
    example_store: Store,
) -> None:
    assert not ask(
        example_store,
        """ASK { ?c a tom:Capability ; tom:level ?l FILTER (?l > 1)
                 FILTER NOT EXISTS { ?c tom:parentCapability ?p . ?p tom:level ?pl ;
                                        tom:serviceArea ?a . ?c tom:serviceArea ?a
                                     FILTER (?pl = ?l - 1) } }""",
    )
    assert not ask(
        example_store, "ASK { ?c tom:level 1 ; tom:parentCapability ?p }"
    ), "top-level capabilities have no parent"


def test_projects_have_high_level_designs_with_a_status(example_store: Store) -> None:
    assert count(example_store, "?x a tom:Project ; tom:hasDesign [ tom:designStatus ?s ]") == 24
    statuses = iris(
        example_store, "SELECT ?x WHERE { ?d a tom:HighLevelDesign ; tom:designStatus ?x }"
    )
    assert len(statuses) == 4


def test_everything_named_in_the_model_has_a_label(example_store: Store) -> None:
    unlabelled = iris(
        example_store,
        f"""SELECT DISTINCT ?x WHERE {{ GRAPH <https://w3id.org/tomgraph/graph/model> {{ ?x a ?t }}
               FILTER (STRSTARTS(STR(?x), "{MET}"))
               FILTER NOT EXISTS {{ ?x rdfs:label ?l }} }}""",
    )
    assert unlabelled == set()


def test_the_example_says_its_detail_is_illustrative(example_store: Store) -> None:
    assert ask(
        example_store,
        'ASK { met:programme dcterms:description ?d FILTER (CONTAINS(?d, "illustrative")) }',
    )


@pytest.mark.parametrize(
    ("what", "pattern", "required"),
    [
        ("capability", "?x a tom:Capability", "tom:currentMaturity ?v ; tom:targetMaturity ?w"),
        ("process", "?x a tom:BusinessProcess",
         "tom:realises ?v ; tom:owner ?w ; tom:serviceArea ?s"),
        ("feature", "?x a tom:ApplicationFeature", "tom:featureStatus ?v ; tom:release ?w"),
        ("project", "?x a tom:Project",
         "tom:serviceArea ?v ; tom:lifecycleStage ?w ; tom:priority ?s ; tom:delivers ?d"),
        ("design", "?x a tom:HighLevelDesign", "tom:version ?v ; prov:wasAttributedTo ?w"),
        ("benefit", "?x a/rdfs:subClassOf* tom:Benefit",
         "tom:measure ?v ; tom:unit ?w ; tom:target ?s ; tom:owner ?o ; tom:enabledBy ?e"),
        ("benefit", "?x a/rdfs:subClassOf* tom:Benefit", "^tom:contributesTo ?v"),
        ("project", "?x a tom:Project", "tom:contributesTo ?v ; ^tom:dependent ?w"),
        ("dependency", "?x a/rdfs:subClassOf* tom:Dependency",
         "tom:dependsOn ?v ; tom:criticality ?w ; tom:dependencyStatus ?s ; tom:dueDate ?d"),
        ("person", "?x a tom:Person", "tom:role ?v ; org:memberOf [ a tom:ServiceArea ]"),
        ("capability", "?x a tom:Capability",
         "^tom:includesCapability [ tom:state tom:TargetState ]"),
        ("process", "?x a tom:BusinessProcess",
         "^tom:includesProcess [ tom:state tom:TargetState ]"),
        ("dimension design", "?x a tom:DimensionDesign",
         "tom:dimension ?v ; dcterms:description ?w"),
    ],
)
def test_apart_from_the_listed_gaps_the_model_is_complete(
    example_store: Store, what: str, pattern: str, required: str
) -> None:
    missing = iris(
        example_store,
        f"SELECT ?x WHERE {{ {pattern} FILTER NOT EXISTS {{ ?x {required} }} }}",
    )
    assert missing == set(), what


def test_no_capability_targets_a_lower_maturity_than_it_has(example_store: Store) -> None:
    assert not ask(
        example_store,
        """ASK { ?x tom:currentMaturity [ tom:order ?c ] ; tom:targetMaturity [ tom:order ?t ]
                 FILTER (?t < ?c) }""",
    )


# -- the deliberate gaps (examples/met-programme/README.md, "Deliberate gaps") -------------------

LEAF = "FILTER NOT EXISTS { ?child tom:parentCapability ?x }"


def test_gap_two_capabilities_have_no_owner(example_store: Store) -> None:
    found = iris(
        example_store,
        "SELECT ?x WHERE { ?x a tom:Capability FILTER NOT EXISTS { ?x tom:owner ?o } }",
    )
    assert found == {"cap-sii-network-analysis", "cap-custody-custody-performance"}


def test_gap_three_leaf_capabilities_are_realised_by_no_process(example_store: Store) -> None:
    found = iris(
        example_store,
        f"""SELECT ?x WHERE {{ ?x a tom:Capability {LEAF}
               FILTER NOT EXISTS {{ ?p tom:realises ?x }} }}""",
    )
    assert found == {
        "cap-forensics-cctv-recovery-analysis",
        "cap-sii-money-laundering",
        "cap-custody-out-of-court-disposals",
    }


def test_gap_two_capabilities_with_a_maturity_gap_are_delivered_by_no_project(
    example_store: Store,
) -> None:
    found = iris(
        example_store,
        """SELECT ?x WHERE { ?x a tom:Capability ; tom:currentMaturity [ tom:order ?c ] ;
                                tom:targetMaturity [ tom:order ?t ]
               FILTER (?t > ?c) FILTER NOT EXISTS { ?p tom:delivers ?x } }""",
    )
    assert found == {"cap-forensics-fingerprint-identification", "cap-custody-cell-observation"}


def test_gap_one_target_leaf_capability_has_no_technology_support_and_no_exemption(
    example_store: Store,
) -> None:
    found = iris(
        example_store,
        f"""SELECT ?x WHERE {{ ?m tom:state tom:TargetState ; tom:includesCapability ?x . {LEAF}
               FILTER NOT EXISTS {{ ?f tom:supports ?x }}
               FILTER NOT EXISTS {{ ?f tom:supports ?p . ?p tom:realises ?x }}
               FILTER NOT EXISTS {{ ?x tom:needsNoTechnology true }} }}""",
    )
    assert found == {"cap-custody-witness-care"}
    unsupported_processes = iris(
        example_store,
        """SELECT ?x WHERE { ?x tom:realises ?c FILTER NOT EXISTS { ?f tom:supports ?x }
               FILTER NOT EXISTS { ?c tom:needsNoTechnology true } }""",
    )
    assert unsupported_processes == {"proc-custody-witness-needs"}


def test_gap_one_project_past_design_has_only_a_draft_high_level_design(
    example_store: Store,
) -> None:
    found = iris(
        example_store,
        """SELECT ?x WHERE { ?x tom:lifecycleStage [ tom:order ?o ] ;
                                tom:hasDesign [ tom:designStatus tom:DesignDraft ]
               FILTER (?o > 3) }""",
    )
    assert found == {"project-custody-pace-automation"}
    assert not ask(
        example_store,
        """ASK { ?x tom:lifecycleStage [ tom:order ?o ] ;
                    tom:hasDesign [ tom:designStatus tom:DesignInReview ] FILTER (?o > 3) }""",
    )


@pytest.mark.parametrize(
    ("pattern", "missing", "the_one"),
    [
        pytest.param("?x a tom:Project", "?x tom:subjectMatterExpert ?e",
                     "project-sii-financial-investigation",
                     id="one project has no subject matter expert"),
        pytest.param("?x a tom:Project", "?x tom:designLead ?l",
                     "project-custody-court-witness",
                     id="one project has no design lead"),
        pytest.param("?x a tom:CashableBenefit", "?x tom:cashableValue ?v",
                     "benefit-forensics-exhibit-stores",
                     id="one cashable benefit has no cashable value"),
        pytest.param("?x a/rdfs:subClassOf* tom:Benefit", "?x tom:baseline ?b",
                     "benefit-forensics-device-return",
                     id="one benefit has no baseline"),
        pytest.param("?x tom:criticality tom:CriticalityCritical", "?x tom:mitigation ?m",
                     "dep-case-file-on-cps-system",
                     id="one critical dependency has no mitigation"),
        pytest.param("?x a/rdfs:subClassOf* tom:Dependency", "?x tom:owner ?o",
                     "dep-capacity-on-custody-estate",
                     id="one dependency has no owner"),
    ],
)
def test_gap_exactly_one_resource_lacks_a_property(
    example_store: Store, pattern: str, missing: str, the_one: str
) -> None:
    found = iris(
        example_store,
        f"SELECT ?x WHERE {{ {pattern} FILTER NOT EXISTS {{ {missing} }} }}",
    )
    assert found == {the_one}


def test_gap_one_project_in_build_is_blocked_by_a_project_still_in_discovery(
    example_store: Store,
) -> None:
    found = rows(
        example_store,
        """SELECT ?x ?a ?b ?sa ?sb WHERE {
             ?x tom:dependent ?a ; tom:dependsOn ?b .
             ?a tom:lifecycleStage ?sa . ?sa tom:order ?oa .
             ?b a tom:Project ; tom:lifecycleStage ?sb . ?sb tom:order ?ob
             FILTER (?oa > ?ob) }""",
    )
    assert [
        (r["x"].removeprefix(MET), r["a"].removeprefix(MET), r["b"].removeprefix(MET))
        for r in found
    ] == [
        (
            "dep-intelligence-management-on-partner-sharing",
            "project-sii-intelligence-management",
            "project-sii-partner-sharing",
        )
    ]
    assert found[0]["sa"].endswith("#Build") and found[0]["sb"].endswith("#Discovery")


def test_gap_one_target_model_lacks_the_data_and_location_dimensions(
    example_store: Store,
) -> None:
    found = rows(
        example_store,
        """SELECT ?x ?d WHERE { ?x a tom:OperatingModel . ?d a tom:TomDimension
               FILTER NOT EXISTS { ?x tom:hasDimensionDesign [ tom:dimension ?d ] } }""",
    )
    assert sorted((r["x"].removeprefix(MET), r["d"].rsplit("#", 1)[1]) for r in found) == [
        ("om-sii-target", "DataDimension"),
        ("om-sii-target", "LocationDimension"),
    ]


def test_gap_one_target_model_does_not_conform_to_one_principle(example_store: Store) -> None:
    found = rows(
        example_store,
        """SELECT ?x ?p WHERE { ?x tom:state tom:TargetState .
               ?p tom:principleOf met:one-met-model-blueprint
               FILTER NOT EXISTS { ?x tom:conformsTo ?p } }""",
    )
    assert [(r["x"].removeprefix(MET), r["p"].removeprefix(MET)) for r in found] == [
        ("om-custody-target", "principle-victim-and-witness-centred")
    ]


def test_gap_one_mips_feature_supports_nothing(example_store: Store) -> None:
    found = iris(
        example_store,
        """SELECT ?x WHERE { ?x a tom:ApplicationFeature
               FILTER NOT EXISTS { ?x tom:supports ?s } }""",
    )
    assert found == {"feat-firearms-licensing"}


def test_gap_one_open_dependency_was_due_before_2027(example_store: Store) -> None:
    found = iris(
        example_store,
        """SELECT ?x WHERE { ?x tom:dueDate ?due ; tom:dependencyStatus ?s
               FILTER (?s != tom:DependencyResolved && ?due < "2027-01-01"^^xsd:date) }""",
    )
    assert found == {"dep-pace-on-custody-training"}

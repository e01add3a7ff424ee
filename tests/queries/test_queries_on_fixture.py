"""Every library query answers exactly right on a programme small enough to check by eye.

``fixtures/mini.ttl`` has two service areas, eight capabilities, three projects, six benefits
and five dependencies; each expected answer below was worked out from that file by hand.
"""

from __future__ import annotations

import pytest
from query_helpers import rows

from tomgraph.querylib import run_named_query


def test_heatmap_lists_every_capability_with_maturities_and_gap(mini_store):
    assert rows(run_named_query(mini_store, "capability-heatmap")) == [
        ("ex:capC", "1", "", "ex:saC", "1", "3", "2"),
        ("ex:capC1", "2", "ex:capC", "ex:saC", "1", "3", "2"),
        ("ex:capC2", "2", "ex:capC", "ex:saC", "2", "2", "0"),
        ("ex:capF", "1", "", "ex:saF", "2", "4", "2"),
        ("ex:capF1", "2", "ex:capF", "ex:saF", "2", "4", "2"),
        ("ex:capF2", "2", "ex:capF", "ex:saF", "3", "3", "0"),
        ("ex:capF11", "3", "ex:capF1", "ex:saF", "1", "4", "3"),
        ("ex:capF12", "3", "ex:capF1", "ex:saF", "2", "3", "1"),
    ]


def test_heatmap_filters_by_service_area_and_level(mini_store):
    answer = run_named_query(
        mini_store, "capability-heatmap", serviceArea="<http://example.org/mini/saF>", level=2
    )
    assert [r[0] for r in rows(answer)] == ["ex:capF1", "ex:capF2"]


def test_undelivered_gaps_are_gaps_no_project_delivers_largest_first(mini_store):
    # capF11 (gap 3) is delivered by projA and capC (gap 2) by projB; delivering a parent
    # does not deliver its children, so capC1 still counts.
    assert rows(run_named_query(mini_store, "undelivered-gaps")) == [
        ("ex:capC1", "2", "ex:saC", "1", "3", "2"),
        ("ex:capF", "1", "ex:saF", "2", "4", "2"),
        ("ex:capF1", "2", "ex:saF", "2", "4", "2"),
        ("ex:capF12", "3", "ex:saF", "2", "3", "1"),
    ]
    assert [r[0] for r in rows(run_named_query(mini_store, "undelivered-gaps", minGap=2))] == [
        "ex:capC1", "ex:capF", "ex:capF1",
    ]


def test_mips_uncovered_finds_target_leaves_and_processes_without_features(mini_store):
    # capF2 needs no technology; capC2 is supported directly; capC1 through its process.
    assert rows(run_named_query(mini_store, "mips-uncovered")) == [
        ("capability", "ex:capF12", "ex:saF", ""),
        ("process", "ex:procC2", "ex:saC", "ex:capC2"),
        ("process", "ex:procF12", "ex:saF", "ex:capF12"),
    ]
    custody = run_named_query(mini_store, "mips-uncovered", serviceArea="ex:saC".replace(
        "ex:", "<http://example.org/mini/") + ">")
    assert [r[1] for r in rows(custody)] == ["ex:procC2"]


def test_mips_uncovered_counts_only_the_named_applications_features(mini_store):
    answer = run_named_query(mini_store, "mips-uncovered", application="<http://example.org/none>")
    # No feature of that application supports anything: four leaves and four processes.
    assert len(rows(answer)) == 8


def test_features_that_support_nothing(mini_store):
    assert rows(run_named_query(mini_store, "mips-unused-features")) == [
        ("ex:featOrphan", "ex:mips", "tom:FeaturePlanned", "R3"),
    ]


def test_benefit_traceability_names_the_weak_links(mini_store):
    assert rows(run_named_query(mini_store, "benefit-traceability")) == [
        ("ex:benOp4", "ex:saC", "", "", "", "", "no enabling capability"),
        ("ex:benOp2", "ex:saF", "ex:capF12", "1", "0", "0", "no feature; no project"),
        ("ex:benCash1", "ex:saF", "ex:capF11", "1", "1", "1", ""),
        ("ex:benCash2", "ex:saC", "ex:capC1", "1", "1", "0", "no project"),
        ("ex:benOp1", "ex:saC", "ex:capC2", "1", "1", "0", "no project"),
        ("ex:benOp3", "ex:saF", "ex:capF2", "0", "0", "0", "no process; no project"),
    ]
    weak = rows(run_named_query(mini_store, "benefit-traceability", weakOnly=True))
    assert [r[0] for r in weak] == [
        "ex:benOp4", "ex:benOp2", "ex:benCash2", "ex:benOp1", "ex:benOp3"
    ]


@pytest.mark.parametrize(
    ("item", "expected"),
    [
        # featRecord <- projA <- projC <- projB: all three projects slip with it.
        pytest.param("featRecord", [
            ("project", "ex:projC", "ex:saC", ""),
            ("project", "ex:projB", "ex:saC", ""),
            ("project", "ex:projA", "ex:saF", ""),
            ("capability", "ex:capF11", "ex:saF", ""),
            ("capability", "ex:capC", "ex:saC", ""),
            ("operating model", "ex:omCtgt", "ex:saC", ""),
            ("operating model", "ex:omFtgt", "ex:saF", ""),
            ("benefit", "ex:benCash1", "ex:saF", "250000"),
            ("benefit", "ex:benCash2", "ex:saC", "100000.5"),
            ("benefit", "ex:benOp1", "ex:saC", ""),
        ], id="a slipping feature is transitive"),
        pytest.param("projC", [
            ("project", "ex:projB", "ex:saC", ""),
            ("capability", "ex:capC", "ex:saC", ""),
            ("operating model", "ex:omCtgt", "ex:saC", ""),
            ("benefit", "ex:benCash2", "ex:saC", "100000.5"),
            ("benefit", "ex:benOp1", "ex:saC", ""),
        ], id="a slipping project leaves out the project itself"),
    ],
)
def test_impact_of_a_slipping_item(mini_store, item, expected):
    answer = run_named_query(mini_store, "impact-analysis",
                             item=f"<http://example.org/mini/{item}>")
    assert rows(answer) == expected


def test_dependency_chains_longest_first(mini_store):
    assert rows(run_named_query(mini_store, "dependency-chains")) == [
        ("3", "ex:projB", "ex:projC", "ex:projA", "ex:featRecord", "", "", "", "false"),
        ("1", "ex:projB", "ex:nle", "", "", "", "", "", "true"),
    ]
    # With low criticality included, C's wish for the custody record becomes a chain too.
    low = rows(run_named_query(mini_store, "dependency-chains", minCriticality=1))
    assert [r[:4] for r in low] == [
        ("3", "ex:projB", "ex:projC", "ex:projA"),
        ("2", "ex:projB", "ex:projC", "ex:featCustody"),
        ("1", "ex:projB", "ex:nle", ""),
    ]


def test_projects_by_stage_in_stage_order(mini_store):
    assert rows(run_named_query(mini_store, "projects-by-stage")) == [
        ("tom:Discovery", "ex:saC", "ex:projC", "tom:PriorityMedium", "", "", ""),
        ("tom:Design", "ex:saF", "ex:projA", "tom:PriorityCritical", "ex:alice",
         "tom:DesignInReview", "0.3"),
        ("tom:Build", "ex:saC", "ex:projB", "tom:PriorityHigh", "ex:carol",
         "tom:DesignApproved", "1.0"),
    ]
    built = rows(run_named_query(mini_store, "projects-by-stage", stage="tom:Build"))
    assert [r[2] for r in built] == [
        "ex:projB"
    ]


def test_design_resources_show_people_and_gaps(mini_store):
    assert rows(run_named_query(mini_store, "design-resources")) == [
        ("ex:projC", "ex:saC", "design lead", "", "", "true"),
        ("ex:projC", "ex:saC", "subject-matter expert", "", "", "true"),
        ("ex:projB", "ex:saC", "design lead", "ex:carol", "Design lead", "false"),
        ("ex:projB", "ex:saC", "subject-matter expert", "", "", "true"),
        ("ex:projA", "ex:saF", "design lead", "ex:alice", "Design lead", "false"),
        ("ex:projA", "ex:saF", "subject-matter expert", "ex:bob", "Forensic scientist", "false"),
    ]
    gaps = rows(run_named_query(mini_store, "design-resources", missingOnly="true"))
    assert [(r[0], r[2]) for r in gaps] == [
        ("ex:projC", "design lead"), ("ex:projC", "subject-matter expert"),
        ("ex:projB", "subject-matter expert"),
    ]


def test_blueprint_conformance_per_model_and_principle(mini_store):
    answer = rows(run_named_query(mini_store, "blueprint-conformance", gapsOnly=True))
    assert [(r[0], r[4]) for r in answer] == [
        ("ex:omCtgt", "ex:pr1"), ("ex:omCtgt", "ex:pr3"),
        ("ex:omFtgt", "ex:pr3"),
        ("ex:omFcur", "ex:pr3"), ("ex:omFcur", "ex:pr2"),
    ]
    everything = rows(run_named_query(mini_store, "blueprint-conformance", state="tom:TargetState"))
    assert len(everything) == 6 and sum(r[5] == "true" for r in everything) == 3


def test_benefits_summary_by_area_then_programme_each_benefit_once(mini_store):
    assert rows(run_named_query(mini_store, "benefits-summary")) == [
        ("service area", "ex:saC", "tom:CashableBenefit", "1", "1", "100000.5", "0"),
        ("service area", "ex:saC", "tom:OperationalBenefit", "2", "1", "", ""),
        ("service area", "ex:saF", "tom:CashableBenefit", "1", "1", "250000", "0"),
        ("service area", "ex:saF", "tom:OperationalBenefit", "2", "0", "", ""),
        ("programme", "", "tom:CashableBenefit", "2", "2", "350000.5", "0"),
        ("programme", "", "tom:OperationalBenefit", "4", "1", "", ""),
    ]


def test_options_with_the_recommended_one_and_its_approving_decision(mini_store):
    assert rows(run_named_query(mini_store, "options-decisions")) == [
        ("ex:appr", "ex:opt3", "1", "81.5", "true", "ex:pcd269", "PCD 269", "", "tom:Approves",
         "2026-03-01", "ex:dmpc"),
        ("ex:appr", "ex:opt2", "2", "62", "false", "", "", "", "", "", ""),
        ("ex:appr", "ex:opt1", "3", "55", "false", "", "", "", "", "", ""),
    ]


def test_portfolio_overview_one_row_per_project_by_priority(mini_store):
    assert rows(run_named_query(mini_store, "portfolio-overview")) == [
        ("ex:projA", "ex:saF", "tom:Design", "tom:PriorityCritical", "ex:alice",
         "tom:DesignInReview", "1", "1", "250000", "1", "1"),
        ("ex:projB", "ex:saC", "tom:Build", "tom:PriorityHigh", "ex:carol",
         "tom:DesignApproved", "1", "1", "0", "2", "1"),
        ("ex:projC", "ex:saC", "tom:Discovery", "tom:PriorityMedium", "", "",
         "0", "1", "100000.5", "2", "0"),
    ]

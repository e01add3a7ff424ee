"""Every library query pins its exact answer on the bundled example programme, on every backend.

``expected/NAME.tsv`` holds each answer (IRIs shortened, unbound cells empty). The tests
beside the pins tie answers to the facts the example's README states, so a pin cannot drift
away from what the model says without one of them failing too.
"""

from __future__ import annotations

from collections import Counter

import pytest
from query_helpers import EXPECTED, read_tsv, rows

from tomgraph.querylib import query_names, run_named_query
from tomgraph.store.base import SelectResult


@pytest.mark.parametrize("name", query_names())
def test_the_answer_on_the_example_is_pinned(backend_example_store, name):
    result = run_named_query(backend_example_store, name)
    assert isinstance(result, SelectResult)
    header, expected = read_tsv(EXPECTED / f"{name}.tsv")
    assert result.variables == header
    assert rows(result) == expected


def test_undelivered_gaps_are_the_two_the_model_leaves_open(backend_example_store):
    assert rows(run_named_query(backend_example_store, "undelivered-gaps")) == [
        ("met:cap-custody-cell-observation", "3", "met:sa-custody", "2", "4", "2"),
        ("met:cap-forensics-fingerprint-identification", "3", "met:sa-forensics", "3", "4", "1"),
    ]


def test_mips_leaves_only_witness_care_uncovered(backend_example_store):
    assert [r[:2] for r in rows(run_named_query(backend_example_store, "mips-uncovered"))] == [
        ("capability", "met:cap-custody-witness-care"),
        ("process", "met:proc-custody-witness-needs"),
    ]
    unused = rows(run_named_query(backend_example_store, "mips-unused-features"))
    assert [r[0] for r in unused] == ["met:feat-firearms-licensing"]


def test_design_resource_gaps_are_one_missing_sme_and_one_missing_lead(backend_example_store):
    gaps = rows(run_named_query(backend_example_store, "design-resources", missingOnly=True))
    assert sorted((r[0], r[2]) for r in gaps) == [
        ("met:project-custody-court-witness", "design lead"),
        ("met:project-sii-financial-investigation", "subject-matter expert"),
    ]


def test_only_custody_target_misses_a_blueprint_principle(backend_example_store):
    gaps = run_named_query(
        backend_example_store, "blueprint-conformance", state="tom:TargetState", gapsOnly=True
    )
    assert [(r[0], r[4]) for r in rows(gaps)] == [
        ("met:om-custody-target", "met:principle-victim-and-witness-centred")
    ]


def test_the_longest_chain_runs_from_identification_to_the_national_service(
    backend_example_store,
):
    chains = rows(run_named_query(backend_example_store, "dependency-chains"))
    assert chains[0][0] == "4"
    assert [c for c in chains[0][1:6]] == [
        "met:project-forensics-identification-services",
        "met:project-forensics-submissions-hub",
        "met:project-forensics-exhibit-tracking",
        "met:project-forensics-digital-evidence-platform",
        chains[0][5],
    ]
    assert chains[0][-1] == "true"
    assert [int(c[0]) for c in chains] == sorted((int(c[0]) for c in chains), reverse=True)


def test_projects_by_stage_match_the_programme(backend_example_store):
    answer = rows(run_named_query(backend_example_store, "projects-by-stage"))
    assert Counter(r[0] for r in answer) == {
        "tom:Mandate": 2, "tom:Discovery": 4, "tom:Design": 6,
        "tom:Build": 6, "tom:Implementation": 4, "tom:Closed": 2,
    }
    assert len(rows(run_named_query(backend_example_store, "portfolio-overview"))) == 24


def test_heatmap_covers_all_76_capabilities_on_three_levels(backend_example_store):
    answer = rows(run_named_query(backend_example_store, "capability-heatmap"))
    assert Counter(r[1] for r in answer) == {"1": 12, "2": 29, "3": 35}


def test_slipping_digital_booking_hits_the_three_projects_of_its_chain(backend_example_store):
    answer = rows(run_named_query(backend_example_store, "impact-analysis"))
    assert sorted(r[1] for r in answer if r[0] == "project") == [
        "met:project-custody-charging",
        "met:project-custody-digital-booking",
        "met:project-custody-digital-case-file",
    ]
    assert {r[0] for r in answer} == {"project", "capability", "operating model", "benefit"}


def test_option_3_is_recommended_and_only_noted_by_pcd_269(backend_example_store):
    answer = rows(run_named_query(backend_example_store, "options-decisions"))
    assert [(r[1], r[4], r[6], r[8]) for r in answer] == [
        ("met:option-3", "true", "PCD 269", "tom:Notes"),
        ("met:option-2", "false", "", ""),
        ("met:option-1", "false", "", ""),
    ]


def test_the_decision_record_shows_three_resolutions_and_a_confidential_limit(
    backend_example_store,
):
    answer = rows(run_named_query(backend_example_store, "decision-record",
                                  decision="met:pcd-269"))
    assert [(r[4], r[6], r[8], r[10], r[11]) for r in answer] == [
        ("1", "tom:Notes", "", "", ""),
        ("2", "tom:ApprovesFunding", "", "", ""),
        ("3", "tom:Delegates", "met:commercial-director", "", "Part 2"),
    ]


def test_benefits_are_counted_once_and_the_programme_total_is_6_6_million(
    backend_example_store,
):
    answer = rows(run_named_query(backend_example_store, "benefits-summary"))
    areas = [r for r in answer if r[0] == "service area" and r[2] == "tom:CashableBenefit"]
    programme = [r for r in answer if r[0] == "programme"]
    assert sum(int(r[5]) for r in areas) == 6_600_000
    assert [(r[2], r[3], r[5], r[6]) for r in programme] == [
        ("tom:CashableBenefit", "8", "6600000", "1"),
        ("tom:OperationalBenefit", "12", "", ""),
    ]


def test_confidential_amounts_have_no_figure(backend_example_store):
    answer = rows(run_named_query(backend_example_store, "cost-and-funding"))
    assert {(r[1], r[3], r[5], r[6]) for r in answer} == {
        ("tom:ContractCeiling", "", "true", "Part 2"),
        ("tom:Cost", "", "true", "Part 2"),
    }


def test_the_risk_register_lists_the_critical_risks_first(backend_example_store):
    answer = rows(run_named_query(backend_example_store, "risk-register"))
    assert [r[2] for r in answer] == ["tom:CriticalityCritical"] * 3 + ["tom:CriticalityHigh"]
    unmitigated = [r[0] for r in answer if not r[7]]
    assert unmitigated == ["met:risk-contract-award-delay"]


def test_the_dependency_register_filters_by_type(backend_example_store):
    people = rows(run_named_query(backend_example_store, "dependency-register",
                                  type="tom:PeopleDependency"))
    assert len(people) == 16
    assert all(r[1] == "tom:PeopleDependency" for r in people)
    on_design = [r for r in people if r[3] == "met:procurement-design-resources"]
    assert len(on_design) == 12


def test_the_former_name_of_undelivered_gaps_still_answers(backend_example_store):
    assert rows(run_named_query(backend_example_store, "unfunded-gaps")) == rows(
        run_named_query(backend_example_store, "undelivered-gaps")
    )

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


def test_unfunded_gaps_are_the_two_the_model_leaves_open(backend_example_store):
    assert rows(run_named_query(backend_example_store, "unfunded-gaps")) == [
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


def test_option_3_is_recommended_and_approved_by_pcd_269(backend_example_store):
    answer = rows(run_named_query(backend_example_store, "options-decisions"))
    assert [(r[1], r[4], r[6]) for r in answer] == [
        ("met:option-3", "true", "PCD 269"),
        ("met:option-2", "false", ""),
        ("met:option-1", "false", ""),
    ]

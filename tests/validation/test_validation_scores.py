"""Completeness scores, checked against sums worked out by hand.

Rule: score = 1 - (weights of failed Violation/Warning checks) / (weights of the
Violation/Warning checks that target the entity); groups pool required and missing weight.
"""

from __future__ import annotations

import pytest
from shape_fixtures import COMPLETE, model_store

from tomgraph.validation import validate
from tomgraph.validation.catalogue import Catalogue, Group, ShapeInfo
from tomgraph.validation.results import Severity, ValidationResult
from tomgraph.validation.scores import compute_scores

G1, G2 = Group("<g1>", "Section one", 1), Group("<g2>", "Section two", 2)
SHAPES = {
    "<A>": ShapeInfo("<A>", "A", severity=Severity.VIOLATION, group=G1, weight=2, is_check=True),
    "<B>": ShapeInfo("<B>", "B", severity=Severity.WARNING, group=G1, weight=1, is_check=True),
    "<C>": ShapeInfo("<C>", "C", severity=Severity.INFO, group=G2, weight=1, is_check=True),
    "<D>": ShapeInfo("<D>", "D", severity=Severity.VIOLATION, group=G2, weight=3, is_check=True),
}


def result(focus: str, shape: str, severity: Severity, value: str | None = None):
    return ValidationResult(focus, None, severity, shape, "<component>", value)


@pytest.fixture
def scores():
    catalogue = Catalogue(
        shapes=dict(SHAPES),
        groups={"<g1>": G1, "<g2>": G2},
        focus={"<A>": {"<x>", "<y>"}, "<B>": {"<x>", "<y>"}, "<C>": {"<x>"}, "<D>": {"<y>"}},
    )
    results = [
        result("<x>", "<A>", Severity.VIOLATION, '"1"'),
        result("<x>", "<A>", Severity.VIOLATION, '"2"'),  # the same check again: counts once
        result("<x>", "<C>", Severity.INFO),  # Info: never counts
        result("<y>", "<D>", Severity.VIOLATION),
    ]
    memberships = {"project": {"<p>": {"<p>", "<x>"}}, "service-area": {"<s>": {"<x>", "<y>"}}}
    return compute_scores(catalogue, results, memberships)


def test_an_entity_scores_the_weighted_share_of_its_required_facts_present(scores):
    # x: required A(2) + B(1) = 3 (C is Info); missing A(2) once  → 1/3
    assert scores.entities["<x>"].required == 3
    assert scores.entities["<x>"].missing == 2
    assert scores.entities["<x>"].value == pytest.approx(1 / 3)
    # y: required A(2) + B(1) + D(3) = 6; missing D(3) → 1/2
    assert scores.entities["<y>"].value == pytest.approx(0.5)


def test_groups_of_entities_pool_required_and_missing_weight(scores):
    # programme: (3 + 6) required, (2 + 3) missing → 4/9
    assert scores.programme.value == pytest.approx(4 / 9)
    assert scores.programme.entities == 2
    assert scores.service_areas["<s>"].value == pytest.approx(4 / 9)
    # the project owns x (and <p>, which no check targets, so it adds nothing)
    assert scores.projects["<p>"].value == pytest.approx(1 / 3)
    assert scores.projects["<p>"].entities == 1


def test_sections_score_over_the_entity_check_pairs_of_their_checks(scores):
    # section one: (x,A)=2 (x,B)=1 (y,A)=2 (y,B)=1 → 6 required, (x,A) missing 2 → 2/3
    assert scores.groups["<g1>"].value == pytest.approx(2 / 3)
    # section two: (x,C) is Info; (y,D)=3 required and missing → 0
    assert scores.groups["<g2>"].value == pytest.approx(0.0)


def test_by_shape_is_failures_over_focus_nodes_targeted_worst_first(scores):
    rows = [(b.shape.iri, b.failed, b.targeted, b.rate) for b in scores.by_shape]
    assert rows == [
        ("<C>", 1, 1, 1.0),  # Info still shows in "which rule fails most"
        ("<D>", 1, 1, 1.0),
        ("<A>", 1, 2, 0.5),
        ("<B>", 0, 2, 0.0),
    ]


def test_a_result_the_targets_did_not_predict_still_counts_against_its_entity():
    catalogue = Catalogue(shapes=dict(SHAPES), groups={}, focus={"<A>": {"<x>"}})
    scores = compute_scores(catalogue, [result("<w>", "<A>", Severity.VIOLATION)])
    assert scores.entities["<w>"].value == 0.0
    assert [(b.failed, b.targeted) for b in scores.by_shape] == [(1, 2)]


def test_nothing_required_gives_no_score_rather_than_a_perfect_one():
    scores = compute_scores(Catalogue(shapes={}, groups={}), [])
    assert scores.programme.value is None


EX = "<https://example.org/complete/"


def test_on_a_real_model_a_capability_without_owner_scores_seven_eighths():
    # Capability checks at Violation/Warning and their weights: label 1, owner 2, service area 1,
    # level 1, parent 1, current maturity 1, target maturity 2, place in hierarchy 1,
    # realised by process 1, MiPS support 2, maturity gap closed 3 = 16; owner missing: 14/16.
    text = COMPLETE.read_text().replace(
        "tom:level 2 ; tom:parentCapability ex:cap-1 ; tom:serviceArea ex:forensics ;\n"
        "    tom:owner ex:alice ; tom:currentMaturity tom:Maturity3",
        "tom:level 2 ; tom:parentCapability ex:cap-1 ; tom:serviceArea ex:forensics ;\n"
        "    tom:currentMaturity tom:Maturity3",
    )
    assert text != COMPLETE.read_text()
    store = model_store(text)
    report = validate(store)
    assert [f.shape.short for f in report.findings] == ["tomsh:Capability-owner"]
    assert report.scores.entities[EX + "cap-1-2>"].value == pytest.approx(14 / 16)


def test_on_a_real_model_a_project_without_design_lead_scores_through_what_it_owns():
    # Project checks at Violation/Warning: label 1, programme 1, service area 1, stage 1,
    # priority 1, design lead 2, SMEs 1, delivers 2, benefits 1, approved HLD 3, HLD in
    # design 1, depends on a project further behind 2 = 17 → without a lead 15/17.
    # Its roll-up adds its HLD (4: title, project, status, authors; version is Info), its
    # dependency (14) and the capability it delivers (16): 51 required, 2 missing → 49/51.
    text = COMPLETE.read_text().replace(
        "tom:lifecycleStage tom:Implementation ; tom:priority tom:PriorityCritical ;\n"
        "    tom:designLead ex:bob ;",
        "tom:lifecycleStage tom:Implementation ; tom:priority tom:PriorityCritical ;",
    )
    assert text != COMPLETE.read_text()
    report = validate(model_store(text))
    assert [f.shape.short for f in report.findings] == ["tomsh:Project-designLead"]
    assert report.scores.entities[EX + "proj-platform>"].value == pytest.approx(15 / 17)
    project = report.scores.projects[EX + "proj-platform>"]
    assert (project.required, project.missing, project.entities) == (51, 2, 4)
    assert project.value == pytest.approx(49 / 51)


def test_info_results_leave_every_score_at_one():
    text = COMPLETE.read_text().replace('tom:version "2.1" ; ', "")
    report = validate(model_store(text))
    assert [f.severity for f in report.findings] == [Severity.INFO]
    assert report.scores.programme.value == 1.0
    assert all(s.value == 1.0 for s in report.scores.projects.values())

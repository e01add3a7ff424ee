"""The bundled example validates with exactly the gaps its README lists ("Deliberate gaps"),
as a realistic mix of Violations, Warnings and Infos."""

from __future__ import annotations

from datetime import date

import pytest

from tomgraph.namespaces import MET
from tomgraph.validation import Severity, validate

EXPECTED = {
    Severity.VIOLATION: {
        ("cap-sii-network-analysis", "Capability-owner"),  # gap 1
        ("cap-custody-custody-performance", "Capability-owner"),  # gap 1
        ("cap-forensics-fingerprint-identification", "Coherence-undeliveredGap"),  # gap 3
        ("cap-custody-cell-observation", "Coherence-undeliveredGap"),  # gap 3
        ("project-custody-pace-automation", "Project-hldApproved"),  # gap 5
        ("project-custody-court-witness", "Project-designLead"),  # gap 7
        ("benefit-forensics-exhibit-stores", "CashableBenefit-value"),  # gap 8
        ("dep-case-file-on-cps-system", "Dependency-criticalMitigation"),  # gap 10
        ("om-sii-target", "OperatingModel-targetDimensions"),  # gap 13 (Data, Location)
        ("risk-contract-award-delay", "Risk-criticalMitigation"),  # gap 19
    },
    Severity.WARNING: {
        ("cap-forensics-cctv-recovery-analysis", "Capability-realisedByProcess"),  # gap 2
        ("cap-sii-money-laundering", "Capability-realisedByProcess"),  # gap 2
        ("cap-custody-out-of-court-disposals", "Capability-realisedByProcess"),  # gap 2
        ("cap-custody-witness-care", "Capability-technologySupport"),  # gap 4
        ("proc-custody-witness-needs", "Process-supportedByFeature"),  # gap 4, its process
        ("project-sii-financial-investigation", "Project-sme"),  # gap 6
        ("benefit-forensics-device-return", "Benefit-baseline"),  # gap 9
        ("dep-capacity-on-custody-estate", "Dependency-owner"),  # gap 11
        ("project-sii-intelligence-management", "Coherence-dependencyOnEarlierStage"),  # gap 12
        ("om-custody-target", "OperatingModel-blueprintPrinciples"),  # gap 14
        ("dep-pace-on-custody-training", "Dependency-overdue"),  # gap 16
        ("pcd-269", "Decision-date"),  # gap 17
        ("pcd-268", "Decision-date"),  # gap 18
        ("pcd-268", "Decision-maker"),  # gap 18
    },
    Severity.INFO: {
        ("feat-firearms-licensing", "Feature-supports"),  # gap 15
    },
}

OVERDUE_NOW = {"dep-pace-on-custody-training"}
"""The one unresolved dependency of the example due before 2027 (due 2026-10-31)."""


def local(node: str) -> str:
    return node.strip("<>").removeprefix(MET).removeprefix("https://w3id.org/tomgraph/shapes#")


def found(report) -> dict[Severity, set[tuple[str, str]]]:
    out: dict[Severity, set[tuple[str, str]]] = {s: set() for s in Severity}
    for f in report.findings:
        out[f.severity].add((local(f.focus), local(f.shape.iri)))
    return out


def test_the_example_shows_exactly_its_deliberate_gaps(example_store):
    report = validate(example_store)
    actual = found(report)
    # Dependencies due after today's date are not overdue yet; those due before are. The
    # example's other unresolved dependencies fall due from 2027, so after that the overdue
    # rule finds more and this test names them.
    overdue_later = {
        (dep, shape) for dep, shape in actual[Severity.WARNING]
        if shape == "Dependency-overdue" and dep not in OVERDUE_NOW
    }
    assert date.today() >= date(2027, 1, 1) or not overdue_later
    assert actual[Severity.WARNING] - overdue_later == EXPECTED[Severity.WARNING]
    assert actual[Severity.VIOLATION] == EXPECTED[Severity.VIOLATION]
    assert actual[Severity.INFO] == EXPECTED[Severity.INFO]


def test_the_example_mixes_severities_and_counts_each_result(example_store):
    report = validate(example_store)
    counts = report.counts
    assert counts[Severity.VIOLATION] == 11  # ten pairs; the SII target misses two dimensions
    assert counts[Severity.INFO] == 1
    assert counts[Severity.WARNING] >= 14
    values = sorted(f.value_label for f in report.findings
                    if f.shape.short == "tomsh:OperatingModel-targetDimensions")
    assert values == ["Data", "Location"]


def test_the_example_scores_are_high_but_not_perfect(example_store):
    scores = validate(example_store).scores
    assert 0.95 < scores.programme.value < 1.0
    assert len(scores.projects) == 24
    assert len(scores.operating_models) == 6
    assert len(scores.service_areas) == 3
    worst = min(scores.projects.values(), key=lambda s: s.value)
    assert worst.value < 1.0


@pytest.mark.slow
def test_both_engines_find_the_same_results_on_the_example(example_store):
    fast = validate(example_store, engine="fast")
    reference = validate(example_store, engine="reference")
    assert sorted(f.result.key() for f in fast.findings) == sorted(
        f.result.key() for f in reference.findings
    )

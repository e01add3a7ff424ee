"""What HermiT concludes about the bundled example programme (hand-checked against its data)."""

from __future__ import annotations

from collections import Counter

import pytest

from tomgraph.namespaces import MET, TOM
from tomgraph.reasoning import ReasoningReport, reason

RDF_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"


@pytest.fixture(scope="module")
def report() -> ReasoningReport:
    from tomgraph.store import example_store

    return reason(example_store(), write=False)


def members(report: ReasoningReport, cls: str) -> set[str]:
    """Local names of the example individuals inferred to be in ``tom:cls``."""
    found = set()
    for line in report.inferred_ntriples.splitlines():
        s, p, o = line.rstrip(" .").split(" ", 2)
        if p == RDF_TYPE and o == f"<{TOM}{cls}>" and s.startswith(f"<{MET}"):
            found.add(s[1 + len(MET) : -1])
    return found


@pytest.mark.slow
def test_the_example_is_consistent_with_no_unsatisfiable_classes(report):
    assert report.consistent and report.unsatisfiable == []


@pytest.mark.slow
def test_orphan_capabilities_are_exactly_the_leaves_no_process_realises(report):
    assert members(report, "OrphanCapability") == {
        "cap-custody-out-of-court-disposals",
        "cap-forensics-cctv-recovery-analysis",
        "cap-sii-money-laundering",
    }


@pytest.mark.slow
def test_the_build_project_waiting_on_a_discovery_project_is_at_risk(report):
    assert members(report, "ProjectAtRisk") == {"project-sii-intelligence-management"}


@pytest.mark.slow
def test_operating_models_are_classified_current_or_target(report):
    assert members(report, "CurrentOperatingModel") == {
        "om-custody-current",
        "om-forensics-current",
        "om-sii-current",
    }
    assert members(report, "TargetOperatingModel") == {
        "om-custody-target",
        "om-forensics-target",
        "om-sii-target",
    }


@pytest.mark.slow
def test_critical_dependencies_and_cashable_benefit_projects(report):
    assert members(report, "CriticalDependency") == {
        "dep-booking-on-digital-booking-feature",
        "dep-case-file-on-cps-system",
        "dep-case-file-on-digital-booking",
        "dep-digital-evidence-on-national-transfer",
        "dep-exhibits-on-exhibit-tracking-feature",
        "dep-intelligence-on-intelligence-log-feature",
        "dep-submissions-hub-on-design-resources",
        "dep-submissions-hub-on-exhibit-tracking",
    }
    assert members(report, "CashableBenefitProject") == {
        "project-custody-capacity",
        "project-custody-digital-booking",
        "project-custody-digital-case-file",
        "project-custody-pace-automation",
        "project-forensics-accreditation",
        "project-forensics-digital-evidence-platform",
        "project-forensics-exhibit-tracking",
        "project-forensics-submissions-hub",
        "project-sii-covert-authorities",
        "project-sii-financial-investigation",
        "project-sii-intelligence-management",
    }


@pytest.mark.slow
def test_capability_classifications_count_as_in_the_data(report):
    counts = Counter(
        cls
        for cls in (
            "CapabilityWithMaturityGap",
            "RealisedCapability",
            "TechnologyEnabledCapability",
        )
        for _ in members(report, cls)
    )
    assert counts == {
        "CapabilityWithMaturityGap": 68,
        "RealisedCapability": 45,
        "TechnologyEnabledCapability": 42,
    }
    assert "cap-custody-witness-care" not in members(report, "TechnologyEnabledCapability")

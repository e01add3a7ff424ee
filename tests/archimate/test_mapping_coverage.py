"""Every mapping the exchange asks for comes from the ontology's annotations."""

from __future__ import annotations

import pytest

from tomgraph.archimate.mapping import default_mapping
from tomgraph.namespaces import TOM

ORG = "http://www.w3.org/ns/org#"


@pytest.mark.parametrize("archimate, cls", [
    ("Capability", TOM + "Capability"),
    ("BusinessProcess", TOM + "BusinessProcess"),
    ("BusinessFunction", TOM + "BusinessProcess"),
    ("ApplicationComponent", TOM + "Application"),
    ("ApplicationFunction", TOM + "ApplicationFeature"),
    ("ApplicationService", TOM + "ApplicationFeature"),
    ("WorkPackage", TOM + "Project"),
    ("Deliverable", TOM + "DesignArtefact"),
    ("Plateau", TOM + "OperatingModel"),
    ("Goal", TOM + "Benefit"),
    ("Outcome", TOM + "Benefit"),
    ("Principle", TOM + "Principle"),
    ("BusinessActor", TOM + "ServiceArea"),
    ("BusinessRole", ORG + "Role"),
])
def test_each_element_type_the_exchange_names_imports_as_its_ontology_class(archimate, cls):
    assert default_mapping().import_class[archimate] == cls


def test_a_gap_stays_in_archimate_terms_because_the_ontology_infers_its_gaps():
    m = default_mapping()
    assert "Gap" not in m.import_class
    assert TOM + "CapabilityWithMaturityGap" in m.inferred["Gap"]


@pytest.mark.parametrize("kind", ["Realization", "Serving", "Assignment", "Influence"])
def test_each_relationship_the_exchange_names_maps_onto_a_tom_relation(kind):
    assert any(r.kind == kind for r in default_mapping().rules)

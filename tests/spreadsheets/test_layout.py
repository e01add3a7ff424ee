"""The workbook layout comes from the shapes graph: sheets, columns, choices, references."""

from __future__ import annotations

from tomgraph.namespaces import SHAPES_GRAPH, TOM
from tomgraph.spreadsheets.layout import build_layout

EXTRA_SHAPE = b"""
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix tomsh: <https://w3id.org/tomgraph/shapes#> .
@prefix tom: <https://w3id.org/tomgraph/ontology#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
tomsh:CapabilityShape sh:property tomsh:Capability-budget .
tomsh:Capability-budget a sh:PropertyShape ;
    sh:path tom:annualBudget ; sh:datatype xsd:decimal ; sh:maxCount 1 ; sh:minCount 1 ;
    sh:name "annual budget"@en ; sh:description "What the capability costs a year."@en .
"""


def test_there_is_one_sheet_per_kind_of_thing_the_shapes_describe(shapes_store):
    names = {s.name for s in build_layout(shapes_store).sheets}
    assert {"Capability", "Business process", "Application feature", "Operating model",
            "Project", "Benefit", "Dependency", "Person", "High-level design",
            "Blueprint principle"} <= names


def test_classes_that_columns_refer_to_get_a_sheet_of_their_own(shapes_store):
    layout = build_layout(shapes_store)
    area = layout.sheet("Service area")
    assert area is not None and not area.described
    parent = layout.sheet("Capability").column("Capability parent")
    assert parent.kind == "ref" and parent.target == TOM + "Capability" and not parent.multi


def test_code_lists_become_choices_in_their_order(shapes_store):
    project = build_layout(shapes_store).sheet("Project")
    stage = project.column("Lifecycle stage")
    assert stage.kind == "choice"
    assert [c.label for c in stage.choices] == [
        "Mandate", "Discovery", "Design", "Build", "Implementation", "Closed"]
    assert stage.required and not stage.multi


def test_a_subclass_shape_adds_its_columns_to_the_superclass_sheet(shapes_store):
    benefit = build_layout(shapes_store).sheet("Benefit")
    assert {t.label for t in benefit.types} >= {"Cashable benefit", "Operational benefit"}
    assert benefit.column("Cashable value").only_for == TOM + "CashableBenefit"


def test_adding_a_property_shape_adds_a_column_without_code(shapes_store):
    before = build_layout(shapes_store).sheet("Capability")
    assert before.column("Annual budget") is None
    shapes_store.load_bytes(EXTRA_SHAPE, _turtle(), graph=SHAPES_GRAPH)
    after = build_layout(shapes_store).sheet("Capability")
    budget = after.column("Annual budget")
    assert budget is not None and budget.required and budget.kind == "literal"
    assert len(after.columns) == len(before.columns) + 1


def _turtle():
    import pyoxigraph as ox

    return ox.RdfFormat.TURTLE

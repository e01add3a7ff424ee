"""Every kind of form field comes from the shapes: adding a property shape adds a field."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from editing_support import CAPABILITY, form_fields, sign_in, with_value
from flask import Flask
from werkzeug.datastructures import MultiDict

from tomgraph.namespaces import SHAPES_GRAPH, TOM, XSD
from tomgraph.store import EmbeddedStore
from tomgraph.web.editing.form_spec import Field, field_key, form_spec

EX = "https://example.org/extra#"
EXTRA_SHAPES = f"""
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix tom: <https://w3id.org/tomgraph/ontology#> .
@prefix tomsh: <https://w3id.org/tomgraph/shapes#> .
@prefix ex: <{EX}> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .

ex:ExtraGroup a sh:PropertyGroup ; rdfs:label "Extra facts"@en ; sh:order 0 .
ex:ExtraShape a sh:NodeShape ; sh:targetClass tom:Capability ;
  sh:property ex:flag , ex:colour , ex:reviewed , ex:cost , ex:link , ex:reviewers ,
              ex:code , ex:when , ex:grade .
ex:flag sh:path ex:flag ; sh:datatype xsd:boolean ; sh:maxCount 1 ; sh:name "flag"@en ;
  sh:order 2 ; sh:group ex:ExtraGroup ; sh:severity sh:Info .
ex:colour sh:path ex:colour ; sh:in ( "red" "green" ) ; sh:maxCount 1 ; sh:name "colour"@en ;
  sh:order 1 ; sh:group ex:ExtraGroup ; sh:description "The RAG colour."@en .
ex:reviewed sh:path ex:reviewed ; sh:datatype xsd:date ; sh:maxCount 1 ; sh:minCount 1 ;
  sh:name "reviewed on"@en ; sh:group ex:ExtraGroup ; sh:order 3 ; sh:severity sh:Warning .
ex:cost sh:path ex:cost ; sh:datatype xsd:decimal ; sh:maxCount 1 ; sh:name "cost"@en ;
  sh:group ex:ExtraGroup ; sh:order 4 .
ex:link sh:path ex:link ; sh:datatype xsd:anyURI ; sh:maxCount 1 ; sh:name "link"@en ;
  sh:group ex:ExtraGroup ; sh:order 5 .
ex:reviewers sh:path ex:reviewer ; sh:class tom:Person ; sh:name "reviewers"@en ;
  sh:group ex:ExtraGroup ; sh:order 6 .
ex:code sh:path ex:code ; sh:datatype xsd:string ; sh:maxCount 3 ; sh:name "codes"@en ;
  sh:group ex:ExtraGroup ; sh:order 7 .
ex:when sh:path ex:when ; sh:datatype xsd:dateTime ; sh:maxCount 1 ; sh:name "when"@en ;
  sh:group ex:ExtraGroup ; sh:order 8 .
ex:grade sh:path ex:grade ; sh:datatype xsd:integer ; sh:maxCount 1 ; sh:name "grade"@en ;
  sh:group ex:ExtraGroup ; sh:order 9 .
"""


@pytest.fixture
def extended(edit_store: EmbeddedStore) -> EmbeddedStore:
    edit_store.load_bytes(EXTRA_SHAPES.encode(), ox.RdfFormat.TURTLE, graph=SHAPES_GRAPH)
    return edit_store


def field(store: EmbeddedStore, local: str) -> Field:
    spec = form_spec(store, TOM + "Capability")
    found = spec.field_for(EX + local)
    assert found is not None, f"no field for ex:{local}"
    return found


def test_a_new_property_shape_adds_a_field_in_its_group_in_order(
    extended: EmbeddedStore,
) -> None:
    spec = form_spec(extended, TOM + "Capability")
    first = spec.sections[0]
    assert first.label == "Extra facts"
    assert [f.label for f in first.fields][:3] == ["colour", "flag", "reviewed on"]


@pytest.mark.parametrize(("local", "kind"), [
    ("flag", "boolean"), ("colour", "select"), ("reviewed", "date"), ("cost", "decimal"),
    ("link", "url"), ("reviewer", "picker"), ("code", "text"), ("when", "datetime"),
    ("grade", "integer"),
])
def test_each_datatype_class_or_list_gives_its_kind_of_field(
    extended: EmbeddedStore, local: str, kind: str
) -> None:
    assert field(extended, local).kind == kind


def test_min_count_makes_a_field_required_and_max_count_decides_repeatable(
    extended: EmbeddedStore,
) -> None:
    assert field(extended, "reviewed").required and not field(extended, "flag").required
    assert not field(extended, "flag").repeatable
    assert field(extended, "reviewer").repeatable  # no sh:maxCount
    assert field(extended, "code").repeatable and field(extended, "code").max_count == 3


def test_name_description_and_severity_come_from_the_shape(extended: EmbeddedStore) -> None:
    colour = field(extended, "colour")
    assert (colour.label, colour.help) == ("colour", "The RAG colour.")
    assert [c.label for c in colour.choices] == ["red", "green"]
    assert field(extended, "reviewed").severity == "Warning"
    assert field(extended, "flag").severity == "Info"


def test_the_shapes_own_fields_keep_their_groups(edit_store: EmbeddedStore) -> None:
    spec = form_spec(edit_store, TOM + "Capability")
    assert [s.label for s in spec.sections][:3] == [
        "Identity and ownership", "Capability hierarchy", "Maturity"]
    owner = spec.field_for(TOM + "owner")
    assert owner is not None and owner.kind == "picker" and owner.required


def test_the_form_renders_typed_inputs_and_saves_typed_values(
    extended: EmbeddedStore, edit_app: Flask
) -> None:
    client = edit_app.test_client()
    sign_in(client, "lead")
    page = client.get(f"/edit?iri={CAPABILITY}").get_data(as_text=True)
    assert 'type="date"' in page and 'type="url"' in page and 'type="datetime-local"' in page
    assert 'step="any"' in page and 'step="1"' in page and "The RAG colour." in page
    fields = form_fields(page)
    for local, value in [("flag", "true"), ("colour", '"red"'), ("reviewed", "2026-03-01"),
                         ("cost", "12.50"), ("link", "https://example.org/doc"),
                         ("code", "A1"), ("when", "2026-03-01T10:30"), ("grade", "3"),
                         ("reviewer", "<https://w3id.org/tomgraph/example/met/person-tom-whitfield>")]:
        fields = with_value(fields, field_key(EX + local), value)
    response = client.post("/edit", data=MultiDict(fields))
    assert response.status_code == 302, response.get_data(as_text=True)
    objects = {
        q.predicate.value[len(EX):]: q.object
        for q in extended.oxigraph.quads_for_pattern(ox.NamedNode(CAPABILITY), None, None)
        if q.predicate.value.startswith(EX)
    }
    assert objects["flag"] == ox.Literal("true", datatype=ox.NamedNode(XSD + "boolean"))
    assert objects["colour"] == ox.Literal("red")
    assert objects["reviewed"] == ox.Literal("2026-03-01", datatype=ox.NamedNode(XSD + "date"))
    assert float(objects["cost"].value) == 12.5
    assert objects["cost"].datatype == ox.NamedNode(XSD + "decimal")
    assert objects["link"] == ox.Literal("https://example.org/doc",
                                         datatype=ox.NamedNode(XSD + "anyURI"))
    assert objects["code"] == ox.Literal("A1")
    assert objects["when"] == ox.Literal("2026-03-01T10:30:00",
                                         datatype=ox.NamedNode(XSD + "dateTime"))
    assert objects["grade"] == ox.Literal("3", datatype=ox.NamedNode(XSD + "integer"))
    assert isinstance(objects["reviewer"], ox.NamedNode)


def test_a_value_outside_the_list_is_refused(extended: EmbeddedStore, edit_app: Flask) -> None:
    client = edit_app.test_client()
    sign_in(client, "lead")
    fields = with_value(form_fields(client.get(f"/edit?iri={CAPABILITY}").get_data(True)),
                        field_key(EX + "colour"), '"purple"')
    response = client.post("/edit", data=MultiDict(fields))
    assert response.status_code == 422
    assert "not one of the allowed values" in response.get_data(as_text=True)

"""Import → export keeps an ArchiMate model whole; export → import is the identity on ours."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from conformance import conformance_dir

from tomgraph.archimate import export_graph, import_file, validate_file
from tomgraph.archimate.exporter import graph_triples
from tomgraph.archimate.mapping import default_mapping
from tomgraph.namespaces import DCTERMS, MODEL_GRAPH, RDF, RDFS, TOM
from tomgraph.store import EmbeddedStore, example_store

from .canon import canonical
from .samples import ELEMENT_TYPES, RELATIONSHIP_TYPES, every_type_model

ARCHI_MODELS = ["archisurance.xml", "Sample1.xml", "bendpoint.test.xml"]


def round_trip(source: Path, tmp_path: Path) -> tuple[EmbeddedStore, Path]:
    store = EmbeddedStore()
    import_file(store, source)
    out = tmp_path / f"out-{source.name}"
    with out.open("wb") as fh:
        export_graph(store, fh)
    return store, out


@pytest.mark.parametrize("name", ARCHI_MODELS)
def test_every_archi_test_model_validates_imports_and_exports_without_loss(name, tmp_path):
    source = conformance_dir("archimate") / name
    validate_file(source)
    _, out = round_trip(source, tmp_path)
    validate_file(out)
    assert canonical(out) == canonical(source)


def test_a_model_with_every_element_and_relationship_type_round_trips(tmp_path):
    source = tmp_path / "all.xml"
    source.write_text(every_type_model(), encoding="utf-8")
    validate_file(source)
    store, out = round_trip(source, tmp_path)
    validate_file(out)
    before, after = canonical(source), canonical(out)
    assert after == before
    assert {t for t, *_ in after["elements"].values()} == set(ELEMENT_TYPES)
    assert {r[0] for r in after["relationships"].values()} == set(RELATIONSHIP_TYPES)


def test_imported_views_keep_nesting_bendpoints_and_styles_in_the_graph(tmp_path):
    source = tmp_path / "all.xml"
    source.write_text(every_type_model(), encoding="utf-8")
    store, _ = round_trip(source, tmp_path)
    am = "https://w3id.org/tomgraph/archimate#"
    ids = "https://w3id.org/tomgraph/archimate/id/"
    quads = set(store.oxigraph.quads_for_pattern(None, None, None, None))  # type: ignore[attr-defined]
    triples = {(q.subject.value, q.predicate.value, q.object.value) for q in quads}
    assert (ids + "n-2", am + "parent", ids + "n-1") in triples
    assert (ids + "c-1", am + "bendpoints", "450,30 450,60") in triples
    assert (ids + "n-1", am + "fillColor", "#ff0000") in triples
    assert (ids + "r-Access", am + "accessType", "ReadWrite") in triples


def test_mapped_types_get_their_ontology_class_relations_and_properties(tmp_path):
    source = tmp_path / "all.xml"
    source.write_text(every_type_model(), encoding="utf-8")
    store, _ = round_trip(source, tmp_path)
    ids = "https://w3id.org/tomgraph/archimate/id/"
    quads = store.oxigraph.quads_for_pattern(None, None, None, None)  # type: ignore[attr-defined]
    triples = {(q.subject.value, q.predicate.value, q.object.value) for q in quads}
    assert (ids + "e-Capability", RDF + "type", TOM + "Capability") in triples
    assert (ids + "e-WorkPackage", RDF + "type", TOM + "Project") in triples
    assert (ids + "e-BusinessProcess", TOM + "realises", ids + "e-Capability") in triples
    assert (ids + "e-Capability", TOM + "currentMaturity", TOM + "Maturity3") in triples
    assert (ids + "e-Capability", TOM + "targetMaturity", TOM + "Maturity4") in triples
    assert (ids + "e-Capability", RDFS + "label", "Capability one") in triples
    assert (ids + "e-Capability", DCTERMS + "description", "About Capability & more") in triples


def test_the_example_programme_exports_to_a_valid_file_with_generated_views(tmp_path):
    out = tmp_path / "met.xml"
    with out.open("wb") as fh:
        model = export_graph(example_store(), fh).model
    validate_file(out)
    names = [v.names[0][0] for v in model.views]
    assert names == ["Capability map (colour: maturity gap)", "Project roadmap by plateau"]
    assert any(n.children for n in model.views[0].nodes), "capabilities nest under parents"
    assert {e.type for e in model.elements} >= {"Capability", "BusinessProcess", "WorkPackage",
                                                 "Plateau", "Principle", "Deliverable"}


def _mapped_part(store) -> set:
    """Our model's statements the exchange format carries: mapped classes, labels,
    descriptions, mapped relations and mapped properties."""
    mapping = default_mapping()
    keep = set(mapping.export_rules()) | set(mapping.property_names())
    keep |= {RDFS + "label", DCTERMS + "description"}
    out = set()
    triples = graph_triples(store, MODEL_GRAPH)
    subjects = {s.value for s, p, o in triples
                if p.value == RDF + "type" and o.value in mapping.export_type}
    names = mapping.property_names()
    for s, p, o in triples:
        if s.value not in subjects:
            continue
        if p.value == RDF + "type" and o.value in mapping.export_type:
            out.add((s.value, p.value, o.value))
        elif p.value in keep and (
            not isinstance(o, ox.NamedNode) or o.value in subjects
            # A code-list value travels by its notation; an element property (an owner)
            # only reaches an entity that is itself exported (an agent that is no
            # tom:Person, such as a post, is not).
            or (p.value in names and mapping.properties[names[p.value]].kind == "concept")
        ):
            out.add((s.value, p.value, str(o)))
    return out


def test_export_then_import_of_our_own_model_gives_the_same_mapped_graph(tmp_path):
    original = example_store()
    out = tmp_path / "met.xml"
    with out.open("wb") as fh:
        export_graph(original, fh)
    again = EmbeddedStore()
    import_file(again, out)
    assert _mapped_part(again) == _mapped_part(original)

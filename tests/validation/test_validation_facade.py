"""``validate(store)``: the one entry point the CLI and the web app share."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from shape_fixtures import COMPLETE, model_store

from tomgraph import bundled
from tomgraph.errors import UsageError
from tomgraph.namespaces import INFERRED_GRAPH, MODEL_GRAPH, ONTOLOGY_GRAPH, SHAPES_GRAPH
from tomgraph.store import EmbeddedStore
from tomgraph.validation import Severity, validate

EX = "https://example.org/complete/"
NO_OWNER = COMPLETE.read_text().replace(
    "tom:level 2 ; tom:parentCapability ex:cap-1 ; tom:serviceArea ex:forensics ;\n"
    "    tom:owner ex:alice ; tom:currentMaturity tom:Maturity3",
    "tom:level 2 ; tom:parentCapability ex:cap-1 ; tom:serviceArea ex:forensics ;\n"
    "    tom:currentMaturity tom:Maturity3",
)


def test_findings_speak_in_labels_messages_and_fixes():
    report = validate(model_store(NO_OWNER))
    (finding,) = report.findings
    assert finding.focus_label == "Evidence storage"
    assert finding.focus_kind == "Capability"
    assert finding.severity is Severity.VIOLATION
    assert finding.shape.name == "capability owner"
    assert finding.path_label == "owner"
    assert finding.message.startswith("Nobody is accountable for this capability")
    assert finding.fix.startswith("Name the accountable person")
    assert report.findings_for(f"<{EX}cap-1-2>") == [finding]
    assert report.counts == {Severity.VIOLATION: 1, Severity.WARNING: 0, Severity.INFO: 0}
    assert not report.conforms and report.at_or_above(Severity.WARNING) == 1


def test_a_store_without_shapes_is_validated_with_the_bundled_shapes_and_left_untouched():
    store = EmbeddedStore()
    store.load_files([bundled.ontology_file()], graph=ONTOLOGY_GRAPH)
    store.load_bytes(NO_OWNER.encode(), ox.RdfFormat.TURTLE, graph=MODEL_GRAPH)
    before = store.count()
    report = validate(store)
    assert [f.shape.short for f in report.findings] == ["tomsh:Capability-owner"]
    assert store.count() == before and SHAPES_GRAPH not in store.graphs()


def test_a_shapes_directory_replaces_the_shapes_in_the_store(tmp_path):
    (tmp_path / "only.ttl").write_text(
        "@prefix sh: <http://www.w3.org/ns/shacl#> .\n"
        "@prefix tom: <https://w3id.org/tomgraph/ontology#> .\n"
        "<urn:x:S> a sh:NodeShape ; sh:targetClass tom:Capability ; sh:property <urn:x:S-p> .\n"
        "<urn:x:S-p> sh:path tom:owner ; sh:minCount 2 ; sh:severity sh:Info .\n"
    )
    store = model_store(COMPLETE)
    before = store.count()
    report = validate(store, shapes=tmp_path)
    assert {f.severity for f in report.findings} == {Severity.INFO}
    assert len(report.findings) == 4  # every capability has only one owner
    assert report.scores.programme.value is None  # Info checks require nothing
    assert store.count() == before


def test_inferred_facts_count_only_when_asked_for():
    store = model_store(NO_OWNER)
    owner = f"<{EX}cap-1-2> <https://w3id.org/tomgraph/ontology#owner> <{EX}alice> .\n"
    store.load_bytes(owner.encode(), ox.RdfFormat.N_TRIPLES, graph=INFERRED_GRAPH)
    assert len(validate(store).findings) == 1
    assert validate(store, include_inferred=True).findings == []


def test_class_targets_reach_instances_of_subclasses():
    # tomsh:BenefitShape targets tom:Benefit; this instance is only typed tom:CashableBenefit.
    text = COMPLETE.read_text().replace('tom:measure "Annual exhibit storage spend" ; ', "")
    report = validate(model_store(text))
    assert [(f.focus_kind, f.shape.short) for f in report.findings] == [
        ("Cashable benefit", "tomsh:Benefit-measure")
    ]


def test_an_unknown_engine_is_a_usage_error():
    with pytest.raises(UsageError, match="unknown SHACL engine"):
        validate(model_store(COMPLETE), engine="turbo")


def test_the_report_says_which_engine_ran():
    store = model_store(COMPLETE)
    assert validate(store, engine="reference").engine == "reference"
    assert validate(store).engine.startswith("fast")

"""The reference engine (pySHACL) reads graphs from any store and reports engine-neutral results."""

from __future__ import annotations

from pathlib import Path

import pytest

from tomgraph.errors import UsageError
from tomgraph.namespaces import MODEL_GRAPH, SHAPES_GRAPH
from tomgraph.store import EmbeddedStore
from tomgraph.validation.engines import ENGINE_NAMES, get_engine, validate_files
from tomgraph.validation.engines.reference import ReferenceEngine
from tomgraph.validation.results import Severity, ValidationResult

PREFIXES = """
@prefix ex: <http://example.org/> .
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
"""

SHAPES = PREFIXES + """
ex:PersonShape a sh:NodeShape ;
    sh:targetClass ex:Person ;
    sh:property ex:PersonShape-age .
ex:PersonShape-age sh:path ex:age ;
    sh:datatype xsd:integer ;
    sh:maxCount 1 ;
    sh:severity sh:Warning ;
    sh:message "Give one whole-number age" .
"""

DATA = PREFIXES + """
ex:Employee rdfs:subClassOf ex:Person .
ex:alice a ex:Employee ; ex:age "forty" .
ex:bob a ex:Person ; ex:age "01"^^xsd:integer .
"""


def store_with(data: str, shapes: str) -> EmbeddedStore:
    from pyoxigraph import RdfFormat

    store = EmbeddedStore()
    store.load_bytes(data.encode(), RdfFormat.TURTLE, graph=MODEL_GRAPH)
    store.load_bytes(shapes.encode(), RdfFormat.TURTLE, graph=SHAPES_GRAPH)
    return store


@pytest.mark.slow
def test_the_reference_engine_validates_the_bundled_example(example_store):
    outcome = ReferenceEngine().validate(example_store)
    assert outcome.engine == "reference"
    assert all(isinstance(r, ValidationResult) for r in outcome.results)


def test_results_name_focus_path_severity_shape_component_value_and_message():
    store = store_with(DATA, SHAPES)
    outcome = get_engine("reference").validate(store)
    assert [r.key() for r in outcome.results] == [
        (
            "<http://example.org/alice>",
            "<http://example.org/age>",
            int(Severity.WARNING),
            "<http://example.org/PersonShape-age>",
            "<http://www.w3.org/ns/shacl#DatatypeConstraintComponent>",
            '"forty"',
        )
    ]
    assert outcome.results[0].message == "Give one whole-number age"
    assert not outcome.conforms
    assert outcome.worst() is Severity.WARNING


def test_files_validate_without_a_store_of_ones_own(tmp_path: Path):
    (tmp_path / "data.ttl").write_text(DATA)
    (tmp_path / "shapes.ttl").write_text(SHAPES)
    outcome = validate_files([tmp_path / "data.ttl"], [tmp_path / "shapes.ttl"], engine="reference")
    assert len(outcome.results) == 1


def test_an_unknown_engine_is_a_usage_error_naming_the_choices():
    with pytest.raises(UsageError, match="reference, fast"):
        get_engine("turbo")
    assert ENGINE_NAMES == ("reference", "fast")

"""The ontology: it parses, documents every term, covers every term the example uses, and is
consistent OWL with no unsatisfiable class.

The example model and the ontology are edited by hand, so a misspelt ``tom:`` term or a clash
between axioms would otherwise surface only as a query that silently matches nothing.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from rdflib import OWL, RDF, RDFS, XSD, Graph, Literal, URIRef

from tomgraph import bundled
from tomgraph.namespaces import TOM

TERM_TYPES = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)


@pytest.fixture(scope="module")
def ontology() -> Graph:
    graph = Graph()
    graph.parse(bundled.ontology_file(), format="turtle")
    return graph


@pytest.fixture(scope="module")
def example() -> Graph:
    graph = Graph()
    for path in bundled.rdf_files(bundled.example_dir()):
        graph.parse(path, format="turtle")
    return graph


def tom_terms(graph: Graph) -> Iterator[URIRef]:
    """Classes and properties the ontology declares in its own namespace."""
    for kind in TERM_TYPES:
        for term in graph.subjects(RDF.type, kind):
            if isinstance(term, URIRef) and str(term).startswith(TOM):
                yield term


def test_rdflib_parses_the_ontology(ontology: Graph) -> None:
    assert (None, RDF.type, OWL.Ontology) in ontology
    assert len(ontology) > 500


def test_the_ontology_declares_classes_and_properties_in_its_namespace(ontology: Graph) -> None:
    terms = set(tom_terms(ontology))
    assert URIRef(TOM + "Capability") in terms
    assert URIRef(TOM + "parentCapability") in terms
    assert len(terms) > 80


def test_every_tom_class_and_property_has_a_label_and_a_comment(ontology: Graph) -> None:
    undocumented = sorted(
        str(term)
        for term in tom_terms(ontology)
        if ontology.value(term, RDFS.label) is None or ontology.value(term, RDFS.comment) is None
    )
    assert undocumented == []


def test_every_tom_individual_has_a_label_and_a_comment(ontology: Graph) -> None:
    """Code list values (maturity levels, stages, …) are shown to users, so they too are named."""
    individuals = {
        s
        for s, o in ontology.subject_objects(RDF.type)
        if isinstance(s, URIRef) and str(s).startswith(TOM) and o not in TERM_TYPES
    }
    assert URIRef(TOM + "Maturity3") in individuals
    undocumented = sorted(
        str(s)
        for s in individuals
        if ontology.value(s, RDFS.label) is None or ontology.value(s, RDFS.comment) is None
    )
    assert undocumented == []


def test_every_tom_term_the_example_uses_is_declared_in_the_ontology(
    ontology: Graph, example: Graph
) -> None:
    declared = {s for s in ontology.subjects(RDF.type, None) if isinstance(s, URIRef)}
    used = {
        term
        for triple in example
        for term in triple
        if isinstance(term, URIRef) and str(term).startswith(TOM)
    }
    assert used, "the example uses the ontology"
    assert sorted(str(t) for t in used - declared) == []


def test_the_example_uses_properties_only_as_the_ontology_types_them(
    ontology: Graph, example: Graph
) -> None:
    """An object property never gets a literal, a datatype property never an IRI."""
    wrong = set()
    for s, p, o in example:
        if (p, RDF.type, OWL.ObjectProperty) in ontology and not isinstance(o, URIRef):
            wrong.add((str(s), str(p)))
        if (p, RDF.type, OWL.DatatypeProperty) in ontology and isinstance(o, URIRef):
            wrong.add((str(s), str(p)))
    assert sorted(wrong) == []


def test_example_literals_have_the_datatype_of_their_property_range(
    ontology: Graph, example: Graph
) -> None:
    """A tagged string where ``xsd:string`` is declared makes the model inconsistent OWL."""
    ranges = {
        p: r
        for p, r in ontology.subject_objects(RDFS.range)
        if (p, RDF.type, OWL.DatatypeProperty) in ontology
    }
    accepted = {XSD.decimal: {XSD.decimal, XSD.integer}}

    def datatype(literal: Literal) -> URIRef:
        """RDF 1.1: an untagged plain literal is an xsd:string, a tagged one rdf:langString."""
        if literal.datatype is not None:
            return literal.datatype
        return XSD.string if literal.language is None else RDF.langString

    wrong = sorted(
        (str(s), str(p), str(datatype(o)))
        for s, p, o in example
        if p in ranges
        and isinstance(o, Literal)
        and datatype(o) not in accepted.get(ranges[p], {ranges[p]})
    )
    assert wrong == []


def _reason(graph: Graph, folder: Path) -> list[str]:
    """Run HermiT over ``graph``; the names of unsatisfiable classes (raises if inconsistent).

    owlready2 reads RDF/XML, not Turtle. ``tom:dueDate`` ranges over ``xsd:date``, which is not
    in the OWL 2 datatype map; HermiT is told to treat such literals as opaque values, as
    ``tomgraph reason`` does, rather than refuse the whole ontology.
    """
    import owlready2

    path = folder / "ontology.owl"
    graph.serialize(destination=path, format="xml")
    world = owlready2.World()
    world.get_ontology(path.as_uri()).load()
    owlready2.sync_reasoner(
        world, infer_property_values=False, debug=0, ignore_unsupported_datatypes=True
    )
    return sorted(str(c) for c in world.inconsistent_classes())


@pytest.mark.slow
def test_the_ontology_is_consistent_owl_with_no_unsatisfiable_class(
    ontology: Graph, tmp_path: Path
) -> None:
    import owlready2

    try:
        unsatisfiable = _reason(ontology, tmp_path)
    except owlready2.OwlReadyInconsistentOntologyError as error:  # pragma: no cover - a failure
        pytest.fail(f"the ontology is inconsistent: {error}")
    assert unsatisfiable == []


@pytest.mark.slow
def test_the_ontology_with_the_example_model_is_consistent(
    ontology: Graph, example: Graph, tmp_path: Path
) -> None:
    """The example breaks no disjointness, functional property or other axiom."""
    import owlready2

    try:
        unsatisfiable = _reason(ontology + example, tmp_path)
    except owlready2.OwlReadyInconsistentOntologyError as error:  # pragma: no cover - a failure
        pytest.fail(f"the example model contradicts the ontology: {error}")
    assert unsatisfiable == []

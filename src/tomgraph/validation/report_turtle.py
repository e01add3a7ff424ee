"""The Turtle report: a standard ``sh:ValidationReport`` that any SHACL tool can read."""

from __future__ import annotations

import pyoxigraph as ox

from ..namespaces import PREFIXES
from .results import SH
from .validate import ValidationReport

RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
BOOL = ox.NamedNode("http://www.w3.org/2001/XMLSchema#boolean")


def _sh(local: str) -> ox.NamedNode:
    return ox.NamedNode(SH + local)


def term(nt: str | None) -> ox.NamedNode | ox.BlankNode | ox.Literal | None:
    """The RDF term an N-Triples string in a result names; ``_:`` (a blank node whose identity
    the engine did not keep) and unparsable text give ``None``."""
    if not nt or nt.startswith("_:"):
        return None
    try:
        quads = list(ox.parse(f"<urn:s> <urn:p> {nt} .".encode(), ox.RdfFormat.N_TRIPLES))
    except SyntaxError:
        return None
    obj = quads[0].object
    return obj if isinstance(obj, ox.NamedNode | ox.BlankNode | ox.Literal) else None


def report_triples(report: ValidationReport) -> list[ox.Triple]:
    node = ox.BlankNode()
    triples = [
        ox.Triple(node, RDF_TYPE, _sh("ValidationReport")),
        ox.Triple(node, _sh("conforms"), ox.Literal(str(report.conforms).lower(), datatype=BOOL)),
    ]
    for f in report.findings:
        r = f.result
        severity = r.severity_iri or r.severity.iri
        result = ox.BlankNode()
        triples += [
            ox.Triple(node, _sh("result"), result),
            ox.Triple(result, RDF_TYPE, _sh("ValidationResult")),
            ox.Triple(result, _sh("resultSeverity"), ox.NamedNode(severity)),
            ox.Triple(result, _sh("resultMessage"), ox.Literal(f.message, language="en")),
        ]
        for prop, nt in (
            ("focusNode", r.focus_node),
            ("resultPath", r.result_path),
            ("sourceShape", r.source_shape),
            ("sourceConstraintComponent", r.constraint_component),
            ("value", r.value),
        ):
            value = term(nt)
            if value is not None:
                triples.append(ox.Triple(result, _sh(prop), value))
    return triples


def render_turtle(report: ValidationReport) -> str:
    """Turtle with each result nested in the report (rdflib's writer inlines blank nodes)."""
    import rdflib

    data = ox.serialize(report_triples(report), format=ox.RdfFormat.N_TRIPLES)
    graph = rdflib.Graph()
    graph.parse(data=data or b"", format="nt")
    for prefix in ("sh", "tom", "tomsh", "met", "gen", "rdfs", "xsd"):
        graph.bind(prefix, PREFIXES[prefix], replace=True)
    return graph.serialize(format="turtle")

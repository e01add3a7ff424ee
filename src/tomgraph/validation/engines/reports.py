"""Reading ``sh:ValidationReport`` graphs into engine-neutral results.

pySHACL hands back a report graph, and the W3C test suite states its expectations as report
graphs; both are read here so that an engine's output and a test's expectation pass through
the same conversion and cannot drift apart.
"""

from __future__ import annotations

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF
from rdflib.term import Node

from ..results import SH, Severity, ValidationResult
from .terms import rdflib_nt, result_order

_SH_RESULT = URIRef(SH + "result")
_SH_CONFORMS = URIRef(SH + "conforms")
_SH_REPORT = URIRef(SH + "ValidationReport")


def severity_of(iri: str) -> Severity:
    """The :class:`Severity` for a severity IRI; custom severities rank as violations.

    SHACL allows any IRI as a severity. Treating an unknown one as the worst keeps a CI gate
    closed rather than silently open; the exact IRI is kept in ``severity_iri``.
    """
    try:
        return Severity.from_iri(iri)
    except KeyError:
        return Severity.VIOLATION


def result_from_node(graph: Graph, node: Node) -> ValidationResult:
    """One ``sh:ValidationResult`` node of ``graph`` as a :class:`ValidationResult`."""

    def one(prop: str) -> Node | None:
        values = sorted(graph.objects(node, URIRef(SH + prop)), key=str)  # type: ignore[arg-type]
        return values[0] if values else None

    severity_node = one("resultSeverity")
    severity_iri = str(severity_node) if severity_node is not None else SH + "Violation"
    messages = sorted(str(m) for m in graph.objects(node, URIRef(SH + "resultMessage")))  # type: ignore[arg-type]
    severity = severity_of(severity_iri)
    return ValidationResult(
        focus_node=rdflib_nt(one("focusNode")) or "",
        result_path=rdflib_nt(one("resultPath")),
        severity=severity,
        source_shape=rdflib_nt(one("sourceShape")) or "",
        constraint_component=rdflib_nt(one("sourceConstraintComponent")) or "",
        value=rdflib_nt(one("value")),
        message=messages[0] if messages else None,
        severity_iri=None if severity.iri == severity_iri else severity_iri,
    )


def results_from_report(graph: Graph, report: Node | None = None) -> list[ValidationResult]:
    """Every result of the report node ``report`` (default: the graph's only report), sorted."""
    if report is None:
        report = graph.value(predicate=RDF.type, object=_SH_REPORT)
        if report is None:
            return []
    results = [result_from_node(graph, r) for r in graph.objects(report, _SH_RESULT)]  # type: ignore[arg-type]
    return sorted(results, key=result_order)


def report_conforms(graph: Graph, report: Node) -> bool | None:
    """The ``sh:conforms`` flag of ``report``, or ``None`` when it is not stated."""
    value = graph.value(report, _SH_CONFORMS)  # type: ignore[arg-type]
    return bool(value.toPython()) if isinstance(value, Literal) else None

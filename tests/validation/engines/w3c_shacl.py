"""The W3C SHACL test suite as data: its tests, what each expects, and how to compare.

Shared by the conformance tests and the engine agreement tests so that both read the
manifests the same way.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF
from rdflib.term import Node

from tomgraph.validation.engines import validate_files
from tomgraph.validation.engines.reference import literals_as_written
from tomgraph.validation.engines.reports import report_conforms, results_from_report
from tomgraph.validation.results import ValidationOutcome, ValidationResult

MF = "http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#"
SHT = "http://www.w3.org/ns/shacl-test#"


@dataclass(frozen=True)
class W3CTest:
    """One ``sht:Validate`` entry: its files and the report it expects."""

    id: str
    data: Path
    shapes: Path
    manifest: Path
    node: str

    @property
    def core(self) -> bool:
        return self.id.startswith("core/")

    @property
    def expects_failure(self) -> bool:
        """The shapes are malformed or unsupported: an engine must refuse, not report."""
        graph = parse(self.manifest)
        return graph.value(URIRef(self.node), URIRef(MF + "result")) == URIRef(SHT + "Failure")

    def expected(self) -> tuple[bool | None, list[ValidationResult]]:
        """``sh:conforms`` and the results of the expected report."""
        graph = parse(self.manifest)
        result = graph.value(URIRef(self.node), URIRef(MF + "result"))
        assert result is not None, f"{self.id}: no mf:result"
        return report_conforms(graph, result), results_from_report(graph, result)


@cache
def outcome_of(test: W3CTest, engine: str) -> ValidationOutcome:
    """One engine's outcome on one test, computed once per test session.

    The conformance tests and the agreement tests look at the same runs; pySHACL on the
    SHACL-for-SHACL test alone takes seconds.
    """
    return validate_files([test.data], [test.shapes], engine=engine)


def parse(path: Path) -> Graph:
    """A Turtle file with its own location as base, as the suite's relative IRIs assume."""
    with literals_as_written():
        return Graph().parse(path, format="turtle", publicID=path.resolve().as_uri())


def load_tests(root: Path) -> list[W3CTest]:
    """Every test reachable from ``root/manifest.ttl`` through ``mf:include``, in file order."""
    tests: list[W3CTest] = []
    seen: set[Path] = set()

    def walk(manifest: Path) -> None:
        manifest = manifest.resolve()
        if manifest in seen:
            return
        seen.add(manifest)
        graph = parse(manifest)
        for include in sorted(graph.objects(None, URIRef(MF + "include")), key=str):
            walk(_path(include))
        for entries in graph.objects(None, URIRef(MF + "entries")):
            for entry in Collection(graph, entries):  # type: ignore[arg-type]
                if (entry, RDF.type, URIRef(SHT + "Validate")) not in graph:
                    continue
                action = graph.value(entry, URIRef(MF + "action"))
                data = graph.value(action, URIRef(SHT + "dataGraph"))
                shapes = graph.value(action, URIRef(SHT + "shapesGraph"))
                assert data is not None and shapes is not None
                test_id = f"{manifest.relative_to(root.resolve()).with_suffix('')}"
                name = str(entry).rsplit("/", 1)[-1]
                if not test_id.endswith(name):
                    test_id = f"{test_id}#{name}"
                tests.append(W3CTest(test_id, _path(data), _path(shapes), manifest, str(entry)))

    walk(root / "manifest.ttl")
    return tests


def _path(node: Node) -> Path:
    return Path(str(node).removeprefix("file://"))


def comparable(results: list[ValidationResult]) -> Counter[tuple[object, ...]]:
    """Results as a multiset of keys (plus a custom severity IRI); blank nodes are all ``_:``,
    so they match any blank node in the other report."""
    return Counter((*r.key(), r.severity_iri) for r in results)


def differences(test: W3CTest, outcome: ValidationOutcome) -> list[str]:
    """What ``outcome`` gets wrong against the expected report (empty when it passes)."""
    conforms, expected = test.expected()
    problems = []
    if conforms is not None and conforms != outcome.conforms:
        problems.append(f"conforms: expected {conforms}, got {outcome.conforms}")
    want, got = comparable(expected), comparable(outcome.results)
    problems += [f"missing: {k}" for k in sorted(map(str, (want - got).elements()))]
    problems += [f"unexpected: {k}" for k in sorted(map(str, (got - want).elements()))]
    return problems

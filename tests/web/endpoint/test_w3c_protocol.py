"""The W3C SPARQL 1.1 Protocol test suite, run from its manifest against ``/sparql``.

Each test's ht:Requests are replayed in order through the Flask test client (method, path
with ``/sparql/`` mapped to ``/sparql``, headers, body) and each response is checked for
the expected status class, result format and boolean. Query tests run on a read-only app;
update tests on an app started with updates allowed, every request carrying the token.

The suite's graphs (data1-3.nt) are loaded into named graphs named by their labels. data0,
which tests name as a default graph without giving its data, gets the same one-triple shape
(data1.nt with the IRI changed): the endpoint never fetches a graph, and it refuses to
pretend that a graph it does not hold exists, so the graph must be in the store.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree import ElementTree

import pyoxigraph as ox
import pytest
from flask import Flask
from rdflib import RDF, Graph, Namespace
from rdflib.collection import Collection
from rdflib.term import Node

from tomgraph.store import EmbeddedStore
from tomgraph.web.endpoint import shutdown

SUITE = Path(__file__).resolve().parents[4] / "shared" / "conformance" / "sparql-protocol"

pytestmark = pytest.mark.conformance

MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
HT = Namespace("http://www.w3.org/2011/http#")
CNT = Namespace("http://www.w3.org/2011/content#")
HTS = Namespace("http://www.w3.org/2011/http-statusCodes#")
UT = Namespace("http://www.w3.org/2009/sparql/tests/test-update#")
RDFS = Namespace("http://www.w3.org/2000/01/rdf-schema#")
DATA = "http://kasei.us/2009/09/sparql/data/"

TABULAR = {
    "application/sparql-results+json",
    "application/sparql-results+xml",
    "text/csv",
    "text/tab-separated-values",
}
BOOLEAN = {"application/sparql-results+json", "application/sparql-results+xml"}
RDF_TYPES = {"text/turtle", "application/n-triples", "application/rdf+xml", "application/ld+json"}


@dataclass
class Step:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes | None
    statuses: set[int]
    format: str | None = None
    boolean: bool | None = None


@dataclass
class ProtocolTest:
    name: str
    label: str
    steps: list[Step] = field(default_factory=list)

    @property
    def is_update(self) -> bool:
        return "update" in self.name


def _items(graph: Graph, head: Node | None) -> list[Node]:
    return list(Collection(graph, head)) if head is not None else []


def load_manifest(folder: Path) -> list[ProtocolTest]:
    graph = Graph().parse(folder / "manifest.ttl", format="turtle")
    manifest = next(graph.subjects(RDF.type, MF.Manifest))
    tests = []
    for entry in _items(graph, graph.value(manifest, MF.entries)):
        name = str(entry).rsplit("#", 1)[-1]
        test = ProtocolTest(name, str(graph.value(entry, MF.name)))
        action = graph.value(entry, MF.action)
        for request in _items(graph, graph.value(action, HT.requests)):
            headers = {
                str(graph.value(h, HT.fieldName)): str(graph.value(h, HT.fieldValue))
                for h in _items(graph, graph.value(request, HT.headers))
            }
            body_node = graph.value(request, HT.body)
            body = str(graph.value(body_node, CNT.chars)).encode() if body_node else None
            response = graph.value(request, HT.resp)
            statuses = {
                int(str(code).rsplit("StatusCode", 1)[-1][0])
                for code in graph.objects(response, MF.expectedStatus)
            }
            expected_format = graph.value(response, MF.expectedFormat)
            expected_boolean = graph.value(response, MF.expectedBoolean)
            test.steps.append(
                Step(
                    method=str(graph.value(request, HT.methodName)),
                    path=str(graph.value(request, HT.absolutePath)).replace(
                        "/sparql/", "/sparql", 1
                    ),
                    headers=headers,
                    body=body,
                    statuses=statuses,
                    format=str(expected_format) if expected_format is not None else None,
                    boolean=expected_boolean.toPython() if expected_boolean is not None else None,
                )
            )
        tests.append(test)
    return tests


def _manifest_tests() -> list[ProtocolTest]:
    # Parametrisation needs the tests at import; a missing suite is reported by the fixture.
    return load_manifest(SUITE) if (SUITE / "manifest.ttl").is_file() else []


TESTS = _manifest_tests()
QUERY_TESTS = [t for t in TESTS if not t.is_update]
UPDATE_TESTS = [t for t in TESTS if t.is_update]


def suite_store(folder: Path) -> EmbeddedStore:
    store = EmbeddedStore()
    for n in (1, 2, 3):
        data = (folder / f"data{n}.nt").read_bytes()
        store.load_bytes(data, ox.RdfFormat.N_TRIPLES, graph=f"{DATA}data{n}.rdf")
    data0 = (folder / "data1.nt").read_text().replace("data1.rdf", "data0.rdf")
    store.load_bytes(data0.encode(), ox.RdfFormat.N_TRIPLES, graph=f"{DATA}data0.rdf")
    return store


@pytest.fixture(scope="module")
def query_app(protocol_suite: Path, endpoint_app_factory: Callable[..., Flask]) -> Iterator[Flask]:
    app = endpoint_app_factory(suite_store(protocol_suite))
    yield app
    shutdown(app)


@pytest.fixture(scope="module")
def update_suite_app(
    protocol_suite: Path, endpoint_app_factory: Callable[..., Flask], update_token: str
) -> Iterator[Flask]:
    app = endpoint_app_factory(
        suite_store(protocol_suite), ALLOW_UPDATES=True, UPDATE_TOKEN=update_token
    )
    yield app
    shutdown(app)


def run_steps(app: Flask, test: ProtocolTest, extra_headers: dict[str, str]) -> None:
    client = app.test_client()
    for i, step in enumerate(test.steps):
        headers = {**step.headers, **extra_headers}
        content_type = next((v for k, v in headers.items() if k.lower() == "content-type"), None)
        headers = {k: v for k, v in headers.items() if k.lower() != "content-type"}
        response = client.open(
            step.path,
            method=step.method,
            headers=headers,
            data=step.body,
            content_type=content_type,
        )
        where = f"{test.name} request {i + 1}: {response.status_code} {response.data[:300]!r}"
        assert response.status_code // 100 in step.statuses, where
        media = response.mimetype
        if step.format == "boolean":
            assert media in BOOLEAN, where
        elif step.format == "tabular":
            assert media in TABULAR, where
        elif step.format == "RDF":
            assert media in RDF_TYPES, where
        if step.boolean is not None:
            assert _boolean(media, response.data) is step.boolean, where


def _boolean(media: str, body: bytes) -> bool:
    if media == "application/sparql-results+json":
        return bool(json.loads(body)["boolean"])
    element = ElementTree.fromstring(body).find("{http://www.w3.org/2005/sparql-results#}boolean")
    assert element is not None
    return element.text == "true"


@pytest.mark.parametrize("test", QUERY_TESTS, ids=lambda t: t.name)
def test_query_protocol(query_app: Flask, test: ProtocolTest) -> None:
    """Every query test of the suite passes on a read-only endpoint."""
    run_steps(query_app, test, {})


@pytest.mark.parametrize("test", UPDATE_TESTS, ids=lambda t: t.name)
def test_update_protocol(update_suite_app: Flask, update_token: str, test: ProtocolTest) -> None:
    """Every update test passes once updates are enabled and the token is given."""
    run_steps(update_suite_app, test, {"Authorization": f"Bearer {update_token}"})


def test_the_whole_suite_is_run(protocol_suite: Path) -> None:
    """The manifest yields its 34 tests: none is silently dropped by the loader."""
    assert len(TESTS) == 34
    assert {t.name for t in QUERY_TESTS} >= {"query_post_form", "bad_query_syntax"}
    assert {t.name for t in UPDATE_TESTS} >= {"update_base_uri", "bad_update_dataset_conflict"}

"""A real ``tomgraph serve`` process on a free loopback port, driven by real SPARQL clients."""

from __future__ import annotations

import csv
import io
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
import pytest
import requests
from SPARQLWrapper import CSV, JSON, TURTLE, XML, SPARQLWrapper

pytestmark = pytest.mark.slow

PEOPLE_TTL = """\
@prefix ex: <http://example.org/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
ex:alice a ex:Person ; rdfs:label "Alice" ; ex:knows ex:bob .
ex:bob a ex:Person ; rdfs:label "Bob" .
"""
SELECT = """PREFIX ex: <http://example.org/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?name WHERE { ?p a ex:Person ; rdfs:label ?name } ORDER BY ?name"""


@dataclass
class LiveServer:
    process: subprocess.Popen[str]
    url: str

    @property
    def sparql(self) -> str:
        return self.url + "sparql"


def _children(pid: int) -> list[int]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def start_server(*args: str) -> LiveServer:
    command = [sys.executable, "-m", "tomgraph.cli", "serve", "--host", "127.0.0.1",
               "--port", "0", *args]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                               text=True)
    assert process.stdout is not None
    line = process.stdout.readline()  # printed once the port is bound and workers are ready
    if "http://" not in line:
        process.kill()
        rest = process.stdout.read()
        process.wait()
        process.stdout.close()
        raise AssertionError(f"server did not start: {line}{rest}")
    url = line[line.index("http://"):].split()[0]
    deadline = time.monotonic() + 30
    while True:
        try:
            if requests.get(url + "sparql", timeout=2).status_code == 200:
                return LiveServer(process, url)
        except requests.ConnectionError:
            pass
        if time.monotonic() > deadline:
            stop_server(LiveServer(process, url))
            raise AssertionError("server never answered")
        time.sleep(0.1)


def stop_server(server: LiveServer) -> None:
    workers = _children(server.process.pid)
    server.process.send_signal(signal.SIGTERM)
    try:
        server.process.communicate(timeout=15)  # drains and closes the output pipe
    except subprocess.TimeoutExpired:
        server.process.kill()
        server.process.communicate()
        raise
    deadline = time.monotonic() + 5
    while any(_alive(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    leaked = [pid for pid in workers if _alive(pid)]
    for pid in leaked:
        os.kill(pid, signal.SIGKILL)
    assert not leaked, f"worker processes outlived the server: {leaked}"


@pytest.fixture(scope="module")
def data_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("live") / "people.ttl"
    path.write_text(PEOPLE_TTL)
    return path


@pytest.fixture(scope="module")
def server(data_file: Path) -> Iterator[LiveServer]:
    live = start_server(str(data_file), "--query-timeout", "10", "--workers", "2")
    yield live
    stop_server(live)


def wrapper(server: LiveServer, query: str, fmt: str, method: str = "GET") -> SPARQLWrapper:
    client = SPARQLWrapper(server.sparql)
    client.setQuery(query)
    client.setReturnFormat(fmt)
    client.setMethod(method)
    return client


class TestSparqlWrapper:
    @pytest.mark.parametrize("method", ["GET", "POST"])
    def test_select_as_json(self, server: LiveServer, method: str) -> None:
        result = wrapper(server, SELECT, JSON, method).queryAndConvert()
        assert [b["name"]["value"] for b in result["results"]["bindings"]] == ["Alice", "Bob"]  # type: ignore[index]

    def test_select_as_xml(self, server: LiveServer) -> None:
        document = wrapper(server, SELECT, XML).queryAndConvert()
        names = [n.firstChild.data for n in document.getElementsByTagName("literal")]  # type: ignore[union-attr]
        assert names == ["Alice", "Bob"]

    def test_select_as_csv(self, server: LiveServer) -> None:
        body = wrapper(server, SELECT, CSV).queryAndConvert()
        assert list(csv.reader(io.StringIO(body.decode()))) == [["name"], ["Alice"], ["Bob"]]  # type: ignore[union-attr]

    def test_ask(self, server: LiveServer) -> None:
        query = "ASK { <http://example.org/alice> <http://example.org/knows> ?x }"
        assert wrapper(server, query, JSON).queryAndConvert()["boolean"] is True  # type: ignore[index]

    def test_construct_as_turtle(self, server: LiveServer) -> None:
        query = "CONSTRUCT WHERE { ?s a <http://example.org/Person> }"
        body = wrapper(server, query, TURTLE).queryAndConvert()
        assert len(list(ox.parse(body, ox.RdfFormat.TURTLE))) == 2  # type: ignore[arg-type]

    def test_construct_as_rdflib_graph(self, server: LiveServer) -> None:
        query = "CONSTRUCT WHERE { ?s <http://example.org/knows> ?o }"
        graph = wrapper(server, query, XML).queryAndConvert()
        assert len(graph) == 1  # type: ignore[arg-type]


class TestPlainHttp:
    def test_curl_style_post(self, server: LiveServer) -> None:
        response = requests.post(server.sparql, data=SELECT.encode(), timeout=10,
                                 headers={"Content-Type": "application/sparql-query",
                                          "Accept": "text/csv"})
        assert response.status_code == 200
        assert response.text.splitlines() == ["name", "Alice", "Bob"]

    def test_security_headers_and_service_description(self, server: LiveServer) -> None:
        response = requests.get(server.sparql, headers={"Accept": "text/turtle"}, timeout=10)
        assert response.headers["Content-Type"].startswith("text/turtle")
        assert "sparql-service-description" in response.text
        assert "script-src 'self'" in response.headers["Content-Security-Policy"]

    def test_updates_are_refused_by_default(self, server: LiveServer) -> None:
        response = requests.post(server.sparql, data={"update": "CLEAR ALL"}, timeout=10)
        assert response.status_code == 403


def test_updates_with_a_token_file(data_file: Path, tmp_path: Path) -> None:
    token = "live-test-token-0123456789abcdef"
    token_file = tmp_path / "token"
    token_file.write_text(token + "\n")
    live = start_server(str(data_file), "--allow-updates", "--token-file", str(token_file),
                        "--workers", "2")
    try:
        update = "INSERT DATA { GRAPH <http://example.org/g> { <http://example.org/x> a <http://example.org/Person> } }"  # noqa: E501
        denied = requests.post(live.sparql, data={"update": update}, timeout=10)
        assert denied.status_code == 401
        done = requests.post(live.sparql, data={"update": update}, timeout=10,
                             headers={"Authorization": f"Bearer {token}"})
        assert done.status_code == 204
        result = wrapper(live, "SELECT (COUNT(*) AS ?n) { ?s a <http://example.org/Person> }",
                         JSON).queryAndConvert()
        assert result["results"]["bindings"][0]["n"]["value"] == "3"  # type: ignore[index]
    finally:
        stop_server(live)


def test_serve_refuses_updates_without_a_token_file() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "tomgraph.cli", "serve", "--allow-updates"],
        capture_output=True, text=True, timeout=60,
    )
    assert result.returncode == 2
    assert "--token-file" in result.stderr

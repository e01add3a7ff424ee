"""Every command works with ``--endpoint`` against a live server, and says the same things it
says about an embedded store.
"""

from __future__ import annotations

import re
from pathlib import Path

import pyoxigraph as ox
import pytest
from oxigraph_server import free_port
from remote_helpers import Gateway

from tomgraph import bundled
from tomgraph.querylib.library import query_names
from tomgraph.store import load_bundled


@pytest.fixture
def endpoint(oxigraph_server, remote_store) -> list[str]:
    """The options naming the (empty) session server."""
    return ["--endpoint", oxigraph_server.query_url,
            "--update-endpoint", oxigraph_server.update_url,
            "--gsp-endpoint", oxigraph_server.store_url]


@pytest.fixture
def example_endpoint(endpoint, remote_store) -> list[str]:
    """The options naming the session server, holding the bundled example."""
    load_bundled(remote_store)
    return endpoint


def test_load_puts_files_in_the_remote_store_all_or_nothing(cli, endpoint, remote_store,
                                                             tmp_path):
    files = bundled.rdf_files(bundled.example_dir())
    done = cli("load", *files, *endpoint)
    assert done.code == 0, done.err
    assert f"the store now holds {remote_store.count():,} triples" in done.out

    bad = tmp_path / "bad.ttl"
    bad.write_text("@prefix ex: <https://example.org/> .\nex:a ex:p .\n")
    before = remote_store.count()
    failed = cli("load", files[0], bad, *endpoint)
    assert failed.code == 2 and f"{bad}:2:" in failed.err
    assert remote_store.count() == before


def test_info_reports_the_same_counts_as_for_the_embedded_example(cli, example_endpoint):
    remote = cli("info", *example_endpoint)
    embedded = cli("info")
    assert remote.code == embedded.code == 0
    assert remote.out.splitlines()[0] == f"store:   {example_endpoint[1]}"
    assert remote.out.splitlines()[1:] == embedded.out.splitlines()[1:]


@pytest.mark.parametrize("name", query_names())
def test_each_library_query_answers_as_on_the_embedded_example(cli, example_endpoint, name):
    remote = cli("query", name, "--format", "csv", *example_endpoint)
    embedded = cli("query", name, "--format", "csv")
    assert remote.code == embedded.code == 0, remote.err
    assert sorted(remote.out.splitlines()) == sorted(embedded.out.splitlines())


def test_a_query_with_a_parameter_binds_it_remotely(cli, example_endpoint):
    argv = ["query", "portfolio-overview", "--param", "serviceArea=met:sa-custody",
            "--format", "csv"]
    remote, embedded = cli(*argv, *example_endpoint), cli(*argv)
    assert remote.code == 0 and sorted(remote.out.splitlines()) == sorted(embedded.out.splitlines())


@pytest.mark.parametrize("fmt", ["nquads", "trig", "turtle"])
def test_export_writes_the_same_data_as_the_embedded_store(cli, example_endpoint, tmp_path,
                                                            fmt):
    remote_file, embedded_file = tmp_path / "remote", tmp_path / "embedded"
    assert cli("export", "--format", fmt, "-o", remote_file, *example_endpoint).code == 0
    assert cli("export", "--format", fmt, "-o", embedded_file).code == 0
    rdf = {"nquads": ox.RdfFormat.N_QUADS, "trig": ox.RdfFormat.TRIG,
           "turtle": ox.RdfFormat.TURTLE}[fmt]

    def content(path: Path) -> set[str]:
        return {str(q) for q in ox.parse(path=path, format=rdf) if "_:" not in str(q)}

    assert content(remote_file) == content(embedded_file)


def test_export_of_one_graph(cli, example_endpoint, tmp_path):
    out = tmp_path / "model.nt"
    done = cli("export", "--format", "ntriples", "--graph", bundled.MODEL_GRAPH, "-o", out,
                    *example_endpoint)
    assert done.code == 0
    assert len(out.read_text().splitlines()) > 1000


def test_validate_scores_the_remote_store_as_the_embedded_example(cli, example_endpoint):
    remote = cli("validate", *example_endpoint)
    embedded = cli("validate")
    assert remote.code == embedded.code == 1, remote.err  # the example has violations
    def untimed(out: str) -> list[str]:
        return [re.sub(r"\d+\.\d+ s\b", "T s", line) for line in out.splitlines()]

    assert untimed(remote.out) == untimed(embedded.out)


def test_the_endpoint_can_come_from_the_environment(cli, example_endpoint, monkeypatch):
    monkeypatch.setenv("TOMGRAPH_ENDPOINT", example_endpoint[1])
    done = cli("info")
    assert done.code == 0 and done.out.startswith(f"store:   {example_endpoint[1]}")


def test_credentials_come_from_the_environment(cli, oxigraph_server, monkeypatch):
    monkeypatch.setenv("TOMGRAPH_TOKEN", "t0ken")
    with Gateway(oxigraph_server.base, require_authorization="Bearer t0ken") as gateway:
        done = cli("info", "--endpoint", gateway.url + "/query")
    assert done.code == 0, done.err
    assert gateway.seen


def test_an_unreachable_endpoint_is_exit_code_3_with_one_clear_line(cli):
    url = f"http://127.0.0.1:{free_port()}/query"
    done = cli("info", "--endpoint", url)
    assert done.code == 3
    assert done.err.strip().splitlines() == [
        f"tomgraph info: error: {url}: cannot reach the server for the query: connection "
        "refused (is the server running, on this port?) (tried 4 times)"
    ]


def test_store_and_endpoint_together_are_refused(cli, endpoint, tmp_path, capsys):
    with pytest.raises(SystemExit) as exited:
        cli("info", "--store", tmp_path, *endpoint)
    assert exited.value.code == 2
    assert "--endpoint: not allowed with argument --store" in capsys.readouterr().err

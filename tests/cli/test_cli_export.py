"""``tomgraph export``: a store or one graph as RDF, to stdout or atomically to a file."""

from __future__ import annotations

import pytest
from cli_runner import one_line_error

from tomgraph.formats import RDF_FORMATS
from tomgraph.namespaces import MODEL_GRAPH
from tomgraph.store import EmbeddedStore


@pytest.mark.parametrize("name", sorted(RDF_FORMATS))
def test_export_writes_every_format_that_load_reads_back(name, cli, store_dir, tmp_path):
    ext = {"turtle": "ttl", "ntriples": "nt", "nquads": "nq", "trig": "trig", "rdfxml": "rdf",
           "jsonld": "jsonld"}[name]
    out = tmp_path / f"out.{ext}"
    quads = RDF_FORMATS[name].supports_datasets
    scope = [] if quads else ["--graph", MODEL_GRAPH]
    run = cli("export", "--store", store_dir, "--format", name, *scope, "-o", out)
    assert (run.code, run.out, run.err) == (0, "", "")
    assert cli("load", out, "--store", tmp_path / "copy").code == 0
    with EmbeddedStore(store_dir, read_only=True) as a, EmbeddedStore(tmp_path / "copy") as b:
        assert b.count(MODEL_GRAPH) == a.count(MODEL_GRAPH)
        if quads:
            assert (b.graphs(), b.count()) == (a.graphs(), a.count())


def test_export_to_stdout_without_a_store_gives_the_bundled_example(cli):
    run = cli("export", "--format", "nquads")
    assert run.code == 0
    graphs = {line.rsplit(" ", 2)[-2] for line in run.out.splitlines() if line}
    assert "<https://w3id.org/tomgraph/graph/ontology>" in graphs


def test_export_of_one_graph_holds_only_that_graph(cli, store_dir, tmp_path):
    out = tmp_path / "model.nt"
    assert cli("export", "--store", store_dir, "--format", "ntriples", "--graph", MODEL_GRAPH,
               "-o", out).code == 0
    with EmbeddedStore(store_dir, read_only=True) as store:
        assert len(out.read_text().splitlines()) == store.count(MODEL_GRAPH)


def test_a_graph_that_does_not_exist_is_an_error_and_writes_nothing(cli, store_dir, tmp_path):
    out = tmp_path / "out.ttl"
    out.write_text("earlier export\n")
    run = cli("export", "--store", store_dir, "--format", "turtle",
              "--graph", "https://example.org/none", "-o", out)
    assert one_line_error(run, "export") == f"no graph https://example.org/none in {store_dir}"
    assert out.read_text() == "earlier export\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.ttl", "store"]


def test_an_unknown_format_is_refused_on_one_line(cli, store_dir):
    message = one_line_error(cli("export", "--store", store_dir, "--format", "csv"), "export")
    assert message.startswith("unknown RDF format 'csv' (known: ")


def test_exporting_over_a_file_replaces_it_whole_and_leaves_no_temporary(cli, store_dir,
                                                                          tmp_path):
    out = tmp_path / "out.nt"
    out.write_text("x" * 10_000_000)
    assert cli("export", "--store", store_dir, "--format", "ntriples", "-o", out).code == 0
    assert not out.read_text().startswith("x")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.nt", "store"]


def test_an_export_that_fails_half_way_keeps_the_earlier_file(cli, store_dir, tmp_path,
                                                              monkeypatch):
    out = tmp_path / "out.nt"
    out.write_text("earlier export\n")

    def fail_half_way(self, output, format, *, graph=None):
        output.write(b"<https://example.org/a> <https://example.org/p> ")
        raise OSError("No space left on device")

    monkeypatch.setattr(EmbeddedStore, "export", fail_half_way)
    run = cli("export", "--store", store_dir, "--format", "ntriples", "-o", out)
    assert run.code == 3 and "No space left on device" in run.err
    assert out.read_text() == "earlier export\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.nt", "store"]


def test_exporting_into_a_missing_directory_is_a_clear_error(cli, store_dir, tmp_path):
    target = tmp_path / "no" / "such" / "out.ttl"
    message = one_line_error(cli("export", "--store", store_dir, "--format", "turtle",
                                 "-o", target), "export")
    assert message == f"{target}: no such directory {target.parent}"


def test_exporting_a_store_that_does_not_exist_is_a_clear_error(cli, tmp_path):
    message = one_line_error(cli("export", "--store", tmp_path / "none", "--format", "turtle"),
                             "export")
    assert message == f"{tmp_path / 'none'}: no store here (create one with tomgraph load)"
    assert not (tmp_path / "none").exists()

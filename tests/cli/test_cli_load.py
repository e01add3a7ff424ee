"""``tomgraph load``: files into a store, all or nothing, errors on one line."""

from __future__ import annotations

from pathlib import Path

import pytest
from cli_runner import one_line_error

from tomgraph.store import EmbeddedStore


def store_quads(path: Path) -> list[str]:
    with EmbeddedStore(path, read_only=True) as store:
        return sorted(str(q) for q in store.oxigraph)


def test_load_adds_files_to_the_model_graph_and_says_how_much_the_store_holds(cli, small_model,
                                                                                tmp_path):
    run = cli("load", small_model, "--store", tmp_path / "db")
    assert run.code == 0, run.err
    with EmbeddedStore(tmp_path / "db", read_only=True) as store:
        count = store.count()
        assert store.graphs() == ["https://w3id.org/tomgraph/graph/model"]
    assert run.out.strip() == f"loaded 1 file(s); the store now holds {count:,} triples"
    assert run.err == "", "no progress bar when stderr is not a terminal"


def test_load_puts_triples_in_the_graph_named_by_graph(cli, small_model, tmp_path):
    graph = "https://example.org/graph/hld"
    assert cli("load", small_model, "--graph", graph, "--store", tmp_path / "db").code == 0
    with EmbeddedStore(tmp_path / "db", read_only=True) as store:
        assert store.graphs() == [graph]


def test_a_malformed_file_names_file_line_and_column_and_loads_nothing(cli, store_dir, bad_ttl,
                                                                       small_model):
    before = store_quads(store_dir)
    run = cli("load", small_model, bad_ttl, "--store", store_dir)
    message = one_line_error(run, "load")
    assert message.startswith(f"{bad_ttl}:3:16: ")
    assert store_quads(store_dir) == before


def test_a_missing_file_is_an_error_and_loads_nothing(cli, store_dir, small_model, tmp_path):
    before = store_quads(store_dir)
    message = one_line_error(cli("load", small_model, tmp_path / "nope.ttl", "--store", store_dir),
                             "load")
    assert message == f"{tmp_path / 'nope.ttl'}: no such file"
    assert store_quads(store_dir) == before


def test_a_file_of_unknown_format_asks_for_format(cli, store_dir, tmp_path):
    odd = tmp_path / "model.data"
    odd.write_text('<https://example.org/a> <https://example.org/p> "1" .\n')
    message = one_line_error(cli("load", odd, "--store", store_dir), "load")
    assert "cannot tell the RDF format" in message and "--format" in message
    assert cli("load", odd, "--format", "ntriples", "--store", store_dir).code == 0


def test_an_unknown_format_name_is_refused_on_one_line(cli, store_dir, small_model):
    before = store_quads(store_dir)
    message = one_line_error(cli("load", small_model, "--format", "yaml", "--store", store_dir),
                             "load")
    assert message.startswith("unknown RDF format 'yaml' (known: turtle, ntriples")
    assert store_quads(store_dir) == before


def test_a_store_held_by_another_writer_is_refused(cli, store_dir, small_model):
    with EmbeddedStore(store_dir):
        run = cli("load", small_model, "--store", store_dir)
    assert run.code == 3
    assert "in use by another process" in run.err and "Traceback" not in run.err


def test_load_needs_a_store(cli, small_model, monkeypatch):
    monkeypatch.delenv("TOMGRAPH_STORE", raising=False)
    monkeypatch.delenv("TOMGRAPH_ENDPOINT", raising=False)
    with pytest.raises(SystemExit) as exited:
        cli("load", small_model)
    assert exited.value.code == 2

"""``tomgraph info``: triples, graphs and counts per main class."""

from __future__ import annotations

import re

from cli_runner import one_line_error

from tomgraph.store import EmbeddedStore


def counts(out: str) -> dict[str, int]:
    return {m[1]: int(m[2].replace(",", ""))
            for m in re.finditer(r"^  ([a-z ]+?)\s+([\d,]+)$", out, re.MULTILINE)}


def test_info_without_a_store_describes_the_bundled_example(cli):
    run = cli("info")
    assert run.code == 0 and run.err == ""
    assert run.out.startswith("store:   memory\ntriples: ")
    for graph in ("ontology", "shapes", "model"):
        assert f"https://w3id.org/tomgraph/graph/{graph}  (" in run.out
    found = counts(run.out)
    assert found["service areas"] == 3
    assert found["capabilities"] > 0


def test_info_counts_every_main_class_of_a_store(cli, store_dir):
    run = cli("info", "--store", store_dir)
    assert run.code == 0
    assert f"store:   {store_dir}" in run.out
    found = counts(run.out)
    assert found["capabilities"] == 100
    assert found["projects"] == 3
    assert found["service areas"] == 3
    assert all(found[kind] > 0 for kind in ("processes", "features", "benefits", "dependencies",
                                             "people", "operating models", "design artefacts"))


def test_info_says_what_a_store_on_disk_keeps_for_validation(cli, store_dir):
    run = cli("info", "--store", store_dir)
    assert "files for validation: 2 loaded file(s) and 0 changed quad(s) kept" in run.out
    with EmbeddedStore(store_dir) as store:  # a write the files cannot follow
        store.update("CLEAR SILENT GRAPH <https://example.org/none>")
    assert "files for validation: none kept" in cli("info", "--store", store_dir).out
    assert "files for validation" not in cli("info").out, "a store in memory keeps none"


def test_info_on_a_store_that_does_not_exist_is_one_line_and_creates_nothing(cli, tmp_path):
    message = one_line_error(cli("info", "--store", tmp_path / "none"), "info")
    assert "no store here" in message
    assert not (tmp_path / "none").exists()

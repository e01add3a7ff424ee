"""Validating a store on disk gives exactly the report the same data gives in memory.

A store directory is validated in an in-memory copy of its graphs (when it fits), so these
tests compare the two paths finding by finding and score by score, on the example programme
and on a generated model.
"""

from __future__ import annotations

import io
import sys
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest

from tomgraph.generate import generate
from tomgraph.namespaces import MODEL_GRAPH, ONTOLOGY_GRAPH, SHAPES_GRAPH
from tomgraph.store import EmbeddedStore, load_bundled, snapshot_memory
from tomgraph.store.snapshot_memory import fits_in_memory, memory_copy
from tomgraph.validation import ValidationReport, validate


def _report_key(report: ValidationReport) -> tuple[object, ...]:
    findings = [
        (f.focus, f.shape.iri, f.result.result_path, f.result.value, f.severity, f.message,
         f.focus_label, f.focus_kind, f.path_label, f.value_label)
        for f in report.findings
    ]
    return (findings, report.scores, report.programme, report.counts, report.memberships)


def _generated(tmp_path: Path) -> Path:
    model = tmp_path / "generated.nt"
    with open(model, "w", encoding="utf-8") as out:
        generate(out, 300, seed=3)
    return model


@pytest.fixture(params=["example", "generated"])
def model_files(request: pytest.FixtureRequest, tmp_path: Path) -> list[Path] | None:
    return None if request.param == "example" else [_generated(tmp_path)]


def _fill(store: EmbeddedStore, files: list[Path] | None) -> EmbeddedStore:
    load_bundled(store, model=files is None)
    if files is not None:
        store.load_files(files, graph=MODEL_GRAPH)
    return store


@pytest.fixture
def on_disk(tmp_path: Path, model_files: list[Path] | None) -> Iterator[EmbeddedStore]:
    with _fill(EmbeddedStore(tmp_path / "db"), model_files) as store:
        yield store


def test_a_store_on_disk_gives_the_report_the_same_data_gives_in_memory(
    on_disk: EmbeddedStore, model_files: list[Path] | None
) -> None:
    with _fill(EmbeddedStore(), model_files) as in_memory:
        expected = validate(in_memory)
    found = validate(on_disk)
    assert found.findings, "the model should have something to report"
    assert _report_key(found) == _report_key(expected)


def test_the_report_is_the_same_when_the_copy_would_not_fit_in_memory(
    on_disk: EmbeddedStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    copied = validate(on_disk)
    monkeypatch.setattr(snapshot_memory, "available_memory", lambda: 1)
    assert memory_copy(on_disk, (MODEL_GRAPH,)) is None
    in_place = validate(on_disk)
    assert _report_key(in_place) == _report_key(copied)


def test_the_copy_holds_exactly_the_graphs_asked_for(on_disk: EmbeddedStore) -> None:
    copy = memory_copy(on_disk, (MODEL_GRAPH, ONTOLOGY_GRAPH, SHAPES_GRAPH))
    assert copy is not None
    with copy:
        for graph in (MODEL_GRAPH, ONTOLOGY_GRAPH, SHAPES_GRAPH):
            assert copy.count(graph) == on_disk.count(graph)
        assert copy.count() == sum(on_disk.count(g)
                                   for g in (MODEL_GRAPH, ONTOLOGY_GRAPH, SHAPES_GRAPH))
        assert not copy.persistent


def test_a_store_in_memory_is_validated_in_place_not_copied() -> None:
    with _fill(EmbeddedStore(), None) as store:
        assert memory_copy(store, (MODEL_GRAPH,)) is None


def test_validation_leaves_the_store_on_disk_unchanged(on_disk: EmbeddedStore) -> None:
    before = io.BytesIO()
    on_disk.export(before, ox.RdfFormat.N_QUADS)
    version = on_disk.version
    validate(on_disk)
    after = io.BytesIO()
    on_disk.export(after, ox.RdfFormat.N_QUADS)
    assert sorted(after.getvalue().splitlines()) == sorted(before.getvalue().splitlines())
    assert on_disk.version == version


def test_a_copy_only_fits_in_half_the_available_memory() -> None:
    assert fits_in_memory(1_000, available=10**9)
    assert not fits_in_memory(10**7, available=10**9)


def test_the_report_is_the_same_whether_the_copy_is_read_on_one_thread_or_several(
    on_disk: EmbeddedStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(snapshot_memory, "copy_threads", lambda: 1)
    one = validate(on_disk)
    monkeypatch.setattr(snapshot_memory, "copy_threads", lambda: 3)
    several = validate(on_disk)
    assert _report_key(several) == _report_key(one)


def test_a_server_on_a_store_directory_validates_its_first_report_in_a_memory_copy(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tomgraph.web import create_app

    validate_module = sys.modules["tomgraph.validation.validate"]

    path = tmp_path / "db"
    _fill(EmbeddedStore(path), None).close()
    copies: list[EmbeddedStore | None] = []

    def recorded(store: EmbeddedStore, graphs: tuple[str, ...]) -> EmbeddedStore | None:
        copies.append(memory_copy(store, graphs))
        return copies[-1]

    monkeypatch.setattr(validate_module, "memory_copy", recorded)
    app = create_app({"TESTING": True, "STORE_PATH": str(path), "QUERY_WORKERS": 0})
    try:
        page = app.test_client().get("/validation")
        assert page.status_code == 200
    finally:
        app.extensions["tomgraph"].close()
    assert len(copies) == 1 and copies[0] is not None

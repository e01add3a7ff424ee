"""Import and export go through the store interface: the same on every backend."""

from __future__ import annotations

from conformance import conformance_dir

from tomgraph.archimate import export_graph, import_file, validate_file
from tomgraph.changes import HISTORY_GRAPH

from .canon import canonical


def test_an_archi_model_round_trips_through_every_backend_with_one_history_entry(
    backend_store, tmp_path
):
    source = conformance_dir("archimate") / "archisurance.xml"
    report = import_file(backend_store, source)
    assert report.changeset is not None
    out = tmp_path / "out.xml"
    with out.open("wb") as fh:
        export_graph(backend_store, fh)
    validate_file(out)
    assert canonical(out) == canonical(source)
    assert HISTORY_GRAPH in backend_store.graphs()


def test_the_example_programme_exports_from_every_backend(backend_example_store, tmp_path):
    out = tmp_path / "met.xml"
    with out.open("wb") as fh:
        model = export_graph(backend_example_store, fh).model
    validate_file(out)
    assert len(model.elements) > 100

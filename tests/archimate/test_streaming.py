"""Big models stream: an import is loaded while it is read (and still written whole or not at
all), an export is written as the store hands the graph out (and is the same file when the
store does not group a concept's statements)."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from conformance import conformance_dir

from tomgraph.archimate import export_graph, import_file, validate_file
from tomgraph.archimate.stream_export import stream_model
from tomgraph.archimate.vocabulary import AM, ID_BASE
from tomgraph.changes import Changeset, commit
from tomgraph.errors import InputError
from tomgraph.generate.exchange_file import write_exchange_file
from tomgraph.namespaces import MODEL_GRAPH
from tomgraph.store import Dataset, EmbeddedStore

from .canon import canonical

MODEL = ox.NamedNode(MODEL_GRAPH)
ELEMENTS = 30_000  # enough quads that the store starts loading before the file is read


def big_model(path: Path, *, last_target: str | None = None) -> Path:
    return write_exchange_file(path, ELEMENTS, relationships=ELEMENTS - 1,
                               relationship_types=("Composition",), last_target=last_target)


def test_a_big_import_is_one_changeset_and_exports_back_to_the_same_model(tmp_path):
    source = big_model(tmp_path / "big.xml")
    store = EmbeddedStore()
    report = import_file(store, source)
    assert report.changeset is not None
    assert store.count(MODEL_GRAPH) == report.quads
    out = tmp_path / "out.xml"
    with out.open("wb") as fh:
        exported = export_graph(store, fh)
    assert (exported.elements, exported.relationships) == (ELEMENTS, ELEMENTS - 1)
    validate_file(out)
    assert canonical(out) == canonical(source)


def test_a_big_file_found_bad_at_its_end_writes_nothing_though_loading_had_begun(tmp_path):
    source = big_model(tmp_path / "bad.xml", last_target="nowhere")
    store = EmbeddedStore()
    before = store.count()
    with pytest.raises(InputError) as caught:
        import_file(store, source)
    assert "'nowhere'" in caught.value.message
    assert caught.value.line is not None
    assert store.count() == before


def test_a_persistent_store_streams_an_archi_model_out_as_it_came_in(tmp_path):
    source = conformance_dir("archimate") / "archisurance.xml"
    with EmbeddedStore(tmp_path / "store") as store:
        import_file(store, source)
        streamed = stream_model(store, MODEL_GRAPH)
        assert streamed is not None, "a persistent store groups statements by subject"
        streamed.close()
        out = tmp_path / "out.xml"
        with out.open("wb") as fh:
            export_graph(store, fh)
    validate_file(out)
    assert canonical(out) == canonical(source)


def test_statements_added_to_an_element_later_still_reach_its_exported_element(tmp_path):
    source = conformance_dir("archimate") / "archisurance.xml"
    store = EmbeddedStore()
    import_file(store, source)
    element = next(iter(canonical(source)["elements"]))
    name = ox.Quad(ox.NamedNode(ID_BASE + element), ox.NamedNode(AM + "name"),
                   ox.Literal("Nom", language="fr"), MODEL)
    commit(store, Changeset(added=(name,), activity="edit"))
    out = tmp_path / "out.xml"
    with out.open("wb") as fh:
        export_graph(store, fh)
    validate_file(out)
    assert ("Nom", "fr") in canonical(out)["elements"][element][1]


def test_a_store_that_hands_a_concepts_statements_out_apart_gets_the_same_file(tmp_path):
    source = conformance_dir("archimate") / "archisurance.xml"
    original = EmbeddedStore()
    import_file(original, source)
    quads = [ox.Quad(s, p, o, MODEL) for s, p, o in original.query(
        "SELECT ?s ?p ?o { ?s ?p ?o }", dataset=Dataset((MODEL_GRAPH,)))]  # type: ignore[misc]
    element = ox.NamedNode(ID_BASE + next(iter(canonical(source)["elements"])))
    names = tuple(q for q in quads
                  if q.subject == element and q.predicate == ox.NamedNode(AM + "name"))
    assert names
    # The element's name is written before the rest, so the in-memory store (newest first)
    # hands its type out in one run and its name in another, later one.
    split = EmbeddedStore()
    commit(split, Changeset(added=names))
    commit(split, Changeset(added=tuple(q for q in quads if q not in names)))
    assert stream_model(split, MODEL_GRAPH) is None
    out = tmp_path / "out.xml"
    with out.open("wb") as fh:
        export_graph(split, fh)
    validate_file(out)
    assert canonical(out) == canonical(source)

"""A large changeset into a store on disk is bulk-loaded into a checkpoint beside the store and
swapped in: the same data and history as a transaction, removals too, all or nothing, and the
store stays locked against a second process."""

from __future__ import annotations

import importlib
import os
import subprocess
import sys
import threading
from pathlib import Path

import pyoxigraph as ox
import pytest
from change_helpers import model_quads, nquads, quad

from tomgraph.changes import Changeset, NQuads, commit, list_changesets, load_changeset
from tomgraph.changes.commit import BULK_ABOVE
from tomgraph.changes.history import MAX_KEPT_QUADS
from tomgraph.errors import StoreError
from tomgraph.namespaces import MODEL_GRAPH
from tomgraph.store import EmbeddedStore
from tomgraph.store.nquads import NQuadsStream

COMMIT_MODULE = importlib.import_module("tomgraph.changes.commit")
SRC = Path(__file__).resolve().parents[2] / "src"


def swapped(db: Path, write: object) -> bool:
    """Whether ``write()`` replaced the store's directory (a swap) rather than writing in it."""
    before = os.stat(db).st_ino
    write()  # type: ignore[operator]
    return os.stat(db).st_ino != before


def leftovers(db: Path) -> list[str]:
    return [p.name for p in db.parent.iterdir() if p.name.startswith(f".{db.name}.staging-")]


@pytest.fixture
def store(tmp_path: Path) -> EmbeddedStore:
    """A store on disk holding one old quad, that swaps from 100 quads on."""
    db = EmbeddedStore(tmp_path / "db")
    db.swap_above = 100
    commit(db, Changeset(added=(quad("old", "old"),)))
    return db


def test_a_large_bulk_changeset_on_disk_is_swapped_in_with_its_history(
    store: EmbeddedStore, tmp_path: Path,
) -> None:
    added = [quad(f"n{i}", f"new {i}") for i in range(500)]
    change = Changeset(added_nquads=nquads(*added), activity="import", source="model.xml")
    nodes: list[ox.NamedNode | None] = []
    assert swapped(tmp_path / "db", lambda: nodes.append(commit(store, change)))
    assert model_quads(store) == {quad("old", "old"), *added}
    assert nodes[0] is not None
    recorded = load_changeset(store, nodes[0].value)
    assert recorded is not None
    assert set(recorded.added) == set(added)
    assert [c.kind for c in list_changesets(store)][0] == "import"
    assert leftovers(tmp_path / "db") == []


def test_a_large_changeset_of_quad_objects_removes_and_adds_in_the_swap(
    store: EmbeddedStore, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(COMMIT_MODULE, "BULK_ABOVE", 100)
    first = [quad(f"n{i}", f"first {i}") for i in range(200)]
    assert swapped(tmp_path / "db", lambda: commit(store, Changeset(added=tuple(first))))
    removed = (quad("old", "old"), *first[:150])
    added = (quad("z", "in the default graph", ox.DefaultGraph()),)
    change = Changeset(added=added, removed=removed, activity="import")
    node: list[ox.NamedNode | None] = []
    assert swapped(tmp_path / "db", lambda: node.append(commit(store, change)))
    assert model_quads(store) == {*first[150:], quad("z", "in the default graph")}
    assert node[0] is not None
    recorded = load_changeset(store, node[0].value)
    assert recorded is not None and set(recorded.removed) == set(removed)


def test_a_small_changeset_of_quad_objects_is_one_ordinary_transaction(
    store: EmbeddedStore, tmp_path: Path,
) -> None:
    assert BULK_ABOVE > 1
    change = Changeset(added=(quad("a", "A"),), removed=(quad("old", "old"),))
    assert not swapped(tmp_path / "db", lambda: commit(store, change))
    assert model_quads(store) == {quad("a", "A")}


def test_a_streamed_changeset_that_removes_quads_removes_them(store: EmbeddedStore) -> None:
    stream = NQuadsStream(keep_up_to=MAX_KEPT_QUADS)
    added = [quad(f"s{i}", f"streamed {i}") for i in range(300)]

    def produce() -> None:
        for i in range(0, 300, 50):
            stream.put("".join(f"{q} .\n" for q in added[i:i + 50]).encode(), 50)
        stream.close()

    producer = threading.Thread(target=produce)
    producer.start()
    commit(store, Changeset(added_nquads=stream, removed=(quad("old", "old"),)))
    producer.join()
    assert model_quads(store) == set(added)


def test_a_small_streamed_changeset_on_disk_stays_an_ordinary_transaction(
    store: EmbeddedStore, tmp_path: Path,
) -> None:
    stream = NQuadsStream(keep_up_to=MAX_KEPT_QUADS)
    stream.put(f"{quad('a', 'A')} .\n".encode(), 1)
    stream.close()
    assert not swapped(tmp_path / "db", lambda: commit(store, Changeset(added_nquads=stream)))
    assert model_quads(store) == {quad("old", "old"), quad("a", "A")}


def test_a_stream_whose_producer_fails_after_the_swap_began_writes_nothing(
    store: EmbeddedStore, tmp_path: Path,
) -> None:
    stream = NQuadsStream(keep_up_to=MAX_KEPT_QUADS)
    before = model_quads(store), len(list_changesets(store))

    def produce() -> None:
        for i in range(0, 1000, 100):
            stream.put("".join(f"{quad(f'f{j}', 'x')} .\n"
                               for j in range(i, i + 100)).encode(), 100)
        stream.fail(ValueError("the file is bad at its end"))

    producer = threading.Thread(target=produce)
    producer.start()
    with pytest.raises((ValueError, StoreError)):
        commit(store, Changeset(added_nquads=stream))
    producer.join()
    assert (model_quads(store), len(list_changesets(store))) == before
    assert leftovers(tmp_path / "db") == []


def test_bulk_text_that_is_not_n_quads_leaves_the_store_on_disk_as_it_was(
    store: EmbeddedStore, tmp_path: Path,
) -> None:
    text = "".join(f"{quad(f'b{i}', 'x')} .\n" for i in range(200)) + "not n-quads\n"
    with pytest.raises(StoreError, match="not N-Quads"):
        commit(store, Changeset(added_nquads=NQuads.of(text.encode(), 201)))
    assert model_quads(store) == {quad("old", "old")}
    assert leftovers(tmp_path / "db") == []


def test_a_store_shared_with_another_handle_commits_in_place_in_one_transaction(
    store: EmbeddedStore, tmp_path: Path,
) -> None:
    held = store.oxigraph  # someone else holds the pyoxigraph store: no swap under them
    added = [quad(f"h{i}", "held") for i in range(300)]
    assert not swapped(tmp_path / "db", lambda: commit(store, Changeset(
        added_nquads=nquads(*added))))
    assert len(held) == len(store.oxigraph)
    assert model_quads(store) == {quad("old", "old"), *added}


def test_after_a_swap_a_second_process_gets_the_clear_in_use_error(
    store: EmbeddedStore, tmp_path: Path,
) -> None:
    commit(store, Changeset(added_nquads=nquads(*(quad(f"n{i}", "x") for i in range(200)))))
    code = ("import sys\nfrom tomgraph.store import EmbeddedStore\nfrom tomgraph.errors import "
            "StoreError\ntry:\n    EmbeddedStore(sys.argv[1])\nexcept StoreError as e:\n"
            "    print(e)\n")
    done = subprocess.run([sys.executable, "-c", code, str(tmp_path / "db")],
                          capture_output=True, text=True, timeout=120,
                          env={**os.environ, "PYTHONPATH": str(SRC)})
    assert "in use by another process" in done.stdout, done.stderr
    store.close()
    with EmbeddedStore(tmp_path / "db", read_only=True) as reopened:
        assert reopened.count(MODEL_GRAPH) == 201


@pytest.mark.parametrize("on_disk", [False, True], ids=["in memory", "on disk"])
def test_a_changeset_too_long_to_keep_as_one_line_records_its_counts_only(
    store: EmbeddedStore, on_disk: bool,
) -> None:
    target = store if on_disk else EmbeddedStore()
    added = [quad(f"long{i}", "x" * 200_000) for i in range(100)]  # 20 MB of text
    node = commit(target, Changeset(added_nquads=nquads(*added)))
    assert node is not None
    assert {quad(f"long{i}", "x" * 200_000) for i in range(100)} <= model_quads(target)
    recorded = load_changeset(target, node.value)
    assert recorded is not None and recorded.added == ()
    assert list_changesets(target)[0].added == 100

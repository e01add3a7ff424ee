"""What a store can do is read from the store itself, never from which backend it is.

Callers outside ``tomgraph.store`` ask ``can_fork``, ``xsd_casts``, ``can_backup`` and call
``snapshot()``; each backend answers for itself.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pyoxigraph as ox

from tomgraph.namespaces import XSD
from tomgraph.store import EmbeddedStore, Store
from tomgraph.store.base import PORTABLE_CASTS

QUADS = (
    b'<https://example.org/a> <https://example.org/p> "one" <https://example.org/g/1> .\n'
    b'<https://example.org/b> <https://example.org/p> "two"@en <https://example.org/g/2> .\n'
)


def _quads_in(directory: str) -> set[str]:
    with EmbeddedStore(directory, read_only=True) as copy:
        return {str(q) for q in copy.oxigraph}


def test_a_snapshot_of_any_backend_is_a_read_only_copy_of_every_quad(backend_store: Store):
    backend_store.load_bytes(QUADS, ox.RdfFormat.N_QUADS)
    expected = {str(q) for q in ox.parse(QUADS, ox.RdfFormat.N_QUADS)}
    snapshot = backend_store.snapshot()
    try:
        assert snapshot.owned
        assert _quads_in(snapshot.path) == expected
    finally:
        shutil.rmtree(snapshot.path)


def test_a_snapshot_of_a_store_on_disk_does_not_see_later_writes(tmp_path: Path):
    with EmbeddedStore(tmp_path / "store") as store:
        store.load_bytes(QUADS, ox.RdfFormat.N_QUADS)
        snapshot = store.snapshot()
        try:
            assert snapshot.owned and Path(snapshot.path) != tmp_path / "store"
            store.clear()
            assert len(_quads_in(snapshot.path)) == 2
        finally:
            shutil.rmtree(snapshot.path)


def test_a_read_only_store_on_disk_hands_out_its_own_directory(tmp_path: Path):
    with EmbeddedStore(tmp_path / "store") as store:
        store.load_bytes(QUADS, ox.RdfFormat.N_QUADS)
    with EmbeddedStore(tmp_path / "store", read_only=True) as store:
        snapshot = store.snapshot()
    assert not snapshot.owned
    assert snapshot.path == str(tmp_path / "store")


def test_only_an_in_memory_store_can_be_shared_with_forked_processes(
    tmp_path: Path, backend_store: Store
):
    with EmbeddedStore() as memory:
        assert memory.can_fork
    with EmbeddedStore(tmp_path / "store") as on_disk:
        assert not on_disk.can_fork
    if backend_store.remote:
        assert not backend_store.can_fork


def test_every_store_casts_to_the_sparql_datatypes_and_oxigraph_to_dates_as_well(
    backend_store: Store,
):
    assert PORTABLE_CASTS <= backend_store.xsd_casts
    if backend_store.remote:
        assert backend_store.xsd_casts == PORTABLE_CASTS
    else:
        assert XSD + "date" in backend_store.xsd_casts

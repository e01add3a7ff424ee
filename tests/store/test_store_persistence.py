"""A store kept in a directory survives closing, and a read-only handle never writes."""

from __future__ import annotations

import pytest
from store_helpers import quads

from tomgraph.errors import InputError, StoreError
from tomgraph.store import EmbeddedStore, StoreConfig, open_store


def test_a_persisted_store_holds_its_data_after_close_and_reopen(tricky_ttl, two_graphs_nq,
                                                                 tmp_path):
    with EmbeddedStore(tmp_path / "db") as store:
        store.load_files([tricky_ttl, two_graphs_nq])
        before, graphs = quads(store), store.graphs()
        assert store.persistent and store.location == str(tmp_path / "db")

    with EmbeddedStore(tmp_path / "db") as reopened:
        assert quads(reopened) == before
        assert reopened.graphs() == graphs


def test_a_read_only_store_answers_queries_but_refuses_every_write(tricky_ttl, tmp_path):
    with EmbeddedStore(tmp_path / "db") as store:
        store.load_files([tricky_ttl])
        count = store.count()

    with open_store(StoreConfig(path=tmp_path / "db", read_only=True)) as store:
        assert not store.writable and store.count() == count
        for write in (
            lambda: store.load_files([tricky_ttl]),
            lambda: store.update("INSERT DATA { <urn:a> <urn:b> <urn:c> }"),
            lambda: store.clear(),
            lambda: store.load_bytes(b"", __import__("pyoxigraph").RdfFormat.N_TRIPLES),
        ):
            with pytest.raises(StoreError, match="open read-only"):
                write()
        assert store.count() == count


def test_opening_a_missing_directory_read_only_says_there_is_no_store(tmp_path):
    with pytest.raises(InputError, match="nowhere: no store here"):
        EmbeddedStore(tmp_path / "nowhere", read_only=True)
    assert not (tmp_path / "nowhere").exists(), "reading must not create a store"


def test_a_store_in_use_by_another_writer_is_refused_with_a_clear_error(tmp_path):
    with EmbeddedStore(tmp_path / "db"):
        with pytest.raises(StoreError, match="in use by another process"):
            EmbeddedStore(tmp_path / "db")


def test_a_file_where_the_directory_should_be_is_refused(tmp_path):
    (tmp_path / "file").write_text("not a store")
    with pytest.raises(StoreError, match="cannot open the store"):
        EmbeddedStore(tmp_path / "file")


def test_closing_twice_is_harmless_and_a_closed_store_says_so(tmp_path):
    store = EmbeddedStore(tmp_path / "db")
    store.close()
    store.close()
    with pytest.raises(StoreError, match="closed"):
        store.count()

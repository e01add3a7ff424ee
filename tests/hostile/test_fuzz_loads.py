"""Random bytes as RDF: a clear InputError naming where, and the store exactly as it was."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from hypothesis import given
from hypothesis import strategies as st

from tomgraph.errors import InputError
from tomgraph.store import EmbeddedStore

FORMATS = [ox.RdfFormat.TURTLE, ox.RdfFormat.N_TRIPLES, ox.RdfFormat.N_QUADS,
           ox.RdfFormat.TRIG, ox.RdfFormat.RDF_XML, ox.RdfFormat.JSON_LD]
SUFFIXES = [".ttl", ".nt", ".nq", ".trig", ".rdf", ".jsonld", ".ttl.gz"]
rdf_ish = st.lists(st.sampled_from(
    [b"<urn:a>", b"<urn:b>", b"'c'", b'"d"@en', b" . ", b"@prefix ex: <urn:> .", b"ex:a",
     b"{", b"}", b"<?xml version='1.0'?>", b"<rdf:RDF>", b'{"@id": "urn:a"}', b"\n", b"_:b",
     b"\xff", b"\x00", b"^^", b"[", b"]", b"(", b")", b";", b","]
), max_size=30).map(b"".join)
data = st.binary(max_size=400) | rdf_ish


@pytest.fixture(scope="module")
def store() -> EmbeddedStore:
    store = EmbeddedStore()
    store.update("INSERT DATA { GRAPH <urn:kept> { <urn:s> <urn:p> 'before' } }")
    return store


def contents(store: EmbeddedStore) -> set[ox.Quad]:
    return set(store.oxigraph.quads_for_pattern(None, None, None, None))


@given(data=data, fmt=st.sampled_from(FORMATS))
def test_random_bytes_load_whole_or_raise_input_error_leaving_the_store_alone(
    store: EmbeddedStore, data: bytes, fmt: ox.RdfFormat
) -> None:
    before = contents(store)
    try:
        store.load_bytes(data, fmt, graph="urn:fuzz", source="upload.bin")
    except InputError as exc:
        assert str(exc).startswith("upload.bin")
        assert contents(store) == before
    finally:
        store.clear("urn:fuzz")


@given(data=data, suffix=st.sampled_from(SUFFIXES))
def test_random_files_load_whole_or_raise_input_error_leaving_the_store_alone(
    store: EmbeddedStore, data: bytes, suffix: str, tmp_path_factory: pytest.TempPathFactory
) -> None:
    path = Path(tmp_path_factory.mktemp("load")) / f"upload{suffix}"
    path.write_bytes(data)
    good = path.with_name("good.nt")
    good.write_text("<urn:g1> <urn:p> 'fine' .\n")
    before = contents(store)
    try:
        store.load_files([good, path], graph="urn:fuzz")  # several files: all or none
    except InputError as exc:
        assert str(path) in str(exc) or str(good) in str(exc)
        assert contents(store) == before
    finally:
        store.clear("urn:fuzz")

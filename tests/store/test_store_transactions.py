"""A load that fails changes nothing, and its error says exactly where the input is wrong."""

from __future__ import annotations

from pathlib import Path

import pytest
from store_helpers import quads

from tomgraph.errors import InputError, UsageError
from tomgraph.store import EmbeddedStore

MALFORMED = {
    # extension: (text, line, column) of the first error
    "ttl": ('@prefix ex: <https://example.org/> .\nex:a ex:p "ok" .\nex:b ex:p ex:c ex:d .\n',
            3, 16),
    "nt": ('<https://example.org/a> <https://example.org/p> "ok" .\n'
           '<https://example.org/b> <https://example.org/p> .\n', 2, 49),
    "nq": ('<https://example.org/a> <https://example.org/p> "x" <https://example.org/g> .\n'
           'garbage\n', 2, 1),
    "trig": ('<https://example.org/g> {\n  <https://example.org/a> <https://example.org/p> "x" .\n'
             '  <https://example.org/b> <https://example.org/p>\n}\n', 4, 1),
    "jsonld": ('{\n  "@id": "https://example.org/a",\n  "https://example.org/p": [1,\n}\n', 4, 1),
    "rdf": ('<?xml version="1.0"?>\n'
            '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"'
            ' xmlns:ex="https://example.org/">\n'
            '  <rdf:Description rdf:about="https://example.org/a">\n'
            '    <ex:p>x</ex:q>\n'
            '  </rdf:Description>\n</rdf:RDF>\n', 4, 12),
}


@pytest.fixture
def loaded(tricky_ttl: Path) -> EmbeddedStore:
    store = EmbeddedStore()
    store.load_files([tricky_ttl])
    return store


@pytest.mark.parametrize("ext", sorted(MALFORMED))
def test_a_malformed_file_loads_nothing_and_names_file_line_and_column(ext, loaded, tmp_path):
    text, line, column = MALFORMED[ext]
    bad = tmp_path / f"bad.{ext}"
    bad.write_text(text, encoding="utf-8")
    before = quads(loaded)

    with pytest.raises(InputError) as caught:
        loaded.load_files([bad])

    assert quads(loaded) == before
    error = caught.value
    assert (error.source, error.line) == (str(bad), line)
    assert error.column is not None and abs(error.column - column) <= 2
    assert str(error).startswith(f"{bad}:{line}:{error.column}: ")
    assert "\n" not in str(error) and "Parser error" not in str(error)


def test_a_bad_second_file_leaves_the_first_unloaded_too(loaded, tricky_ttl, two_graphs_nq,
                                                         tmp_path):
    bad = tmp_path / "bad.ttl"
    bad.write_text(MALFORMED["ttl"][0], encoding="utf-8")
    before = quads(loaded)

    with pytest.raises(InputError, match=r"bad\.ttl:3:"):
        loaded.load_files([two_graphs_nq, bad, tricky_ttl])

    assert quads(loaded) == before
    assert loaded.graphs() == ["https://w3id.org/tomgraph/graph/model"]


def test_a_missing_file_among_several_loads_none_of_them(loaded, two_graphs_nq, tmp_path):
    before = quads(loaded)
    with pytest.raises(InputError, match="no such file"):
        loaded.load_files([two_graphs_nq, tmp_path / "absent.ttl"])
    assert quads(loaded) == before


def test_an_unknown_extension_is_a_usage_error_before_anything_loads(loaded, tmp_path):
    odd = tmp_path / "model.txt"
    odd.write_text('<https://example.org/a> <https://example.org/p> "1" .\n')
    before = quads(loaded)
    with pytest.raises(UsageError, match=r"model\.txt: cannot tell the RDF format.*--format"):
        loaded.load_files([odd])
    assert quads(loaded) == before
    loaded.load_files([odd], format="ntriples")
    assert len(quads(loaded)) == len(before) + 1


def test_a_failed_load_leaves_a_persisted_store_as_it_was_after_reopening(tricky_ttl, tmp_path):
    bad = tmp_path / "bad.nt"
    bad.write_text(MALFORMED["nt"][0], encoding="utf-8")
    with EmbeddedStore(tmp_path / "db") as store:
        store.load_files([tricky_ttl])
        before = quads(store)
        with pytest.raises(InputError):
            store.load_files([bad])
    with EmbeddedStore(tmp_path / "db") as reopened:
        assert quads(reopened) == before


def test_bytes_that_do_not_parse_are_refused_the_same_way(loaded):
    from pyoxigraph import RdfFormat

    before = quads(loaded)
    with pytest.raises(InputError) as caught:
        loaded.load_bytes(b"<https://example.org/a> <https://example.org/p> .\n",
                          RdfFormat.N_TRIPLES, source="request body")
    assert str(caught.value).startswith("request body:1:")
    assert quads(loaded) == before


def test_gzipped_files_load_like_plain_ones(tricky_ttl, tmp_path):
    import gzip

    packed = tmp_path / "tricky.ttl.gz"
    packed.write_bytes(gzip.compress(tricky_ttl.read_bytes()))
    plain, zipped = EmbeddedStore(), EmbeddedStore()
    plain.load_files([tricky_ttl])
    zipped.load_files([packed])
    assert zipped.count() == plain.count() > 0


@pytest.mark.parametrize("persisted", [False, True], ids=["memory", "directory"])
def test_a_bad_file_among_several_leaves_an_empty_store_empty(persisted, tricky_ttl,
                                                              two_graphs_nq, tmp_path):
    bad = tmp_path / "bad.nq"
    bad.write_text(MALFORMED["nq"][0], encoding="utf-8")
    with EmbeddedStore(tmp_path / "db" if persisted else None) as store:
        with pytest.raises(InputError, match=r"bad\.nq:2:1: "):
            store.load_files([tricky_ttl, two_graphs_nq, bad])
        assert (store.count(), store.graphs()) == (0, [])
        store.load_files([tricky_ttl, two_graphs_nq])
        assert store.graphs() == ["https://example.org/g/one", "https://example.org/g/two",
                                  "https://w3id.org/tomgraph/graph/model"]

"""A store on disk keeps the files it was loaded from, and uses them only while they are its
content.

Validation parses those files instead of reading every graph out of RocksDB
(``tomgraph.store.file_replica``). These tests pin down when the files are the store's content:
after loads of files, in any format, gzipped or not, and across reopenings; and when they are
not: after an edit, an import or a write by another program, or a load into a store whose files
were already retired.
"""

from __future__ import annotations

import gzip
import io
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
from store_helpers import child_env, replica_quads, same_content

from tomgraph.errors import InputError
from tomgraph.generate import generate_file
from tomgraph.namespaces import MODEL_GRAPH, ONTOLOGY_GRAPH, SHAPES_GRAPH
from tomgraph.store import EmbeddedStore, file_replica, load_bundled, snapshot_memory
from tomgraph.store.nquads import NQuads
from tomgraph.store.snapshot_memory import memory_copy
from tomgraph.validation import ValidationReport, validate

EX = "http://example.com/"
OTHER = f"{EX}other"


def report_key(report: ValidationReport) -> tuple[object, ...]:
    findings = [(f.focus, f.shape.iri, f.result.result_path, f.result.value, f.message)
                for f in report.findings if not f.focus.startswith("_:")]
    return (sorted(findings, key=repr), report.scores, report.counts)


@pytest.fixture
def model(tmp_path: Path) -> Path:
    path = tmp_path / "model.nt"
    generate_file(path, 200)
    return path


@pytest.fixture
def loaded(tmp_path: Path, model: Path) -> Iterator[EmbeddedStore]:
    """A store on disk holding the ontology, the shapes and a model, each loaded from files."""
    with EmbeddedStore(tmp_path / "db") as store:
        load_bundled(store, model=False)
        store.load_files([model], graph=MODEL_GRAPH)
        yield store


GRAPHS = (MODEL_GRAPH, ONTOLOGY_GRAPH, SHAPES_GRAPH)


def test_a_store_loaded_from_files_keeps_them_and_they_parse_to_its_content(loaded):
    assert loaded.current_replica() is not None
    same_content(loaded, replica_quads(loaded, GRAPHS), GRAPHS)


def test_validation_parses_the_files_and_gives_the_report_the_store_gives(loaded, monkeypatch):
    monkeypatch.setattr(snapshot_memory, "copy_parts",
                        lambda *a: pytest.fail("read RocksDB although the files are current"))
    from_files = validate(loaded)
    monkeypatch.undo()
    monkeypatch.setattr(EmbeddedStore, "current_replica", lambda self: None)
    copied = validate(loaded)
    assert report_key(from_files) == report_key(copied)
    assert from_files.findings


def test_every_format_gzip_relative_iris_and_blank_nodes_come_back_the_same(tmp_path):
    turtle = tmp_path / "doc.ttl"
    turtle.write_text("@prefix ex: <http://example.com/> .\n"
                      "<thing> ex:owner _:b1 ; ex:list ( 1 2 ) . _:b1 ex:name \"one\" .\n")
    again = tmp_path / "again.ttl.gz"  # the same blank-node label in another file: another node
    with gzip.open(again, "wt") as fh:
        fh.write("@prefix ex: <http://example.com/> . _:b1 ex:name \"two\" .\n")
    quads = tmp_path / "data.nq"
    quads.write_text(f"<{EX}q> <{EX}p> \"in other\" <{OTHER}> .\n"
                     f"<{EX}q> <{EX}p> \"default graph\" .\n")
    xml = tmp_path / "doc.rdf"
    xml.write_text('<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
                   f'xmlns:ex="{EX}"><rdf:Description rdf:about="x"><ex:p>xml</ex:p>'
                   "</rdf:Description></rdf:RDF>")
    with EmbeddedStore(tmp_path / "db") as store:
        store.load_files([turtle, again])
        store.load_files([quads, xml], graph=f"{EX}target")
        graphs = (MODEL_GRAPH, OTHER, f"{EX}target")
        parsed = replica_quads(store, graphs)
        same_content(store, parsed, graphs)
        names = {q.object.value for q in parsed.quads_for_pattern(None, ox.NamedNode(f"{EX}name"),
                                                                    None, None)}
        assert names == {"one", "two"}
        owners = list(parsed.quads_for_pattern(ox.NamedNode(turtle.resolve().parent.as_uri()
                                                            + "/thing"), None, None, None))
        assert owners, "relative IRIs resolve against the file they were loaded from"


def test_only_the_graphs_asked_for_are_parsed(loaded):
    parsed = replica_quads(loaded, (MODEL_GRAPH,))
    assert {g.value for g in parsed.named_graphs()} == {MODEL_GRAPH}  # type: ignore[union-attr]


def test_reopening_the_store_for_writing_or_reading_keeps_the_files_current(loaded, tmp_path):
    path = Path(loaded.location)
    loaded.close()
    for _ in range(2):
        with EmbeddedStore(path) as again:
            assert again.current_replica() is not None
    with EmbeddedStore(path, read_only=True) as reader:
        assert reader.current_replica() is not None
    _other_process(f"import pyoxigraph as ox; print(len(ox.Store.read_only({str(path)!r})))")
    with EmbeddedStore(path) as again:
        same_content(again, replica_quads(again, GRAPHS), GRAPHS)


LABEL = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")


def quad(name: str, value: str = "new", graph: str = MODEL_GRAPH) -> ox.Quad:
    return ox.Quad(ox.NamedNode(f"{EX}{name}"), LABEL, ox.Literal(value), ox.NamedNode(graph))


@pytest.mark.parametrize("edit", ["update", "load_bytes", "clear"])
def test_a_write_that_does_not_say_what_it_changed_retires_the_files(loaded, edit):
    new = quad("new")
    {
        "update": lambda: loaded.update(f"INSERT DATA {{ GRAPH <{MODEL_GRAPH}> {{ {new.subject} "
                                        f"{new.predicate} {new.object} }} }}"),
        "load_bytes": lambda: loaded.load_bytes(f"{new.subject} {LABEL} \"new\" .".encode(),
                                                ox.RdfFormat.N_TRIPLES, graph=MODEL_GRAPH),
        "clear": lambda: loaded.clear(OTHER),
    }[edit]()
    assert loaded.current_replica() is None
    assert not file_replica.folder(Path(loaded.location)).exists(), "its files are removed"
    copy = memory_copy(loaded, GRAPHS)
    assert copy is not None
    assert copy.count(MODEL_GRAPH) == loaded.count(MODEL_GRAPH)


def test_changes_of_quads_are_followed_so_the_files_stay_the_content(loaded):
    """Saves in the editor (guarded or not) and imports as N-Quads text."""
    existing = next(loaded.oxigraph.quads_for_pattern(None, LABEL, None,
                                                      ox.NamedNode(MODEL_GRAPH)))
    loaded.apply([quad("a")])
    loaded.apply([quad("b"), ox.Quad(existing.subject, LABEL, ox.Literal("renamed"))],
                 [existing])
    loaded.apply_nquads(_nquads([quad("c"), quad("d", graph=OTHER)]))
    loaded.apply_nquads(_nquads([quad("e")]), [quad("a")])
    assert loaded.apply_guarded([quad("f")], [quad("b")], subject=quad("b").subject,
                                expected=[quad("b")], proof=quad("f"))
    assert not loaded.apply_guarded([quad("g")], [], subject=quad("b").subject,
                                    expected=[quad("b")], proof=quad("g")), "b has changed"
    graphs = (*GRAPHS, OTHER)
    assert loaded.current_replica() is not None
    same_content(loaded, replica_quads(loaded, graphs), graphs)


def test_followed_changes_are_trusted_elsewhere_only_once_the_store_closed_cleanly(loaded):
    """RocksDB does not sync its log on every write: until the store is flushed, a power cut
    could lose a save whose change the files already show."""
    path = loaded.location
    loaded.apply([quad("a")])
    with EmbeddedStore(path, read_only=True) as reader:
        assert reader.current_replica() is None, "not yet durable"
    loaded.close()
    with EmbeddedStore(path, read_only=True) as reader:
        assert reader.current_replica() is not None
        same_content(reader, replica_quads(reader, GRAPHS), GRAPHS)
    # A process that edits and dies without closing leaves files nobody trusts.
    _other_process("import os, pyoxigraph as ox\n"
                   "from tomgraph.store import EmbeddedStore\n"
                   f"s = EmbeddedStore({path!r})\n"
                   f"s.apply([ox.Quad(ox.NamedNode('{EX}b'), ox.NamedNode('{EX}p'), "
                   f"ox.Literal('b'), ox.NamedNode('{MODEL_GRAPH}'))])\n"
                   "assert s.current_replica() is not None\n"
                   "os._exit(0)\n")
    with EmbeddedStore(path, read_only=True) as reader:
        assert reader.current_replica() is None
    with EmbeddedStore(path) as writer:
        assert writer.current_replica() is None
        assert writer.count(MODEL_GRAPH) > 0


def test_validation_after_edits_parses_the_files_and_gives_the_stores_report(
    loaded, monkeypatch
):
    entity = next(loaded.oxigraph.quads_for_pattern(None, LABEL, None, ox.NamedNode(MODEL_GRAPH)))
    loaded.apply([], [entity])  # an entity loses its name: a finding more
    loaded.apply([ox.Quad(ox.NamedNode(f"{EX}orphan"), ox.NamedNode(
        "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"), ox.NamedNode(
        "https://w3id.org/tomgraph/ontology#Capability"), ox.NamedNode(MODEL_GRAPH))])
    monkeypatch.setattr(snapshot_memory, "copy_parts",
                        lambda *a: pytest.fail("read RocksDB although the files are current"))
    from_files = validate(loaded)
    monkeypatch.undo()
    monkeypatch.setattr(EmbeddedStore, "current_replica", lambda self: None)
    assert report_key(from_files) == report_key(validate(loaded))


def test_a_change_naming_a_blank_node_retires_the_files(loaded):
    loaded.apply([ox.Quad(ox.NamedNode(f"{EX}s"), LABEL, ox.BlankNode(),
                          ox.NamedNode(MODEL_GRAPH))])
    assert loaded.current_replica() is None
    assert not file_replica.folder(Path(loaded.location)).exists()


def test_many_changes_are_merged_and_too_many_retire_the_files(loaded, monkeypatch):
    monkeypatch.setattr(file_replica, "MAX_CHANGE_FILES", 4)
    for i in range(9):
        loaded.apply([quad(f"m{i % 3}", str(i))], [quad(f"m{(i - 1) % 3}", str(i - 1))])
    replica = loaded.current_replica()
    assert replica is not None
    assert sum(1 for c in replica.chunks if c.changed) <= 4 + 2
    on_disk = {p.name for p in file_replica.folder(Path(loaded.location)).iterdir()}
    assert on_disk == {c.name for c in replica.chunks} | {file_replica.MANIFEST}
    same_content(loaded, replica_quads(loaded, GRAPHS), GRAPHS)
    monkeypatch.setattr(file_replica, "MAX_CHANGED_QUADS", 10)
    loaded.apply([quad(f"x{i}") for i in range(11)])
    assert loaded.current_replica() is None


def test_writes_that_overlap_on_two_threads_retire_the_files(loaded):
    """One write cannot know what another running beside it changed."""
    keeper = loaded._files
    assert keeper is not None
    keeper.before_write()  # another thread's write, still running
    loaded.apply([quad("a")])
    assert loaded.current_replica() is None
    keeper.after_write(loaded._is_empty)
    assert loaded.current_replica() is None
    assert not file_replica.folder(Path(loaded.location)).exists()


def _nquads(quads: list[ox.Quad]) -> NQuads:
    return NQuads.of("".join(f"{q} .\n" for q in quads).encode(), len(quads))


def test_a_load_after_a_write_that_retired_the_files_makes_none(loaded, model):
    loaded.update(f"INSERT DATA {{ GRAPH <{MODEL_GRAPH}> {{ <{EX}s> <{EX}p> \"o\" }} }}")
    loaded.load_files([model], graph=OTHER)
    assert loaded.current_replica() is None


def test_a_load_that_fails_keeps_the_replica(loaded, tmp_path):
    bad = tmp_path / "bad.ttl"
    bad.write_text("<a> <b> .\n")
    before = loaded.current_replica()
    with pytest.raises(InputError):
        loaded.load_files([bad])
    assert loaded.current_replica() is not None
    assert loaded.current_replica().chunks == before.chunks  # type: ignore[union-attr]
    same_content(loaded, replica_quads(loaded, GRAPHS), GRAPHS)


def test_another_program_writing_the_directory_retires_the_replica(loaded):
    path = Path(loaded.location)
    loaded.close()
    _other_process("import pyoxigraph as ox\n"
                   f"s = ox.Store({str(path)!r})\n"
                   f"s.add(ox.Quad(ox.NamedNode('{EX}x'), ox.NamedNode('{EX}p'), "
                   f"ox.Literal('o'), ox.NamedNode('{MODEL_GRAPH}')))\n")
    with EmbeddedStore(path, read_only=True) as reader:
        assert reader.current_replica() is None
    with EmbeddedStore(path) as writer:
        assert writer.current_replica() is None
    assert not file_replica.folder(path).exists()


def test_another_program_opening_the_directory_for_writing_retires_it_even_without_writing(
    loaded,
):
    path = Path(loaded.location)
    loaded.close()
    _other_process(f"import pyoxigraph as ox; ox.Store({str(path)!r})")
    with EmbeddedStore(path) as writer:
        assert writer.current_replica() is None


def test_a_reader_beside_a_writer_uses_the_files_until_the_writer_retires_them(loaded):
    with EmbeddedStore(loaded.location, read_only=True) as reader:
        assert reader.current_replica() is not None
        loaded.update(f"INSERT DATA {{ GRAPH <{MODEL_GRAPH}> {{ <{EX}s> <{EX}p> \"o\" }} }}")
        assert reader.current_replica() is None


def test_the_manifest_is_gone_before_a_write_touches_the_data(loaded):
    """So a kill during the write, or a reader looking meanwhile, never takes the old files
    for the new content."""
    path, seen = Path(loaded.location), []

    class Watched(io.BytesIO):
        def read(self, size: int | None = -1) -> bytes:
            seen.append((file_replica.folder(path) / file_replica.MANIFEST).exists())
            return super().read(size)

    loaded.load_bytes(Watched(f"<{EX}s> <{EX}p> \"o\" .\n".encode()), ox.RdfFormat.N_TRIPLES,
                      graph=MODEL_GRAPH)
    assert seen and not any(seen)


def test_a_new_store_and_an_emptied_one_start_with_an_empty_replica(tmp_path, model):
    with EmbeddedStore(tmp_path / "db") as store:
        replica = store.current_replica()
        assert replica is not None and replica.chunks == ()
        store.load_files([model])
        store.update(f"INSERT DATA {{ GRAPH <{MODEL_GRAPH}> {{ <{EX}s> <{EX}p> \"o\" }} }}")
        assert store.current_replica() is None
        store.clear()
        assert store.current_replica() == file_replica.Replica((), store.current_replica().stamp)  # type: ignore[union-attr]
        store.load_files([model])
        same_content(store, replica_quads(store, (MODEL_GRAPH,)), (MODEL_GRAPH,))


def test_an_import_swapped_into_an_empty_store_leaves_no_replica_behind(tmp_path):
    """The checkpoint of an empty store starts with an empty replica of its own; an import
    (which brings no files) must not swap that in as the content."""
    with EmbeddedStore(tmp_path / "db") as store:
        store.swap_above = 1
        quads = [ox.Quad(ox.NamedNode(f"{EX}s{i}"), ox.NamedNode(f"{EX}p"), ox.Literal("o"),
                         ox.NamedNode(MODEL_GRAPH)) for i in range(5)]
        store.apply_nquads(_nquads(quads))
        assert store.count(MODEL_GRAPH) == 5
        assert store.current_replica() is None
    with EmbeddedStore(tmp_path / "db") as again:
        assert again.current_replica() is None


def _other_process(code: str) -> None:
    """Run ``code`` in a fresh interpreter importing this checkout's package."""
    subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, timeout=120,
                   env=child_env())


@pytest.mark.parametrize("seed", range(4))
def test_whatever_happens_to_a_store_its_replica_is_its_content_or_absent(tmp_path, seed):
    """Random runs of loads (good and bad), edits (with and without blank nodes), updates,
    clears, reopenings and other programs' opens: after every step, a replica the store offers
    parses to its content, and loads of files and edits of a store that has one keep it."""
    import random

    rng = random.Random(seed)
    files = []
    for i in range(4):
        path = tmp_path / f"part{i}.ttl"
        path.write_text(f"@prefix ex: <{EX}> . ex:s{i} ex:p {i} ; ex:q _:b . _:b ex:r \"{i}\" .\n")
        files.append(path)
    bad = tmp_path / "bad.nt"
    bad.write_text("<a> <b> .\n")
    where = tmp_path / "db"
    graphs = (MODEL_GRAPH, OTHER)
    store = EmbeddedStore(where)
    try:
        for _step in range(25):
            had = store.current_replica() is not None
            action = rng.choice(["load", "load", "load", "bad", "edit", "edit", "blank",
                                 "update", "clear", "reopen", "other"])
            if action == "load":
                store.load_files(rng.sample(files, rng.randint(1, 2)), graph=rng.choice(graphs))
                assert (store.current_replica() is not None) == had
            elif action == "bad":
                with pytest.raises(InputError):
                    store.load_files([files[0], bad])
                assert (store.current_replica() is not None) == had
            elif action == "edit":
                gone = list(store.oxigraph.quads_for_pattern(None, None, None,
                                                             ox.NamedNode(MODEL_GRAPH)))[:1]
                gone = [q for q in gone if not isinstance(q.object, ox.BlankNode)
                        and not isinstance(q.subject, ox.BlankNode)]
                store.apply([quad(f"e{_step}", graph=rng.choice(graphs))], gone)
                assert (store.current_replica() is not None) == had
            elif action == "blank":
                store.apply([ox.Quad(ox.NamedNode(f"{EX}e{_step}"), LABEL, ox.BlankNode(),
                                     ox.NamedNode(MODEL_GRAPH))])
            elif action == "update":
                store.update(f"DELETE WHERE {{ GRAPH <{OTHER}> {{ ?s ?p ?o }} }}")
            elif action == "clear":
                store.clear(rng.choice([None, OTHER]))
            else:
                store.close()
                if action == "other":
                    _other_process(f"import pyoxigraph as ox; ox.Store({str(where)!r})")
                store = EmbeddedStore(where)
            if store.current_replica() is not None:
                same_content(store, replica_quads(store, graphs), graphs)
    finally:
        store.close()


@pytest.mark.parametrize("damage", ["{not json", "[]", '{"version": 1}', '{"version": 99}'])
def test_a_damaged_manifest_is_ignored_and_validation_reads_the_store(loaded, damage):
    path = Path(loaded.location)
    loaded.close()
    (file_replica.folder(path) / file_replica.MANIFEST).write_text(damage)
    with EmbeddedStore(path, read_only=True) as reader:
        assert reader.current_replica() is None
        assert validate(reader).findings
    with EmbeddedStore(path) as writer:
        assert writer.current_replica() is None

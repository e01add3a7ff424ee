"""The store contract: every backend (embedded, and remote over a live Oxigraph server) behaves
the same for loading, reading, exporting, writing and pre-bound query variables.
"""

from __future__ import annotations

import io
from pathlib import Path

import pyoxigraph as ox
import pytest
from backends import store_fixtures

from tomgraph.errors import InputError, QuerySyntaxError
from tomgraph.namespaces import MODEL_GRAPH, ONTOLOGY_GRAPH, SHAPES_GRAPH
from tomgraph.store import AskResult, Dataset, GraphResult, SelectResult, Store

EX = "https://example.org/"
TURTLE = """\
@prefix ex: <https://example.org/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
ex:cap-1 ex:label "Custody \\"booking-in\\""@en , "Prise en charge"@fr ;
    ex:level 1 ; ex:ok false ; ex:due "2027-03-31"^^xsd:date ;
    ex:note \"\"\"Two lines,
with a tab\\tand ünïcödé — ✓\"\"\" ;
    ex:owner [ ex:role "Lead" ] .
<relative> ex:p ex:cap-1 .
"""
TRIG = """\
@prefix ex: <https://example.org/> .
ex:g1 { ex:a ex:p "in one" . }
ex:g2 { ex:b ex:p "in two" . ex:a ex:p "in one" . }
ex:c ex:p "in the default graph" .
"""
CONTRACT_BACKENDS = ["embedded", "remote", "virtuoso"]
"""This contract also runs against OpenLink Virtuoso (docs/remote.md lists its quirks)."""


VIRTUOSO_QUIRKS: dict[str, str] = {}
"""Contract tests Virtuoso 7.2 does not pass, and why (docs/remote.md). Strict: a test that
starts passing must be taken off this list."""


backend_store, backend_example_store = store_fixtures(CONTRACT_BACKENDS, VIRTUOSO_QUIRKS)


BAD = '@prefix ex: <https://example.org/> .\nex:a ex:p "ok" .\nex:b ex:p ex:c ex:d .\n'


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def quads(store: Store) -> set[str]:
    """Every quad as N-Quads text, blank nodes renamed away so sets compare across stores."""
    out = io.BytesIO()
    store.export(out, ox.RdfFormat.N_QUADS)
    return {_unblank(str(q)) for q in ox.parse(out.getvalue(), ox.RdfFormat.N_QUADS)}


def _unblank(line: str) -> str:
    return " ".join("_:b" if part.startswith("_:") else part for part in line.split(" "))


def parsed(data: bytes, fmt: ox.RdfFormat, base: str | None = None) -> set[str]:
    return {_unblank(str(q.triple)) for q in ox.parse(data, fmt, base_iri=base)}


# -- loading and exporting ---------------------------------------------------------------------
def test_a_turtle_file_round_trips_through_an_ntriples_export(backend_store, tmp_path):
    path = write(tmp_path, "model.ttl", TURTLE)
    report = backend_store.load_files([path])

    out = io.BytesIO()
    backend_store.export(out, ox.RdfFormat.N_TRIPLES, graph=MODEL_GRAPH)

    expected = parsed(TURTLE.encode(), ox.RdfFormat.TURTLE, base=path.resolve().as_uri())
    assert parsed(out.getvalue(), ox.RdfFormat.N_TRIPLES) == expected
    assert report.quads == len(expected) == backend_store.count(MODEL_GRAPH)
    assert f"<{path.resolve().as_uri().rsplit('/', 1)[0]}/relative>" in out.getvalue().decode()


@pytest.mark.parametrize("fmt", [ox.RdfFormat.TURTLE, ox.RdfFormat.RDF_XML, ox.RdfFormat.JSON_LD])
def test_one_graph_exports_in_every_triple_format(backend_store, tmp_path, fmt):
    backend_store.load_files([write(tmp_path, "model.ttl", TURTLE)])
    out = io.BytesIO()
    backend_store.export(out, fmt, graph=MODEL_GRAPH)
    assert len(parsed(out.getvalue(), fmt)) == backend_store.count(MODEL_GRAPH)


def test_turtle_exports_use_the_tomgraph_prefixes(backend_example_store):
    out = io.BytesIO()
    backend_example_store.export(out, ox.RdfFormat.TURTLE, graph=MODEL_GRAPH)
    assert b"@prefix tom: <https://w3id.org/tomgraph/ontology#>" in out.getvalue()


def test_quads_keep_their_graphs_and_default_graph_ones_go_to_the_target(backend_store, tmp_path):
    backend_store.load_files([write(tmp_path, "data.trig", TRIG)], graph=EX + "target")
    assert backend_store.graphs() == [EX + "g1", EX + "g2", EX + "target"]
    assert [backend_store.count(g) for g in backend_store.graphs()] == [1, 2, 1]
    assert backend_store.count() == 4


@pytest.mark.parametrize("fmt", [ox.RdfFormat.N_QUADS, ox.RdfFormat.TRIG])
def test_the_whole_store_round_trips_through_a_quad_export(backend_store, tmp_path, fmt):
    backend_store.load_files([write(tmp_path, "data.trig", TRIG)], graph=EX + "target")
    out = io.BytesIO()
    backend_store.export(out, fmt)
    again = {_unblank(str(q)) for q in ox.parse(out.getvalue(), fmt)}
    assert again == quads(backend_store)
    assert len(again) == 4


def test_a_triple_export_of_everything_is_the_union_of_the_graphs(backend_store, tmp_path):
    backend_store.load_files([write(tmp_path, "data.trig", TRIG)], graph=EX + "target")
    out = io.BytesIO()
    backend_store.export(out, ox.RdfFormat.N_TRIPLES)
    assert len(parsed(out.getvalue(), ox.RdfFormat.N_TRIPLES)) == 3  # one triple is in two graphs


@pytest.mark.parametrize("fmt", [ox.RdfFormat.N_TRIPLES, ox.RdfFormat.TURTLE])
def test_a_graph_that_does_not_exist_exports_as_an_empty_document(backend_example_store, fmt):
    out = io.BytesIO()
    backend_example_store.export(out, fmt, graph=EX + "no-such-graph")
    assert list(ox.parse(out.getvalue(), fmt)) == []


def test_load_bytes_reports_the_quads_in_the_store_after(backend_store):
    data = f'<{EX}a> <{EX}p> "1" .\n<{EX}a> <{EX}p> "2" .\n'.encode()
    assert backend_store.load_bytes(data, ox.RdfFormat.N_TRIPLES, graph=EX + "g") == 2
    assert backend_store.load_bytes(io.BytesIO(data), ox.RdfFormat.N_TRIPLES) == 4
    assert backend_store.graphs() == [EX + "g", MODEL_GRAPH]


# -- all or nothing ----------------------------------------------------------------------------
def test_a_bad_file_among_several_loads_none_and_names_file_line_and_column(
    backend_example_store, tmp_path
):
    before = quads(backend_example_store)
    good = write(tmp_path, "good.ttl", TURTLE)
    trig = write(tmp_path, "data.trig", TRIG)
    bad = write(tmp_path, "bad.ttl", BAD)

    with pytest.raises(InputError) as caught:
        backend_example_store.load_files([good, trig, bad])

    assert (caught.value.source, caught.value.line) == (str(bad), 3)
    assert str(caught.value).startswith(f"{bad}:3:")
    assert quads(backend_example_store) == before


def test_loading_into_several_graphs_that_hold_data_lands_everything(
    backend_example_store, tmp_path
):
    """Several occupied target graphs: the remote store's staged, single-update path."""
    shapes_before = backend_example_store.count(SHAPES_GRAPH)
    nq = "".join(
        f'<{EX}x> <{EX}p> "{g}" <{g}> .\n' for g in (MODEL_GRAPH, ONTOLOGY_GRAPH, SHAPES_GRAPH)
    )
    backend_example_store.load_files([write(tmp_path, "more.nq", nq)])
    assert backend_example_store.count(SHAPES_GRAPH) == shapes_before + 1
    assert backend_example_store.graphs() == sorted([MODEL_GRAPH, ONTOLOGY_GRAPH, SHAPES_GRAPH])


def test_a_missing_file_is_an_input_error_and_loads_nothing(backend_store, tmp_path):
    with pytest.raises(InputError, match="no such file"):
        backend_store.load_files([write(tmp_path, "a.ttl", TURTLE), tmp_path / "missing.ttl"])
    assert backend_store.count() == 0


# -- graphs, count, clear, update --------------------------------------------------------------
def test_graphs_count_and_clear(backend_example_store):
    store = backend_example_store
    assert store.graphs() == sorted([MODEL_GRAPH, ONTOLOGY_GRAPH, SHAPES_GRAPH])
    assert store.count() == sum(store.count(g) for g in store.graphs())
    assert store.count(EX + "no-such-graph") == 0

    store.clear(SHAPES_GRAPH)
    assert SHAPES_GRAPH not in store.graphs()
    store.clear()
    assert (store.graphs(), store.count()) == ([], 0)


def test_an_update_applies_and_a_bad_one_changes_nothing(backend_store):
    backend_store.update(f'INSERT DATA {{ GRAPH <{EX}g> {{ <{EX}a> <{EX}p> "x" }} }}')
    assert backend_store.count(EX + "g") == 1
    with pytest.raises(QuerySyntaxError):
        backend_store.update(f"INSERT DATA {{ GRAPH <{EX}g> {{ <{EX}b> <{EX}p> }} }}")
    assert backend_store.count() == 1


def test_a_malformed_query_is_a_query_syntax_error(backend_store):
    with pytest.raises(QuerySyntaxError):
        backend_store.query("SELECT ?s WHERE { ?s ?p ")


# -- querying ----------------------------------------------------------------------------------
def test_queries_see_the_union_of_all_graphs_by_default(backend_example_store):
    result = backend_example_store.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    assert isinstance(result, SelectResult)
    assert int(next(iter(result))[0].value) == backend_example_store.count()


def test_a_dataset_narrows_the_default_graph(backend_example_store):
    only = Dataset(default_graphs=(ONTOLOGY_GRAPH,))
    result = backend_example_store.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", dataset=only)
    assert int(next(iter(result))[0].value) == backend_example_store.count(ONTOLOGY_GRAPH)


def test_a_dataset_of_default_graphs_keeps_every_named_graph(backend_example_store):
    only = Dataset(default_graphs=(ONTOLOGY_GRAPH,))
    result = backend_example_store.query(
        "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }", dataset=only
    )
    assert sorted(row[0].value for row in result) == backend_example_store.graphs()


TOM = "https://w3id.org/tomgraph/ontology#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
BOUND_QUERIES = {
    "a pattern": (
        "SELECT ?c ?label WHERE { ?c <http://www.w3.org/2000/01/rdf-schema#label> ?label }",
        {"c": "first capability"},
    ),
    "a grouped count": (
        "SELECT ?class (COUNT(?s) AS ?n) WHERE { ?s a ?class } GROUP BY ?class",
        {"class": ox.NamedNode(TOM + "Capability")},
    ),
    "a literal": (
        "SELECT ?c ?label WHERE { ?c <http://www.w3.org/2000/01/rdf-schema#label> ?label }",
        {"label": "first label"},
    ),
    "a filter in the same group": (
        "SELECT ?c ?x ?label WHERE { ?x <http://www.w3.org/2000/01/rdf-schema#label> ?label . "
        "FILTER(?x = ?c) }",
        {"c": "first capability"},
    ),
    "an optional": (
        "SELECT ?c ?parent WHERE { OPTIONAL { ?c <https://w3id.org/tomgraph/ontology#"
        "parentCapability> ?parent } }",
        {"c": "first capability"},
    ),
    "an ask": ("ASK { ?c a <https://w3id.org/tomgraph/ontology#Capability> }",
               {"c": "first capability"}),
    "a construct": ("CONSTRUCT { ?c ?p ?o } WHERE { ?c ?p ?o }", {"c": "first capability"}),
    "a short construct": ("CONSTRUCT WHERE { ?c ?p ?o }", {"c": "first capability"}),
    "a sub-select": (
        "SELECT ?c ?label WHERE { SELECT ?c ?label WHERE { ?c "
        "<http://www.w3.org/2000/01/rdf-schema#label> ?label } }",
        {"c": "first capability"},
    ),
}


def _first(store: Store, what: str) -> ox.NamedNode | ox.Literal:
    query = (
        "SELECT ?c ?label WHERE { ?c a <https://w3id.org/tomgraph/ontology#Capability> ; "
        "<http://www.w3.org/2000/01/rdf-schema#label> ?label } ORDER BY ?c ?label LIMIT 1"
    )
    row = next(iter(store.query(query)))  # type: ignore[call-overload]
    return row[0] if what == "first capability" else row[1]


def _answer(store: Store, sparql: str, bindings: dict) -> object:
    bound = {k: _first(store, v) if isinstance(v, str) else v for k, v in bindings.items()}
    result = store.query(sparql, bindings=bound)
    if isinstance(result, AskResult):
        return bool(result)
    if isinstance(result, GraphResult):
        return sorted(str(t) for t in result)
    return sorted(tuple(str(t) for t in row) for row in result)


@pytest.mark.parametrize("case", sorted(BOUND_QUERIES))
def test_bindings_mean_what_they_mean_on_the_embedded_store(
    case, backend_example_store, example_store
):
    sparql, bindings = BOUND_QUERIES[case]
    expected = _answer(example_store, sparql, bindings)
    assert expected  # the case exercises something
    assert _answer(backend_example_store, sparql, bindings) == expected

"""Named graphs stay apart; queries see their union unless a dataset says otherwise."""

from __future__ import annotations

from tomgraph.store import Dataset, EmbeddedStore, SelectResult

ONE, TWO = "https://example.org/g/one", "https://example.org/g/two"
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


def n(store, dataset=None) -> int:
    result = store.query(COUNT) if dataset is None else store.query(COUNT, dataset=dataset)
    assert isinstance(result, SelectResult)
    return int(next(iter(result))[0].value)


def test_quads_keep_their_graphs_and_triples_go_to_the_graph_asked_for(two_graphs_nq, tricky_ttl):
    store = EmbeddedStore()
    store.load_files([two_graphs_nq])
    store.load_files([tricky_ttl], graph="https://example.org/g/extra")
    assert store.graphs() == ["https://example.org/g/extra", ONE, TWO]
    assert (store.count(ONE), store.count(TWO)) == (1, 3)
    assert store.count() == 4 + store.count("https://example.org/g/extra")


def test_queries_see_the_union_of_all_graphs_by_default(two_graphs_nq):
    store = EmbeddedStore()
    store.load_files([two_graphs_nq])
    # The triple in both graphs counts once per graph in a plain pattern over the union.
    assert n(store) == 4
    assert n(store, Dataset(default_graphs=(ONE,))) == 1
    assert n(store, Dataset(default_graphs=(TWO,))) == 3
    assert n(store, Dataset(default_graphs=())) == 0, "the real default graph is empty"


def test_triples_default_to_the_model_graph(tricky_ttl):
    store = EmbeddedStore()
    store.load_files([tricky_ttl])
    assert store.graphs() == ["https://w3id.org/tomgraph/graph/model"]


def test_clearing_one_graph_leaves_the_others_and_clearing_all_empties_the_store(two_graphs_nq):
    store = EmbeddedStore()
    store.load_files([two_graphs_nq])
    store.clear(ONE)
    assert store.graphs() == [TWO] and store.count() == 3
    store.clear()
    assert store.graphs() == [] and store.count() == 0


def test_a_graph_emptied_by_an_update_is_no_longer_listed(two_graphs_nq):
    store = EmbeddedStore()
    store.load_files([two_graphs_nq])
    store.update(f"CLEAR GRAPH <{ONE}>")
    assert store.graphs() == [TWO]
    assert store.count(ONE) == 0

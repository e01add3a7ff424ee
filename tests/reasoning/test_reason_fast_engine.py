"""The fast engine infers exactly what HermiT infers, inside any store, and refuses what it
cannot compile instead of answering with less."""

from __future__ import annotations

from pathlib import Path

import pytest

from tomgraph.cli import main
from tomgraph.errors import ReasonerError
from tomgraph.generate import generate_file
from tomgraph.namespaces import INFERRED_GRAPH, ONTOLOGY_GRAPH
from tomgraph.reasoning import reason
from tomgraph.reasoning.fast import WORK_GRAPH
from tomgraph.store import EmbeddedStore, Store, example_store, load_bundled

FIXTURES = Path(__file__).parent / "fixtures"


def lines(ntriples: str) -> set[str]:
    return set(ntriples.splitlines())


def model_store(path: Path) -> EmbeddedStore:
    store = EmbeddedStore()
    load_bundled(store, model=False)
    store.load_files([path])
    return store


@pytest.mark.slow
def test_the_example_gets_exactly_hermits_inferred_triples():
    hermit = reason(example_store(), write=False, engine="hermit")
    fast = reason(example_store(), write=False, engine="fast")
    assert fast.consistent and fast.engine == "fast"
    assert lines(fast.inferred_ntriples) == lines(hermit.inferred_ntriples)
    assert fast.inferred_triples == hermit.inferred_triples == 193


@pytest.mark.slow
def test_a_generated_1000_capability_model_gets_exactly_hermits_inferred_triples(tmp_path):
    model = tmp_path / "model.nt"
    generate_file(model, 1_000)
    hermit = reason(model_store(model), write=False, engine="hermit")
    fast = reason(model_store(model), write=False, engine="fast")
    assert hermit.inferred_triples > 1_000
    assert lines(fast.inferred_ntriples) == lines(hermit.inferred_ntriples)


@pytest.mark.parametrize("name", ["small-consistent.ttl", "small-inconsistent.ttl"])
def test_the_small_fixtures_get_hermits_verdict_and_inferences(name):
    hermit = reason(model_store(FIXTURES / name), write=False, engine="hermit")
    fast = reason(model_store(FIXTURES / name), write=False, engine="fast")
    assert fast.consistent == hermit.consistent
    assert lines(fast.inferred_ntriples) == lines(hermit.inferred_ntriples)
    assert {c.describe() for c in fast.clashes} == {c.describe() for c in hermit.clashes}


def test_the_fast_engine_runs_on_every_backend_and_writes_the_inferred_graph(
    backend_example_store: Store,
):
    report = reason(backend_example_store, engine="fast")
    assert report.consistent and report.written and report.inferred_triples == 193
    graphs = backend_example_store.graphs()
    assert INFERRED_GRAPH in graphs and WORK_GRAPH not in graphs
    # The 193 inferred triples and the 4 to 5 that describe the run.
    assert 193 < backend_example_store.count(INFERRED_GRAPH) < 200
    again = reason(backend_example_store, engine="fast", write=False)
    assert lines(again.inferred_ntriples) == lines(report.inferred_ntriples)


def test_an_axiom_the_fast_engine_cannot_compile_is_refused_with_the_way_out():
    store = example_store()
    store.update(
        f"INSERT DATA {{ GRAPH <{ONTOLOGY_GRAPH}> {{ "
        "<https://w3id.org/tomgraph/ontology#Capability> "
        "<http://www.w3.org/2000/01/rdf-schema#subClassOf> [ "
        "a <http://www.w3.org/2002/07/owl#Restriction> ; "
        "<http://www.w3.org/2002/07/owl#onProperty> <https://w3id.org/tomgraph/ontology#level> ; "
        "<http://www.w3.org/2002/07/owl#allValuesFrom> "
        "<http://www.w3.org/2001/XMLSchema#integer> ] } }"
    )
    with pytest.raises(ReasonerError, match="cannot compile .*use --engine hermit"):
        reason(store, engine="fast", write=False)
    assert WORK_GRAPH not in store.graphs()


def test_property_values_need_hermit():
    with pytest.raises(ReasonerError, match="--property-values needs --engine hermit"):
        reason(example_store(), engine="fast", property_values=True, write=False)


def test_the_cli_takes_an_engine_and_says_which_one_ran(capsys, tmp_path):
    assert main(["reason", "--engine", "fast", "-o", str(tmp_path / "inferred.nt")]) == 0
    out = capsys.readouterr().out
    assert "(fast)" in out and "inferred triples: 193" in out
    assert len((tmp_path / "inferred.nt").read_text().splitlines()) == 193


@pytest.mark.slow
def test_a_generated_10000_capability_model_gets_exactly_hermits_recorded_inferred_triples(
    tmp_path,
):
    import gzip
    import json

    import record_hermit_reference as recorded

    about = json.loads(recorded.ABOUT.read_text())
    assert about["ontology_sha256"] == recorded.ontology_digest(), (
        "the ontology changed since HermiT's answer was recorded: run "
        "`python tests/reasoning/record_hermit_reference.py` (one to three hours)"
    )
    model = tmp_path / "model.nt"
    generate_file(model, recorded.CAPABILITIES, seed=recorded.SEED)
    assert recorded.digest(model) == about["model_sha256"], (
        "the generator's output changed since HermiT's answer was recorded: run "
        "`python tests/reasoning/record_hermit_reference.py` (one to three hours)"
    )
    hermit = set(gzip.decompress(recorded.TRIPLES.read_bytes()).decode().splitlines())
    fast = reason(model_store(model), write=False, engine="fast")
    assert len(hermit) == about["inferred_triples"]
    inferred = lines(fast.inferred_ntriples)
    assert sorted(inferred - hermit)[:20] == [], "inferred by the fast engine, not by HermiT"
    assert sorted(hermit - inferred)[:20] == [], "inferred by HermiT, not by the fast engine"

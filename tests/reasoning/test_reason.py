"""Reasoning: what HermiT concludes, how contradictions are explained, and what is written."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pyoxigraph import RdfFormat

from tomgraph.cli import main
from tomgraph.errors import ReasonerError
from tomgraph.namespaces import INFERRED_GRAPH, ONTOLOGY_GRAPH, TOM
from tomgraph.reasoning import reason
from tomgraph.store import EmbeddedStore, SelectResult, load_bundled, without_inferred

FIXTURES = Path(__file__).parent / "fixtures"
REPO = Path(__file__).resolve().parents[2]
EX = "https://example.org/small/"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"


def small_store(name: str) -> EmbeddedStore:
    store = EmbeddedStore()
    load_bundled(store, model=False)
    store.load_files([FIXTURES / name])
    return store


def inferred_types(ntriples: str) -> set[tuple[str, str]]:
    """(individual, class) pairs of the inferred rdf:type triples about the fixture."""
    pairs = set()
    for line in ntriples.splitlines():
        s, p, o = line.rstrip(" .").split(" ", 2)
        if p == f"<{RDF_TYPE}>" and s.startswith(f"<{EX}"):
            pairs.add((s[1 + len(EX) : -1], o[1 + len(TOM) : -1]))
    return pairs


def test_the_defined_classes_classify_a_small_model():
    report = reason(small_store("small-consistent.ttl"), write=False)
    assert report.consistent
    assert inferred_types(report.inferred_ntriples) == {
        ("triage", "CapabilityWithMaturityGap"),
        ("triage", "OrphanCapability"),
        ("intake", "RealisedCapability"),
        ("intake", "TechnologyEnabledCapability"),
        ("lab-build", "ProjectAtRisk"),
        ("lab-build", "CashableBenefitProject"),
        ("dep", "CriticalDependency"),
        ("tom-forensics", "TargetOperatingModel"),
        ("com-forensics", "CurrentOperatingModel"),
    }


def test_an_inconsistent_model_is_reported_with_the_facts_that_clash():
    report = reason(small_store("small-inconsistent.ttl"), write=False)
    assert not report.consistent
    assert report.inferred_triples == 0
    assert [c.describe() for c in report.clashes] == [
        f"<{EX}triage> is both a tom:BusinessProcess and a tom:Capability, which are disjoint",
        f"<{EX}forensics-model> has tom:state both tom:CurrentState and tom:TargetState, "
        "but it takes one value only",
    ]


def test_inferences_go_to_their_own_graph_and_replace_the_previous_run():
    store = small_store("small-consistent.ttl")
    model_before = store.count("https://w3id.org/tomgraph/graph/model")
    first = reason(store)
    assert first.written and INFERRED_GRAPH in store.graphs()
    size = store.count(INFERRED_GRAPH)
    reason(store)
    assert store.count(INFERRED_GRAPH) == size  # replaced, not appended
    assert store.count("https://w3id.org/tomgraph/graph/model") == model_before
    result = store.query(
        f"ASK {{ GRAPH ?g {{ ?run a <{TOM}ReasoningRun> ; <{TOM}consistent> true }} }}"
    )
    assert bool(result)


def test_a_timeout_stops_the_reasoner_and_leaves_the_store_untouched():
    store = small_store("small-consistent.ttl")
    reason(store)
    before = _dump(store)
    with pytest.raises(ReasonerError, match="did not finish within"):
        reason(store, timeout=0.05)
    assert _dump(store) == before


def test_a_reasoner_crash_is_a_clear_error_and_leaves_the_store_untouched(monkeypatch):
    store = small_store("small-consistent.ttl")
    before = _dump(store)
    monkeypatch.setenv("TOMGRAPH_JAVA", "/bin/false")
    with pytest.raises(ReasonerError, match="reasoner"):
        reason(store)
    assert _dump(store) == before


def test_each_run_is_isolated_from_the_previous_one():
    assert not reason(small_store("small-inconsistent.ttl"), write=False).consistent
    assert reason(small_store("small-consistent.ttl"), write=False).consistent


def test_queries_can_leave_the_inferred_graph_out():
    store = small_store("small-consistent.ttl")
    reason(store)
    query = f"SELECT ?c WHERE {{ ?c a <{TOM}OrphanCapability> }}"
    with_inferred = store.query(query)
    assert isinstance(with_inferred, SelectResult) and len(list(with_inferred)) == 1
    without = store.query(query, dataset=without_inferred(store))
    assert isinstance(without, SelectResult) and list(without) == []


def test_cli_reason_exits_0_when_consistent_and_1_when_not(capsys):
    assert main(["reason", str(FIXTURES / "small-consistent.ttl")]) == 0
    assert "consistent: yes" in capsys.readouterr().out
    assert main(["reason", str(FIXTURES / "small-inconsistent.ttl")]) == 1
    out = capsys.readouterr().out
    assert "consistent: NO" in out and "which are disjoint" in out


def test_cli_reason_writes_into_a_persisted_store_and_saves_inferences(tmp_path, capsys):
    store_dir = tmp_path / "store"
    ontology = ["--graph", ONTOLOGY_GRAPH, str(REPO / "ontology" / "tom.ttl")]
    assert main(["load", "--store", str(store_dir), *ontology]) == 0
    assert main(["load", "--store", str(store_dir), str(FIXTURES / "small-consistent.ttl")]) == 0
    capsys.readouterr()
    out_file = tmp_path / "inferred.nt"
    code = main(["reason", "--store", str(store_dir), "--format", "json", "-o", str(out_file)])
    assert code == 0
    report = json.loads(capsys.readouterr().out)
    assert report["consistent"] and report["written"] and report["inferred_triples"] > 0
    assert "OrphanCapability" in out_file.read_text()
    with EmbeddedStore(store_dir, read_only=True) as store:
        assert INFERRED_GRAPH in store.graphs()


def test_cli_reason_reports_a_missing_java_as_a_failure(monkeypatch, capsys):
    monkeypatch.setenv("TOMGRAPH_JAVA", "no-such-java-here")
    assert main(["reason"]) == 3
    assert "needs Java" in capsys.readouterr().err


def _dump(store: EmbeddedStore) -> bytes:
    import io

    out = io.BytesIO()
    store.export(out, RdfFormat.N_QUADS)
    return b"\n".join(sorted(out.getvalue().splitlines()))


def test_the_bundled_example_is_consistent(example_store):
    assert reason(example_store, write=False).consistent


def test_classifying_property_values_too_infers_the_same_types():
    store = small_store("small-consistent.ttl")
    plain = reason(store, write=False)
    with_values = reason(store, write=False, property_values=True)
    assert inferred_types(with_values.inferred_ntriples) == inferred_types(plain.inferred_ntriples)


def test_cli_query_can_leave_inferred_facts_out(tmp_path, capsys):
    store_dir = tmp_path / "store"
    ontology = ["--graph", ONTOLOGY_GRAPH, str(REPO / "ontology" / "tom.ttl")]
    assert main(["load", "--store", str(store_dir), *ontology]) == 0
    assert main(["load", "--store", str(store_dir), str(FIXTURES / "small-consistent.ttl")]) == 0
    assert main(["reason", "--store", str(store_dir)]) == 0
    query = tmp_path / "orphans.rq"
    query.write_text(f"SELECT ?c WHERE {{ ?c a <{TOM}OrphanCapability> }}")
    capsys.readouterr()
    assert main(["query", str(query), "--store", str(store_dir), "--format", "csv"]) == 0
    assert "small/triage" in capsys.readouterr().out
    args = ["query", str(query), "--store", str(store_dir), "--format", "csv", "--no-inferred"]
    assert main(args) == 0
    assert "small/triage" not in capsys.readouterr().out

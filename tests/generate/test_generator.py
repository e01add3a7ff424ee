"""Generated models: deterministic, shaped like the example programme, sized as asked."""

from __future__ import annotations

import hashlib
import io
from pathlib import Path

import pytest

from tomgraph.errors import UsageError
from tomgraph.generate import Sizes, generate, generate_file
from tomgraph.namespaces import GEN
from tomgraph.store import EmbeddedStore, SelectResult, load_bundled
from tomgraph.store.stats import class_counts

PREFIXES = (
    "PREFIX tom: <https://w3id.org/tomgraph/ontology#>\n"
    "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
)


def text(capabilities: int, seed: int = 1, fmt: str = "ntriples") -> str:
    out = io.StringIO()
    generate(out, capabilities, seed=seed, fmt=fmt)
    return out.getvalue()


def rows(store: EmbeddedStore, query: str) -> list[tuple]:
    result = store.query(PREFIXES + query)
    assert isinstance(result, SelectResult)
    return [tuple(None if t is None else t.value for t in row) for row in result]


def scalar(store: EmbeddedStore, query: str) -> int:
    return int(rows(store, query)[0][0])


@pytest.fixture(scope="module")
def model_1000(tmp_path_factory) -> EmbeddedStore:
    """A generated model of 1,000 capabilities with the ontology beside it."""
    path = tmp_path_factory.mktemp("gen") / "model.nt"
    generate_file(path, 1000, seed=5)
    store = EmbeddedStore()
    load_bundled(store, model=False)
    store.load_files([path])
    return store


def test_the_same_seed_gives_the_same_bytes(tmp_path: Path):
    a, b = tmp_path / "a.nt", tmp_path / "b.nt"
    generate_file(a, 300, seed=42)
    generate_file(b, 300, seed=42)
    assert hashlib.sha256(a.read_bytes()).digest() == hashlib.sha256(b.read_bytes()).digest()


def test_a_different_seed_gives_a_different_model():
    assert text(300, seed=1) != text(300, seed=2)


def test_turtle_and_ntriples_hold_the_same_graph(tmp_path: Path):
    nt, ttl = tmp_path / "m.nt", tmp_path / "m.ttl"
    generate_file(nt, 200, seed=9)
    generate_file(ttl, 200, seed=9)
    assert ttl.read_text().startswith("@prefix")
    a, b = EmbeddedStore(), EmbeddedStore()
    a.load_files([nt])
    b.load_files([ttl])
    assert sorted(map(str, a.oxigraph)) == sorted(map(str, b.oxigraph))


@pytest.mark.parametrize("n", [100, 1000, 2000])
def test_the_counts_per_kind_follow_the_capability_count(n):
    sizes = Sizes.for_capabilities(n)
    assert sizes.level1 + sizes.level2 + sizes.level3 == n
    assert sizes.level1 == pytest.approx(n / 25, abs=1)
    assert sizes.level2 == pytest.approx(n / 5, abs=1)
    assert sizes.projects == max(3, round(n / 40))


def test_triples_per_capability_stay_constant_so_100k_lands_between_1_and_2_million():
    per_capability = []
    for n in (200, 1000, 2000):
        out = io.StringIO()
        result = generate(out, n, seed=1)
        assert result.triples == sum(1 for line in out.getvalue().splitlines()
                                     if not line.startswith("#"))
        per_capability.append(result.triples / n)
    assert max(per_capability) / min(per_capability) < 1.1
    assert 1_000_000 < per_capability[-1] * 100_000 < 2_000_000


def test_every_main_class_is_populated(model_1000):
    counts = class_counts(model_1000)
    assert all(count > 0 for count in counts.values()), counts
    assert counts["service areas"] == 3
    assert counts["capabilities"] == 1000
    assert counts["projects"] == 25
    assert counts["operating models"] == 6


def test_levels_and_parents_agree(model_1000):
    per_level = dict(rows(model_1000, "SELECT ?l (COUNT(?c) AS ?n) WHERE "
                                      "{ ?c a tom:Capability ; tom:level ?l } GROUP BY ?l"))
    assert {int(k): int(v) for k, v in per_level.items()} == {1: 40, 2: 200, 3: 760}
    assert scalar(model_1000, """SELECT (COUNT(*) AS ?n) WHERE {
        ?c tom:level ?l . OPTIONAL { ?c tom:parentCapability ?p . ?p tom:level ?pl }
        FILTER (?l = 1 && BOUND(?p) || ?l > 1 && (!BOUND(?pl) || ?pl != ?l - 1)) }""") == 0
    assert scalar(model_1000, """SELECT (COUNT(*) AS ?n) WHERE {
        ?c tom:parentCapability ?p ; tom:serviceArea ?a . ?p tom:serviceArea ?b
        FILTER (?a != ?b) }""") == 0


def test_processes_realise_only_leaf_capabilities(model_1000):
    assert scalar(model_1000, """SELECT (COUNT(*) AS ?n) WHERE {
        ?proc tom:realises ?cap . ?child tom:parentCapability ?cap }""") == 0
    assert scalar(model_1000, """SELECT (COUNT(*) AS ?n) WHERE {
        ?cap a tom:Capability . FILTER NOT EXISTS { ?c tom:parentCapability ?cap }
        FILTER NOT EXISTS { ?proc tom:realises ?cap } }""") == 0


def test_both_benefit_kinds_and_all_dependency_types_appear(model_1000):
    kinds = {row[0] for row in rows(model_1000, "SELECT DISTINCT ?k WHERE { "
             "?x a ?k FILTER (?k IN (tom:CashableBenefit, tom:OperationalBenefit, "
             "tom:TechnologyDependency, tom:BusinessDependency, tom:PeopleDependency)) }")}
    assert len(kinds) == 5
    assert scalar(model_1000, "SELECT (COUNT(*) AS ?n) WHERE { "
                              "?d tom:dependsOn ?x . ?x a tom:ExternalInitiative }") > 0
    chains = scalar(model_1000, "SELECT (COUNT(*) AS ?n) WHERE { ?a a tom:Project . "
                                "?a (^tom:dependent/tom:dependsOn)/(^tom:dependent/tom:dependsOn)"
                                " ?c . ?c a tom:Project }")
    assert chains > 0, "some dependencies form chains of two or more"


@pytest.mark.parametrize("n", [100, 1000])
def test_a_few_facts_are_missing_at_every_size_for_validation_to_find(n, tmp_path):
    path = tmp_path / "m.nt"
    generate_file(path, n, seed=2)
    store = EmbeddedStore()
    load_bundled(store, model=False)
    store.load_files([path])
    missing = {
        "owner": "?x a tom:Capability FILTER NOT EXISTS { ?x tom:owner ?o }",
        "current": "?x a tom:Capability FILTER NOT EXISTS { ?x tom:currentMaturity ?o }",
        "target": "?x a tom:Capability FILTER NOT EXISTS { ?x tom:targetMaturity ?o }",
        "status": "?x a tom:HighLevelDesign FILTER NOT EXISTS { ?x tom:designStatus ?o }",
        "mitigation": "?x tom:criticality tom:CriticalityCritical "
                      "FILTER NOT EXISTS { ?x tom:mitigation ?o }",
        "benefit owner": "?x a/rdfs:subClassOf tom:Benefit FILTER NOT EXISTS { ?x tom:owner ?o }",
    }
    for what, pattern in missing.items():
        gaps = scalar(store, f"SELECT (COUNT(*) AS ?n) WHERE {{ {pattern} }}")
        assert gaps >= 1, what
    capabilities_without_owner = scalar(store, f"SELECT (COUNT(*) AS ?n) WHERE {{ "
                                               f"{missing['owner']} }}")
    assert capabilities_without_owner <= 0.05 * n


def test_every_generated_iri_is_in_the_generated_namespace(model_1000):
    assert scalar(model_1000, f"""SELECT (COUNT(*) AS ?n) WHERE {{
        GRAPH <https://w3id.org/tomgraph/graph/model> {{ ?s ?p ?o }}
        FILTER (!STRSTARTS(STR(?s), "{GEN}")) }}""") == 0


@pytest.mark.parametrize("n", [99, 100_001])
def test_sizes_outside_the_supported_range_are_refused(n, tmp_path):
    with pytest.raises(UsageError, match="between 100 and 100,000"):
        generate_file(tmp_path / "m.nt", n)
    assert list(tmp_path.iterdir()) == [], "nothing is left behind"


def test_a_failed_run_leaves_an_existing_file_untouched(tmp_path, monkeypatch):
    target = tmp_path / "m.nt"
    target.write_text("old contents\n")

    def broken(ctx):
        raise RuntimeError("disk full, say")

    monkeypatch.setattr("tomgraph.generate.write_decisions", broken)
    with pytest.raises(RuntimeError):
        generate_file(target, 100)
    assert target.read_text() == "old contents\n"
    assert [p.name for p in tmp_path.iterdir()] == ["m.nt"]


def test_the_same_seed_gives_the_same_bytes_in_separate_processes(tmp_path: Path):
    import os
    import subprocess
    import sys

    outputs = []
    for hash_seed in ("1", "2"):
        out = tmp_path / f"m{hash_seed}.ttl"
        subprocess.run([sys.executable, "-m", "tomgraph.cli", "generate", "--capabilities",
                        "250", "--seed", "11", "-o", str(out)], check=True, capture_output=True,
                       env={**os.environ, "PYTHONHASHSEED": hash_seed})
        outputs.append(out.read_bytes())
    assert outputs[0] == outputs[1]

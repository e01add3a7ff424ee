"""The foundation holds together: the bundled example opens and the CLI answers."""

from tomgraph.cli import main
from tomgraph.store import SelectResult


def test_the_bundled_example_opens_with_its_graphs(example_store):
    assert example_store.count() > 0
    result = example_store.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    assert isinstance(result, SelectResult)


def test_tomgraph_info_runs_on_the_bundled_example(capsys):
    assert main(["info"]) == 0
    assert "capabilities" in capsys.readouterr().out

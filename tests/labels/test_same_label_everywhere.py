"""One IRI reads the same in the CLI's result table, on the web pages and in every validation
report format, on both store backends: they all ask the one label policy."""

from __future__ import annotations

import html
import io
import json

import pyoxigraph as ox
import pytest

from tomgraph.changes import Changeset, commit
from tomgraph.namespaces import MODEL_GRAPH, SKOS
from tomgraph.results.writers import write_result
from tomgraph.store import SelectResult, Store
from tomgraph.validation import validate
from tomgraph.validation.report_html import render_html
from tomgraph.validation.report_json import render_json, report_dict
from tomgraph.validation.report_text import render_text
from tomgraph.web import create_app

MET = "https://w3id.org/tomgraph/example/met/"
CAPABILITY = MET + "cap-custody-custody-performance"
"""A capability of the example with a finding (it has no owner), named by ``rdfs:label``."""
PREFERRED = "Custody Performance Dashboarding"
"""Its English ``skos:prefLabel``, added by the test: the policy prefers it to ``rdfs:label``."""


def _name_it(store: Store) -> None:
    node, graph = ox.NamedNode(CAPABILITY), ox.NamedNode(MODEL_GRAPH)
    pref = ox.NamedNode(SKOS + "prefLabel")
    commit(store, Changeset(added=(
        ox.Quad(node, pref, ox.Literal(PREFERRED, language="en-GB"), graph),
        ox.Quad(node, pref, ox.Literal("Leistungsberichte im Gewahrsam", language="de"), graph),
    ), comment="a preferred label in two languages"))


def _cli_table(store: Store) -> str:
    result = store.query(f"SELECT ?capability WHERE {{ BIND(<{CAPABILITY}> AS ?capability) }}")
    assert isinstance(result, SelectResult)
    out = io.BytesIO()
    write_result(result, "table", out, store=store)
    return out.getvalue().decode()


@pytest.mark.slow
def test_an_iri_has_the_same_label_in_the_cli_table_the_pages_and_every_report(
    backend_example_store: Store,
) -> None:
    store = backend_example_store
    _name_it(store)

    assert PREFERRED in _cli_table(store).splitlines()[2]

    client = create_app({"TESTING": True, "QUERY_WORKERS": 0}, store=store).test_client()
    resource = client.get("/resource", query_string={"iri": CAPABILITY})
    assert resource.status_code == 200
    assert f"<h1>{PREFERRED}</h1>" in html.unescape(resource.get_data(as_text=True))
    dashboard = html.unescape(client.get("/validation").get_data(as_text=True))
    assert PREFERRED in dashboard

    report = validate(store)
    focused = [f for f in report.findings if f.focus == f"<{CAPABILITY}>"]
    assert focused and {f.focus_label for f in focused} == {PREFERRED}
    assert f"Capability: {PREFERRED}" in render_text(report)
    assert PREFERRED in html.unescape(render_html(report))
    rows = [r for r in report_dict(report)["results"] if r["focusNode"] == CAPABILITY]
    assert rows and {r["focusLabel"] for r in rows} == {PREFERRED}
    written = json.loads(render_json(report))["results"]
    assert {r["focusLabel"] for r in written if r["focusNode"] == CAPABILITY} == {PREFERRED}
    for text in (_cli_table(store), dashboard, render_text(report)):
        assert "Custody Performance Reporting" not in text
        assert "Leistungsberichte" not in text

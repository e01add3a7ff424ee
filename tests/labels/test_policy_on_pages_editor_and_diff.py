"""The home page, capability map, decision pages, ontology page, editor (form sections and
pickers), ArchiMate views and the diff name things by the label policy, like the CLI and the
reports: an English ``skos:prefLabel`` wins over the ``rdfs:label`` those pages once read in
their own queries, on both store backends. Entities with only an ``rdfs:label`` read as before
(the page tests of each area keep saying so)."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pyoxigraph as ox
import pytest
from flask.testing import FlaskClient

from tomgraph.changes import Changeset, commit
from tomgraph.cli import main
from tomgraph.diff import diff_models, open_versions
from tomgraph.namespaces import MODEL_GRAPH, ONTOLOGY_GRAPH, SHAPES_GRAPH, SKOS, TOM
from tomgraph.store import Store
from tomgraph.users import UsersFile
from tomgraph.web import create_app
from tomgraph.web.editing.form_spec import instances, matching_instances

MET = "https://w3id.org/tomgraph/example/met/"
TOMSH = "https://w3id.org/tomgraph/shapes#"
PASSWORD = "correct horse battery"

PREFERRED = {
    # IRI: (its rdfs:label in the example, the English skos:prefLabel the test gives it)
    MET + "sa-forensics": ("Forensics", "Forensic Science Services"),
    MET + "project-forensics-exhibit-tracking": ("End-to-End Exhibit Tracking",
                                                 "Exhibit Chain of Custody"),
    MET + "cap-custody-custody-performance": ("Custody Performance Reporting",
                                              "Custody Performance Dashboarding"),
    MET + "pcd-269": ("PCD 269: Specialist business design resources",
                      "PCD 269: Business design specialists"),
    MET + "pcd-269-report": ("PCD 269 report (Part 1)", "PCD 269 board report"),
    TOM + "PriorityProject": ("priority project", "flagship project"),
    TOM + "lifecycleStage": ("lifecycle stage", "delivery stage"),
    TOMSH + "IdentityGroup": ("Identity and ownership", "Who and what it is"),
}
GRAPH_OF = {TOM: ONTOLOGY_GRAPH, TOMSH: SHAPES_GRAPH}


def _prefer(store: Store) -> None:
    """Give every entity of :data:`PREFERRED` its preferred name (and one in German, which
    must not win for English readers)."""
    pref = ox.NamedNode(SKOS + "prefLabel")
    quads = []
    for iri, (_, name) in PREFERRED.items():
        graph = next((g for ns, g in GRAPH_OF.items() if iri.startswith(ns)), MODEL_GRAPH)
        node, g = ox.NamedNode(iri), ox.NamedNode(graph)
        quads += [ox.Quad(node, pref, ox.Literal(name, language="en"), g),
                  ox.Quad(node, pref, ox.Literal("Auf Deutsch " + name, language="de"), g)]
    commit(store, Changeset(added=tuple(quads), comment="preferred names"))


def _page(client: FlaskClient, path: str, **args: str) -> str:
    response = client.get(path, query_string=args)
    assert response.status_code == 200, path
    return html.unescape(response.get_data(as_text=True))


def _reads_preferred(text: str, *iris: str) -> None:
    for iri in iris:
        old, new = PREFERRED[iri]
        assert new in text, (iri, new)
        assert "Auf Deutsch " + new not in text
        if len(old) > 12:  # short generic words ("Forensics") also name other things
            assert not re.search(rf">\s*{re.escape(old)}\s*<", text), (iri, old)


@pytest.fixture
def client(backend_example_store: Store, tmp_path: Path) -> FlaskClient:
    _prefer(backend_example_store)
    users = tmp_path / "users.json"
    UsersFile(users).add("lead", PASSWORD, "editor")
    app = create_app({"TESTING": True, "QUERY_WORKERS": 0, "USERS_FILE": str(users),
                      "AUDIT_LOG": str(tmp_path / "audit.jsonl")}, store=backend_example_store)
    return app.test_client()


@pytest.mark.slow
def test_the_home_page_names_service_areas_and_projects_by_their_preferred_labels(
    client: FlaskClient,
) -> None:
    _reads_preferred(_page(client, "/"), MET + "sa-forensics",
                     MET + "project-forensics-exhibit-tracking")


@pytest.mark.slow
def test_the_capability_map_names_boxes_and_area_choices_by_their_preferred_labels(
    client: FlaskClient,
) -> None:
    text = _page(client, "/capabilities")
    _reads_preferred(text, MET + "cap-custody-custody-performance")
    assert f'value="{MET}sa-forensics">{PREFERRED[MET + "sa-forensics"][1]}<' in " ".join(
        text.split())


@pytest.mark.slow
def test_the_decision_pages_name_decisions_and_documents_by_their_preferred_labels(
    client: FlaskClient,
) -> None:
    _reads_preferred(_page(client, "/decisions"), MET + "pcd-269")
    _reads_preferred(_page(client, "/decision", iri=MET + "pcd-269"),
                     MET + "pcd-269", MET + "pcd-269-report")


@pytest.mark.slow
def test_the_ontology_page_names_classes_and_properties_by_their_preferred_labels(
    client: FlaskClient,
) -> None:
    text = _page(client, "/ontology")
    for anchor, iri in (("tom-PriorityProject", TOM + "PriorityProject"),
                        ("tom-lifecycleStage", TOM + "lifecycleStage")):
        start = text.index(f'id="{anchor}"')
        entry = text[start:text.index("</dt>", start)]
        assert f">{PREFERRED[iri][1]}</a>" in entry, entry


@pytest.mark.slow
def test_the_editor_names_form_sections_and_picker_choices_by_their_preferred_labels(
    client: FlaskClient, backend_example_store: Store,
) -> None:
    store = backend_example_store
    capability = MET + "cap-custody-custody-performance"
    wanted = PREFERRED[capability][1]
    picked = {c.value: c.label for c in instances(store, TOM + "Capability")}
    assert picked[f"<{capability}>"] == wanted
    labels = [c.label for c in instances(store, TOM + "Capability")]
    assert labels == sorted(labels, key=str.lower)
    for typed in ("dashboarding", "custody performance"):  # its preferred or its other name
        found = matching_instances(store, TOM + "Capability", typed)
        assert (f"<{capability}>", wanted) in [(c.value, c.label) for c in found], typed
    assert client.post("/login", data={"username": "lead", "password": PASSWORD,
                                       "csrf_token": _csrf(client)}).status_code == 302
    answer = client.get("/edit/choices", query_string={"class": TOM + "Capability",
                                                       "q": "dashboarding"}).get_json()
    assert {"value": f"<{capability}>", "label": wanted} in answer
    form = _page(client, "/edit", iri=capability)
    _reads_preferred(form, TOMSH + "IdentityGroup")


def _csrf(client: FlaskClient) -> str:
    page = client.get("/login").get_data(as_text=True)
    return page.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]


@pytest.mark.slow
def test_the_diff_names_kinds_and_properties_by_their_preferred_labels(tmp_path: Path) -> None:
    old, new = tmp_path / "old.ttl", tmp_path / "new.ttl"
    assert main(["export", "--format", "turtle", "--graph", MODEL_GRAPH, "-o", str(old)]) == 0
    text = old.read_text(encoding="utf-8")
    start = text.index("met:project-custody-digital-case-file\n")
    end = text.index(" .\n", start)
    block = text[start:end]
    assert "tom:lifecycleStage tom:Design" in block
    new.write_text(text[:start] + block.replace("tom:lifecycleStage tom:Design",
                                                "tom:lifecycleStage tom:Build") + text[end:],
                   encoding="utf-8")
    with open_versions(old, new) as store:
        before = diff_models(store, validate=False)
        _prefer(store)
        after = diff_models(store, validate=False)
    sentences = [(e.kind_label, [c.sentence() for c in e.changes]) for e in before.entities]
    assert sentences == [("priority project", ["lifecycle stage Design → Build"])]
    sentences = [(e.kind_label, [c.sentence() for c in e.changes]) for e in after.entities]
    assert sentences == [("flagship project", ["delivery stage Design → Build"])]

"""Saving forms: one changeset per save, findings before saving, conflicts, history, reverts."""

from __future__ import annotations

import json
from pathlib import Path

import pyoxigraph as ox
import pytest
from editing_support import CAPABILITY, MET, csrf_of, form_fields, sign_in, with_value
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.datastructures import MultiDict
from werkzeug.test import TestResponse

from tomgraph.changes import list_changesets
from tomgraph.namespaces import DCTERMS, MODEL_GRAPH, RDFS, TOM
from tomgraph.store import Store
from tomgraph.web import create_app
from tomgraph.web.editing.form_spec import field_key

LABEL = field_key(RDFS + "label")
OWNER = field_key(TOM + "owner")
DESCRIPTION = field_key(DCTERMS + "description")


def open_form(client: FlaskClient, iri: str = CAPABILITY) -> list[tuple[str, str]]:
    response = client.get(f"/edit?iri={iri}")
    assert response.status_code == 200
    return form_fields(response.get_data(as_text=True))


def save(client: FlaskClient, fields: list[tuple[str, str]]) -> TestResponse:
    return client.post("/edit", data=MultiDict(fields))


def labels_of(store: Store, iri: str) -> list[ox.Term]:
    return [q.object for q in store.oxigraph.quads_for_pattern(  # type: ignore[attr-defined]
        ox.NamedNode(iri), ox.NamedNode(RDFS + "label"), None, ox.NamedNode(MODEL_GRAPH))]


def test_saving_the_form_changes_only_what_was_edited_and_keeps_the_language(
    edit_app: Flask, audit_path: Path
) -> None:
    client = edit_app.test_client()
    sign_in(client, "lead")
    fields = with_value(open_form(client), LABEL, "Scene Attendance")
    response = save(client, fields)
    assert response.status_code == 302
    store = edit_app.extensions["tomgraph"]
    assert labels_of(store, CAPABILITY) == [ox.Literal("Scene Attendance", language="en")]
    [record] = list_changesets(store, entity=CAPABILITY)
    assert (record.agent, record.kind, record.added, record.removed) == ("lead", "edit", 1, 1)
    events = [json.loads(line)["event"] for line in audit_path.read_text().splitlines()]
    assert events[-1] == "change"


def test_an_unchanged_form_saves_nothing(edit_app: Flask) -> None:
    client = edit_app.test_client()
    sign_in(client, "lead")
    assert save(client, open_form(client)).status_code == 302
    assert list_changesets(edit_app.extensions["tomgraph"], entity=CAPABILITY) == []


def test_a_violation_is_shown_beside_its_field_and_needs_a_comment(edit_app: Flask) -> None:
    client = edit_app.test_client()
    sign_in(client, "lead")
    fields = [(k, "" if k == OWNER else v) for k, v in open_form(client)]
    refused = save(client, fields)
    assert refused.status_code == 422
    page = refused.get_data(as_text=True)
    owner_block = page[page.index(f'id="{OWNER}"'):]
    owner_block = owner_block[:owner_block.index("</div>")]
    assert "Nobody is accountable" in owner_block
    fields = with_value(fields, "comment", "Owner leaves; successor named next week")
    assert save(client, fields).status_code == 302
    [record] = list_changesets(edit_app.extensions["tomgraph"], entity=CAPABILITY)
    assert record.comment == "Owner leaves; successor named next week"


def test_a_badly_typed_value_is_refused_beside_its_field(edit_app: Flask) -> None:
    client = edit_app.test_client()
    sign_in(client, "lead")
    fields = with_value(open_form(client), field_key(TOM + "level"), "two")
    response = save(client, fields)
    assert response.status_code == 422
    assert "is not a whole number" in response.get_data(as_text=True)


def test_a_stale_save_gets_409_and_shows_what_the_other_person_changed(edit_app: Flask) -> None:
    first, second = edit_app.test_client(), edit_app.test_client()
    sign_in(first, "lead")
    sign_in(second, "other")
    mine, theirs = open_form(first), open_form(second)
    assert save(first, with_value(mine, LABEL, "First wins")).status_code == 302
    late = save(second, with_value(theirs, LABEL, "Second loses"))
    assert late.status_code == 409
    page = late.get_data(as_text=True)
    assert "not saved" in page and "First wins" in page and "lead" in page
    assert labels_of(edit_app.extensions["tomgraph"], CAPABILITY) == [
        ox.Literal("First wins", language="en")]


def test_history_lists_changes_newest_first_and_the_author_reverts(edit_app: Flask) -> None:
    client = edit_app.test_client()
    sign_in(client, "lead")
    save(client, with_value(open_form(client), LABEL, "Renamed once"))
    save(client, with_value(open_form(client), LABEL, "Renamed twice"))
    store = edit_app.extensions["tomgraph"]
    newest, older = list_changesets(store, entity=CAPABILITY)
    page = client.get(f"/history?iri={CAPABILITY}").get_data(as_text=True)
    assert page.index(newest.iri) < page.index(older.iri)
    token = csrf_of(page)
    assert client.post("/revert", data={"changeset": newest.iri,
                                        "csrf_token": token}).status_code == 302
    assert labels_of(store, CAPABILITY) == [ox.Literal("Renamed once", language="en")]
    assert list_changesets(store, entity=CAPABILITY)[0].kind == "revert"
    # with the newer change undone, the older one's statements are as it left them again,
    # so it can be reverted too
    assert client.post("/revert", data={"changeset": older.iri,
                                        "csrf_token": token}).status_code == 302


def test_only_an_admin_or_the_author_may_revert(edit_app: Flask) -> None:
    author, other, admin = (edit_app.test_client() for _ in range(3))
    sign_in(author, "lead")
    sign_in(other, "other")
    sign_in(admin, "admin")
    save(author, with_value(open_form(author), LABEL, "By lead"))
    [record] = list_changesets(edit_app.extensions["tomgraph"], entity=CAPABILITY)
    token = csrf_of(other.get("/history").get_data(as_text=True))
    assert other.post("/revert", data={"changeset": record.iri,
                                       "csrf_token": token}).status_code == 403
    token = csrf_of(admin.get("/history").get_data(as_text=True))
    assert admin.post("/revert", data={"changeset": record.iri,
                                       "csrf_token": token}).status_code == 302


def test_a_revert_is_refused_when_later_changes_touched_the_same_statements(
    edit_app: Flask,
) -> None:
    client = edit_app.test_client()
    sign_in(client, "admin")
    save(client, with_value(open_form(client), LABEL, "One"))
    save(client, with_value(open_form(client), LABEL, "Two"))
    _, first = list_changesets(edit_app.extensions["tomgraph"], entity=CAPABILITY)
    token = csrf_of(client.get("/history").get_data(as_text=True))
    assert client.post("/revert", data={"changeset": first.iri,
                                        "csrf_token": token}).status_code == 409


def test_new_creates_an_entity_of_the_kind_with_its_type(edit_app: Flask) -> None:
    client = edit_app.test_client()
    sign_in(client, "lead")
    page = client.get("/new", query_string={"class": TOM + "Capability"})
    fields = with_value(form_fields(page.get_data(as_text=True)), LABEL, "Drone Forensics")
    fields = with_value(fields, "comment", "Placeholder while the design is drafted")
    response = save(client, fields)
    assert response.status_code == 302
    store = edit_app.extensions["tomgraph"]
    found = store.query(f'SELECT ?s WHERE {{ ?s a <{TOM}Capability> ; '
                        f'<{RDFS}label> "Drone Forensics"@en }}')
    [[subject]] = list(found)
    assert subject.value.startswith(MET + "drone-forensics-")


def test_delete_removes_the_entity_and_the_links_to_it_in_one_changeset(
    edit_app: Flask,
) -> None:
    client = edit_app.test_client()
    sign_in(client, "lead")
    token = csrf_of(client.get(f"/resource?iri={CAPABILITY}").get_data(as_text=True))
    response = client.post("/delete", data={"iri": CAPABILITY, "csrf_token": token,
                                            "comment": "Merged into its parent"})
    assert response.status_code == 302
    store = edit_app.extensions["tomgraph"]
    assert not store.query(f"ASK {{ <{CAPABILITY}> ?p ?o }}")
    assert not store.query(f"ASK {{ ?s ?p <{CAPABILITY}> }}")
    [record] = list_changesets(store, entity=CAPABILITY)
    assert record.kind == "delete"


def test_the_dashboard_offers_fix_links_to_the_field_and_sees_edits_at_once(
    edit_app: Flask,
) -> None:
    client = edit_app.test_client()
    sign_in(client, "lead")
    page = client.get("/validation").get_data(as_text=True)
    assert "/edit?iri=" in page and ">Fix</a>" in page and "#f-" in page
    fields = [(k, "" if k == DESCRIPTION else v) for k, v in open_form(client)]
    save(client, fields)
    page = client.get(f"/resource?iri={CAPABILITY}").get_data(as_text=True)
    assert "The capability has no description." in page


@pytest.mark.parametrize("backend_example_store", ["remote"], indirect=True)
def test_saves_history_and_reverts_work_over_a_remote_store(
    backend_example_store: Store, users_path: Path
) -> None:
    app = create_app({"TESTING": True, "QUERY_WORKERS": 0, "USERS_FILE": str(users_path)},
                     store=backend_example_store)
    client = app.test_client()
    sign_in(client, "lead")
    assert save(client, with_value(open_form(client), LABEL, "Remote")).status_code == 302
    [record] = list_changesets(backend_example_store, entity=CAPABILITY)
    token = csrf_of(client.get("/history").get_data(as_text=True))
    assert client.post("/revert", data={"changeset": record.iri,
                                        "csrf_token": token}).status_code == 302
    assert backend_example_store.query(
        f'ASK {{ <{CAPABILITY}> <{RDFS}label> "Scene Attendance and Examination"@en }}')

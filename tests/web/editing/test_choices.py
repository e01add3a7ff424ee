"""The pickers' search-as-you-type: a bounded search, the matches ordered by label."""

from __future__ import annotations

import pyoxigraph as ox
from editing_support import sign_in
from flask import Flask

from tomgraph.changes import Changeset, commit
from tomgraph.namespaces import MODEL_GRAPH, RDF, RDFS, TOM
from tomgraph.store import EmbeddedStore
from tomgraph.web.editing.form_spec import matching_instances

G = ox.NamedNode(MODEL_GRAPH)


def add_capabilities(store: EmbeddedStore, labels: list[str | None]) -> list[str]:
    quads, iris = [], []
    for n, label in enumerate(labels):
        node = ox.NamedNode(f"https://example.org/picker/cap-{n}")
        iris.append(node.value)
        quads.append(ox.Quad(node, ox.NamedNode(RDF + "type"), ox.NamedNode(TOM + "Capability"), G))
        if label is not None:
            quads.append(ox.Quad(node, ox.NamedNode(RDFS + "label"), ox.Literal(label), G))
    commit(store, Changeset(added=tuple(quads), agent="test"))
    return iris


def test_matches_contain_the_typed_text_in_any_case_and_come_by_label(
    edit_store: EmbeddedStore,
) -> None:
    add_capabilities(edit_store, ["Zebra crossing patrol", "zebra Records", "Aardvark ZEBRA"])
    found = matching_instances(edit_store, TOM + "Capability", "ZeBrA")
    assert [c.label for c in found] == ["Aardvark ZEBRA", "Zebra crossing patrol",
                                        "zebra Records"]


def test_at_most_the_limit_of_matches_is_returned(edit_store: EmbeddedStore) -> None:
    add_capabilities(edit_store, [f"Quokka {n:02}" for n in range(30)])
    found = matching_instances(edit_store, TOM + "Capability", "quokka", limit=20)
    assert len(found) == 20


def test_an_unlabelled_instance_is_found_by_its_iri(edit_store: EmbeddedStore) -> None:
    iris = add_capabilities(edit_store, [None])
    found = matching_instances(edit_store, TOM + "Capability", "picker/cap-0")
    assert [c.value for c in found] == [f"<{iris[0]}>"]


def test_the_choices_endpoint_answers_an_editor_with_json(
    edit_app: Flask, edit_store: EmbeddedStore,
) -> None:
    add_capabilities(edit_store, ["Wombat analytics"])
    client = edit_app.test_client()
    assert sign_in(client, "lead") == 302
    response = client.get("/edit/choices",
                          query_string={"class": TOM + "Capability", "q": "wombat"})
    assert response.status_code == 200
    assert response.get_json() == [{"value": "<https://example.org/picker/cap-0>",
                                     "label": "Wombat analytics"}]

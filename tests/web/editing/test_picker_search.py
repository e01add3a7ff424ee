"""The pickers' search remembers the store's answers until the store changes, and answers
exactly what the store would: every label predicate of the label policy, the same matches and
the same limit, whether a text is asked of the store or narrowed from an earlier answer."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from editing_support import sign_in
from flask import Flask
from flask.testing import FlaskClient

from tomgraph.changes import Changeset, commit
from tomgraph.labels import LABEL_PREDICATES
from tomgraph.namespaces import MODEL_GRAPH, RDF, RDFS, TOM
from tomgraph.store import EmbeddedStore
from tomgraph.web.editing import picker_search
from tomgraph.web.editing.form_spec import matching_instances

G = ox.NamedNode(MODEL_GRAPH)
PICKER = "https://example.org/picker/"


def add(store: EmbeddedStore, names: dict[str, list[tuple[str, ox.Literal]]]) -> None:
    """Capabilities under :data:`PICKER`, each with ``(predicate, literal)`` names."""
    quads = []
    for local, named in names.items():
        node = ox.NamedNode(PICKER + local)
        quads.append(ox.Quad(node, ox.NamedNode(RDF + "type"), ox.NamedNode(TOM + "Capability"),
                             G))
        quads += [ox.Quad(node, ox.NamedNode(p), label, G) for p, label in named]
    commit(store, Changeset(added=tuple(quads), agent="test"))


def ask(client: FlaskClient, text: str) -> list[dict[str, str]]:
    response = client.get("/edit/choices", query_string={"class": TOM + "Capability", "q": text})
    assert response.status_code == 200
    return response.get_json()  # type: ignore[no-any-return]


def as_json(store: EmbeddedStore, text: str, limit: int = 20) -> list[dict[str, str]]:
    """What the store itself answers (outside a request nothing is remembered)."""
    return [{"value": c.value, "label": c.label}
            for c in matching_instances(store, TOM + "Capability", text, limit=limit)]


@pytest.fixture
def client(edit_app: Flask) -> FlaskClient:
    client = edit_app.test_client()
    assert sign_in(client, "lead") == 302
    return client


@pytest.mark.parametrize("predicate", LABEL_PREDICATES)
def test_a_thing_named_by_only_one_label_predicate_is_found_by_that_name(
    edit_store: EmbeddedStore, client: FlaskClient, predicate: str,
) -> None:
    add(edit_store, {"only": [(predicate, ox.Literal("Numbat mapping", language="en"))]})
    expected = [{"value": f"<{PICKER}only>", "label": "Numbat mapping"}]
    assert ask(client, "numbat") == expected
    assert ask(client, "numbat map") == expected  # narrowed from the answer before
    assert as_json(edit_store, "numbat map") == expected


def test_a_thing_is_found_by_any_of_its_names_and_shown_by_its_preferred_one(
    edit_store: EmbeddedStore, client: FlaskClient,
) -> None:
    add(edit_store, {"two": [(RDFS + "label", ox.Literal("Bilby records")),
                             (LABEL_PREDICATES[0], ox.Literal("Bilby register", language="en"))]})
    assert ask(client, "records") == [{"value": f"<{PICKER}two>", "label": "Bilby register"}]


def test_a_longer_text_gets_what_the_store_answers_whether_narrowed_or_asked(
    edit_store: EmbeddedStore, client: FlaskClient,
) -> None:
    add(edit_store, {f"q{n}": [(RDFS + "label", ox.Literal(f"Quoll {n:02}"))] for n in range(70)})
    add(edit_store, {"bare-quoll-1": []})
    typed = ["q", "qu", "quoll", "quoll 1", "quoll 12", "quoll 1", "ll 1", "oll 19", "x"]
    for text in typed:  # each keystroke as the store answers it, the same text asked twice
        assert ask(client, text) == as_json(edit_store, text), text
        assert ask(client, text) == as_json(edit_store, text), text
    assert len(ask(client, "quoll")) == 20  # the limit holds for remembered answers too


def test_a_save_is_seen_by_the_next_keystroke(
    edit_store: EmbeddedStore, client: FlaskClient,
) -> None:
    assert ask(client, "wombat") == []
    add(edit_store, {"w": [(RDFS + "label", ox.Literal("Wombat analytics"))]})
    found = [{"value": f"<{PICKER}w>", "label": "Wombat analytics"}]
    assert ask(client, "wombat") == found
    assert ask(client, "wombat a") == found  # not narrowed from the empty answer before
    commit(edit_store, Changeset(
        removed=(ox.Quad(ox.NamedNode(PICKER + "w"), ox.NamedNode(RDFS + "label"),
                         ox.Literal("Wombat analytics"), G),),
        added=(ox.Quad(ox.NamedNode(PICKER + "w"), ox.NamedNode(RDFS + "label"),
                       ox.Literal("Wombat analysis"), G),), agent="test"))
    assert ask(client, "wombat a") == [{"value": f"<{PICKER}w>", "label": "Wombat analysis"}]


def _rows(*texts: str) -> tuple[picker_search.Row, ...]:
    return tuple((ox.NamedNode(PICKER + t.replace(" ", "-")), t) for t in texts)


def test_only_a_complete_answer_is_narrowed_and_only_for_a_text_it_is_part_of() -> None:
    memory = picker_search._Memory()
    assert memory.at(3) is memory
    memory.keep(3, "C", 60, "ab", picker_search.Answer(_rows("abc", "xaby", "cab"), True))
    memory.keep(3, "C", 60, "de", picker_search.Answer(_rows("def", "ode"), False))
    narrowed = memory.answer("C", 60, "abc")
    assert narrowed is not None and narrowed.rows == _rows("abc")
    assert memory.answer("C", 60, "def") is None  # "de" may have had more matches
    assert memory.answer("D", 60, "abc") is None  # another class
    assert memory.answer("C", 30, "abc") is None  # another limit
    assert memory.answer("C", 60, "ba") is None


def test_the_memory_holds_one_store_version_and_a_bounded_number_of_answers(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(picker_search, "MAX_ANSWERS", 5)
    memory = picker_search._Memory()
    assert memory.at(1) is memory
    for n in range(12):
        memory.keep(1, "C", 60, f"t{n}", picker_search.Answer((), True))
    assert len(memory.answers) == 5
    assert memory.at(2) is memory and not memory.answers  # a save empties it
    assert memory.at(1) is None  # a request that read the version before the save
    memory.keep(1, "C", 60, "late", picker_search.Answer((), True))
    assert not memory.answers  # an answer read before the save is not kept after it


def test_a_subclass_saved_after_a_search_is_searched_by_the_next_keystroke(
    edit_store: EmbeddedStore, client: FlaskClient,
) -> None:
    assert ask(client, "echidna") == []
    kind, node = ox.NamedNode(PICKER + "NewKind"), ox.NamedNode(PICKER + "e")
    commit(edit_store, Changeset(added=(
        ox.Quad(kind, ox.NamedNode(RDFS + "subClassOf"), ox.NamedNode(TOM + "Capability"), G),
        ox.Quad(node, ox.NamedNode(RDF + "type"), kind, G),
        ox.Quad(node, ox.NamedNode(RDFS + "label"), ox.Literal("Echidna watch"), G),
    ), agent="test"))
    assert ask(client, "echidna") == [{"value": f"<{PICKER}e>", "label": "Echidna watch"}]

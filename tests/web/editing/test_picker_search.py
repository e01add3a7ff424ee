"""The pickers' search remembers the store's answers until the store changes, and answers
exactly what the store would: every label predicate of the label policy, the same matches and
the same limit, whether a text is asked of the store or narrowed from an earlier answer."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from editing_support import CAPABILITY, csrf_of, form_fields, sign_in, with_value
from flask import Flask, has_request_context
from flask.testing import FlaskClient
from werkzeug.datastructures import MultiDict

from tomgraph.changes import Changeset, commit
from tomgraph.labels import LABEL_PREDICATES
from tomgraph.namespaces import MODEL_GRAPH, PROV, RDF, RDFS, TOM
from tomgraph.store import EmbeddedStore
from tomgraph.web.editing import picker_memory, picker_search
from tomgraph.web.editing.form_spec import field_key, matching_instances
from tomgraph.web.store_version import record_change

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


def _rows(*texts: str) -> tuple[picker_memory.Row, ...]:
    return tuple((ox.NamedNode(PICKER + t.replace(" ", "-")), t) for t in texts)


def test_only_a_complete_answer_is_narrowed_and_only_for_a_text_it_is_part_of() -> None:
    memory = picker_memory.Memory()
    assert memory.at(3) is memory
    memory.keep(3, "C", 60, "ab", picker_memory.Answer(_rows("abc", "xaby", "cab"), True))
    memory.keep(3, "C", 60, "de", picker_memory.Answer(_rows("def", "ode"), False))
    narrowed = memory.answer("C", 60, "abc")
    assert narrowed is not None and narrowed.rows == _rows("abc")
    assert memory.answer("C", 60, "def") is None  # "de" may have had more matches
    assert memory.answer("D", 60, "abc") is None  # another class
    assert memory.answer("C", 30, "abc") is None  # another limit
    assert memory.answer("C", 60, "ba") is None


def test_a_whole_class_forgets_the_rows_of_saved_subjects_until_it_is_told_them() -> None:
    a, b, c = (ox.NamedNode(PICKER + x) for x in "abc")
    whole = picker_memory.Whole(((a, "alpha"), (b, "beta"), (c, "gamma")))
    assert whole.ordered and whole.matches("a", 60) == [(a, "alpha"), (b, "beta"), (c, "gamma")]
    assert whole.matches("a", 2) == [(a, "alpha"), (b, "beta")]  # the first, in its order
    deferred = whole.defer({b})
    assert not deferred.ordered and deferred.pending == {b}
    assert deferred.matches("a", 60) == [(a, "alpha"), (c, "gamma")]  # b unknown for now
    told = deferred.patch({b}, ((b, "delta"),))
    assert not told.pending and told.matches("a", 60) == [(a, "alpha"), (c, "gamma"),
                                                          (b, "delta")]
    assert told.defer({b}).matches("delt", 60) == []  # its told row is forgotten again


def test_the_memory_holds_one_store_version_and_a_bounded_number_of_answers(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(picker_memory, "MAX_ANSWERS", 5)
    memory = picker_memory.Memory()
    assert memory.at(1) is memory
    for n in range(12):
        memory.keep(1, "C", 60, f"t{n}", picker_memory.Answer((), True))
    assert len(memory.answers) == 5
    assert memory.at(2) is memory and not memory.answers  # a save empties it
    assert memory.at(1) is None  # a request that read the version before the save
    memory.keep(1, "C", 60, "late", picker_memory.Answer((), True))
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


def count_scans(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The texts a picker in a request scans the store for from now on (its query without a
    pre-bound instance); :func:`as_json`, outside a request, is not counted."""
    seen: list[str] = []
    run_table = picker_search.querying.run_table

    def counting(text: str, **options: object) -> object:
        bindings = options.get("bindings")
        if (has_request_context() and isinstance(bindings, dict) and "q" in bindings
                and "i" not in bindings):
            seen.append(bindings["q"].value)
        return run_table(text, **options)

    monkeypatch.setattr(picker_search.querying, "run_table", counting)
    return seen


@pytest.fixture
def scans(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """:func:`count_scans`, with no class read whole: every text the memory cannot answer
    from its answers is scanned."""
    monkeypatch.setattr(picker_search, "CLASS_ROWS", 0)
    return count_scans(monkeypatch)


def saved_as_the_editor_saves(app: Flask, store: EmbeddedStore, change: Changeset) -> None:
    """``change`` committed and logged as the app's own save, as the editor's views do."""
    commit(store, change)
    record_change(change, store, app)


def saved(client: FlaskClient, path: str, fields: list[tuple[str, str]]) -> None:
    assert client.post(path, data=MultiDict(fields)).status_code == 302


def test_saves_in_the_forms_are_seen_by_the_next_keystroke_without_a_scan(
    edit_store: EmbeddedStore, client: FlaskClient, scans: list[str],
) -> None:
    label = field_key(RDFS + "label")
    assert ask(client, "drone") == []
    assert ask(client, "scene att") == as_json(edit_store, "scene att") != []
    assert scans == ["drone", "scene att"]

    page = client.get("/new", query_string={"class": TOM + "Capability"})
    fields = with_value(form_fields(page.get_data(as_text=True)), label, "Drone Forensics")
    saved(client, "/edit", with_value(fields, "comment", "Drafted"))
    [created] = ask(client, "drone")
    assert created["label"] == "Drone Forensics"

    form = form_fields(client.get(f"/edit?iri={CAPABILITY}").get_data(as_text=True))
    saved(client, "/edit", with_value(form, label, "Drone Scene Attendance"))
    for text in ("drone", "scene att", "drone s"):
        assert ask(client, text) == as_json(edit_store, text), text

    token = csrf_of(client.get(f"/resource?iri={CAPABILITY}").get_data(as_text=True))
    saved(client, "/delete", [("iri", CAPABILITY), ("csrf_token", token), ("comment", "Merged")])
    for text in ("drone", "scene att"):
        assert ask(client, text) == as_json(edit_store, text), text
    assert [c["label"] for c in ask(client, "drone")] == ["Drone Forensics"]
    assert scans == ["drone", "scene att"]  # every answer after a save was brought up to date


def test_a_write_the_app_cannot_explain_empties_the_memory(
    edit_store: EmbeddedStore, client: FlaskClient, scans: list[str],
) -> None:
    assert ask(client, "bandicoot") == []
    add(edit_store, {"b": [(RDFS + "label", ox.Literal("Bandicoot watch"))]})  # not a form save
    assert [c["label"] for c in ask(client, "bandicoot")] == ["Bandicoot watch"]
    assert scans == ["bandicoot", "bandicoot"]


def test_a_save_to_the_class_hierarchy_empties_the_memory(
    edit_app: Flask, edit_store: EmbeddedStore, client: FlaskClient, scans: list[str],
) -> None:
    assert ask(client, "platypus") == []
    kind = ox.NamedNode(PICKER + "Kind")
    change = Changeset(added=(
        ox.Quad(kind, ox.NamedNode(RDFS + "subClassOf"), ox.NamedNode(TOM + "Capability"), G),
        ox.Quad(ox.NamedNode(PICKER + "p"), ox.NamedNode(RDF + "type"), kind, G),
        ox.Quad(ox.NamedNode(PICKER + "p"), ox.NamedNode(RDFS + "label"),
                ox.Literal("Platypus survey"), G),
    ), agent="test")
    saved_as_the_editor_saves(edit_app, edit_store, change)
    assert [c["label"] for c in ask(client, "platypus")] == ["Platypus survey"]
    assert scans == ["platypus", "platypus"]


@pytest.mark.parametrize("whole", [False, True], ids=["answers", "whole classes"])
def test_answers_brought_up_to_date_are_the_stores_after_any_sequence_of_saves(
    edit_app: Flask, edit_store: EmbeddedStore, client: FlaskClient,
    monkeypatch: pytest.MonkeyPatch, whole: bool,
) -> None:
    """Random saves of classes and names (several label predicates, several names, none)
    over a few subjects; after each, every text answers what the store answers, from
    remembered answers alone or with whole classes read in (waited for, so they are used)."""
    import random

    if not whole:
        monkeypatch.setattr(picker_search, "CLASS_ROWS", 0)

    rng = random.Random(17)
    subjects = [ox.NamedNode(f"{PICKER}s{n}") for n in range(90)]
    a = ox.NamedNode(RDF + "type")
    kinds = [ox.NamedNode(TOM + "Capability"), ox.NamedNode(TOM + "Process")]
    texts = ["k", "ka", "kb", "kab", "kba", "zz", "s1", f"{PICKER}s2".lower()]
    start = Changeset(added=tuple(  # most subjects named and typed: "k" is a cut answer
        quad for subject in subjects[:70] for quad in (
            ox.Quad(subject, a, kinds[0], G),
            ox.Quad(subject, ox.NamedNode(RDFS + "label"),
                    ox.Literal("k" + "".join(rng.choice("ab") for _ in range(2))), G))),
        agent="test")
    saved_as_the_editor_saves(edit_app, edit_store, start)
    for _save in range(60):
        added: list[ox.Quad] = []
        removed: list[ox.Quad] = []
        for subject in rng.sample(subjects, rng.randint(1, 12)):
            present = list(edit_store.oxigraph.quads_for_pattern(subject, None, None, G))
            if present and rng.random() < 0.4:
                removed.append(rng.choice(present))
            elif rng.random() < 0.3:
                added.append(ox.Quad(subject, a, rng.choice(kinds), G))
            else:
                name = "k" + "".join(rng.choice("ab") for _ in range(rng.randint(0, 3)))
                predicate = ox.NamedNode(rng.choice(LABEL_PREDICATES))
                added.append(ox.Quad(subject, predicate, ox.Literal(name), G))
        change = Changeset(added=tuple(dict.fromkeys(q for q in added if q not in removed)),
                           removed=tuple(dict.fromkeys(removed)), agent="test")
        if change.empty:
            continue
        saved_as_the_editor_saves(edit_app, edit_store, change)
        for text in rng.sample(texts, 4):
            assert picker_search.reading_done(edit_app)
            memory = edit_app.extensions.get(picker_search._KEY)
            if whole and memory is not None:
                with memory.lock:  # answer from the whole class, not a narrowed answer
                    memory.answers.clear()
            assert ask(client, text) == as_json(edit_store, text), text
    assert bool(edit_app.extensions[picker_search._KEY].whole) is whole


def test_an_answer_a_save_brings_to_the_limit_is_asked_of_the_store_again(
    edit_app: Flask, edit_store: EmbeddedStore, client: FlaskClient, scans: list[str],
) -> None:
    """Which rows come first in a cut answer is the store's to say, not the memory's."""
    assert ask(client, "numbat") == []
    change = Changeset(added=tuple(
        quad for n in range(70) for quad in (
            ox.Quad(ox.NamedNode(f"{PICKER}n{n}"), ox.NamedNode(RDF + "type"),
                    ox.NamedNode(TOM + "Capability"), G),
            ox.Quad(ox.NamedNode(f"{PICKER}n{n}"), ox.NamedNode(RDFS + "label"),
                    ox.Literal(f"Numbat {n:02}"), G))), agent="test")
    saved_as_the_editor_saves(edit_app, edit_store, change)
    assert ask(client, "numbat") == as_json(edit_store, "numbat")
    assert scans == ["numbat", "numbat"]


def test_the_history_record_each_save_adds_is_found_by_the_next_keystroke(
    edit_app: Flask, edit_store: EmbeddedStore, client: FlaskClient,
) -> None:
    def activities() -> int:
        response = client.get("/edit/choices",
                              query_string={"class": PROV + "Activity", "q": "changeset/"})
        return len(response.get_json())

    before = activities()
    change = Changeset(added=(ox.Quad(ox.NamedNode(PICKER + "x"), ox.NamedNode(RDFS + "label"),
                                      ox.Literal("Anything"), G),), agent="test")
    saved_as_the_editor_saves(edit_app, edit_store, change)
    assert activities() == before + 1


def test_a_class_read_whole_answers_every_later_text_as_the_store_does(
    edit_app: Flask, edit_store: EmbeddedStore, client: FlaskClient,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The first scan starts reading the class whole; every text after it, including ones
    with more matches than the limit (the first of them in the store's order), is answered
    from those rows without a scan."""
    add(edit_store, {f"q{n}": [(RDFS + "label", ox.Literal(f"Quoll {n:02}"))] for n in range(70)})
    add(edit_store, {"bare-quoll-1": []})
    scanned = count_scans(monkeypatch)
    assert ask(client, "zzz") == []
    assert picker_search.reading_done(edit_app)
    for text in ("quoll", "q", "quoll 1", "oll 6", "bare-quoll", "scene", "x"):
        assert ask(client, text) == as_json(edit_store, text), text
    assert len(ask(client, "quoll")) == 20
    assert scanned == ["zzz"]


def test_a_form_with_a_search_box_starts_reading_its_class_before_the_first_keystroke(
    edit_app: Flask, client: FlaskClient, monkeypatch: pytest.MonkeyPatch,
) -> None:
    from tomgraph.web.editing import form_spec

    monkeypatch.setattr(form_spec, "MAX_CHOICES", 3)  # every picker of the form is a search box
    assert client.get(f"/edit?iri={CAPABILITY}").status_code == 200
    assert picker_search.reading_done(edit_app)
    assert TOM + "Capability" in edit_app.extensions[picker_search._KEY].whole

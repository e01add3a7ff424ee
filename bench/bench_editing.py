"""Editing in the browser at scale: live re-validation, form pages, concurrent editors.

For each size (capabilities of a generated model, in the embedded store):

* ``full s``: a full validation and dashboard summary (what a save would cost without
  incremental re-validation), measured in the same run;
* ``save k=N ms``: a save touching N entities (labels changed, owners removed) committed as one
  changeset, then the dashboard's findings and scores brought up to date, re-validating only
  what the change can affect (target < 100 ms); the ratio is full ÷ incremental;
* ``first save ms``: the first save after the full validation, which also builds the indexes
  later saves patch (shapes analysed, results by focus node and by value);
* ``new ms``: a save creating a capability (a type, a label, an owner), which moves the new
  node into the shapes' targets, re-validated the same way;
* ``form ms``: the edit form page of a capability right after a save (the store's version
  moved, so no query result is cached: the worst of 3, target < 200 ms), then the same page
  again (cached);
* ``picker ms``: ``/edit/choices`` for the capability picker, worst of three keystrokes (a
  common letter, part of a label, text nothing matches), target < 100 ms;
* concurrent editors: ``BENCH_EDITING_EDITORS`` (8) threads save four shared capabilities for
  ``BENCH_EDITING_SECONDS`` (60) seconds through the web app; every save either succeeds or
  gets 409, and the history must show an unbroken chain per entity (each save removed exactly
  the label the save before it added): no lost update.
"""

from __future__ import annotations

import os
import random
import re
import shutil
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from bench.common import generated_model, machine, ratio, table

EDITORS = int(os.environ.get("BENCH_EDITING_EDITORS", "8"))
SECONDS = float(os.environ.get("BENCH_EDITING_SECONDS", "60"))
PASSWORD = "bench-password-1"


def _capabilities(store: Any, n: int) -> list[str]:
    from tomgraph.namespaces import TOM

    result = store.query(f"SELECT ?c WHERE {{ ?c a <{TOM}Capability> }} LIMIT {n}")
    return [row[0].value for row in result]


def _save_k(store: Any, app: Any, caps: list[str], k: int, round_: int) -> tuple[float, float]:
    """Commit a changeset touching ``k`` capabilities; (incremental s, total s incl. commit)."""
    from tomgraph.changes import Changeset, commit
    from tomgraph.namespaces import MODEL_GRAPH, RDFS, TOM
    from tomgraph.web.pages.validation_view import validation_state
    from tomgraph.web.store_version import record_change

    g = ox.NamedNode(MODEL_GRAPH)
    added, removed = [], []
    for iri in caps[:k]:
        node = ox.NamedNode(iri)
        for q in store.oxigraph.quads_for_pattern(node, ox.NamedNode(RDFS + "label"), None, g):
            removed.append(q)
        added.append(ox.Quad(node, ox.NamedNode(RDFS + "label"),
                             ox.Literal(f"Bench {round_} {iri[-8:]}", language="en"), g))
        if round_ % 2 == 0:
            removed += list(store.oxigraph.quads_for_pattern(node, ox.NamedNode(TOM + "owner"),
                                                             None, g))
    change = Changeset(added=tuple(added), removed=tuple(removed), agent="bench")
    with app.test_request_context():
        start = time.perf_counter()
        commit(store, change)
        record_change(change, store)
        committed = time.perf_counter()
        state = validation_state(store)
        done = time.perf_counter()
    assert state.summary is not None
    return done - committed, done - start


def _save_new(store: Any, app: Any, round_: int) -> float:
    """Commit a changeset creating one capability; the re-validation's seconds."""
    from tomgraph.changes import Changeset, commit
    from tomgraph.namespaces import MODEL_GRAPH, RDF, RDFS, TOM
    from tomgraph.web.pages.validation_view import validation_state
    from tomgraph.web.store_version import record_change

    g = ox.NamedNode(MODEL_GRAPH)
    node = ox.NamedNode(f"https://example.org/bench/new-{round_}")
    owner = next(iter(store.oxigraph.quads_for_pattern(None, ox.NamedNode(TOM + "owner"), None,
                                                       g))).object
    change = Changeset(added=(
        ox.Quad(node, ox.NamedNode(RDF + "type"), ox.NamedNode(TOM + "Capability"), g),
        ox.Quad(node, ox.NamedNode(RDFS + "label"), ox.Literal(f"New {round_}", language="en"),
                g),
        ox.Quad(node, ox.NamedNode(TOM + "owner"), owner, g)), agent="bench")
    with app.test_request_context():
        commit(store, change)
        record_change(change, store)
        start = time.perf_counter()
        state = validation_state(store)
        done = time.perf_counter()
    assert state.summary is not None
    return done - start


def _picker(client: Any, label: str) -> float:
    """The slowest of three keystrokes' answers from ``/edit/choices``, in seconds."""
    from tomgraph.namespaces import TOM

    worst = 0.0
    for q in ("a", label.split()[0][:4].lower(), "zzqx-nothing"):
        start = time.perf_counter()
        response = client.get("/edit/choices", query_string={"class": TOM + "Capability",
                                                             "q": q})
        assert response.status_code == 200
        worst = max(worst, time.perf_counter() - start)
    return worst


def _client(app: Any, name: str) -> Any:
    client = app.test_client()
    page = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)  # type: ignore[union-attr]
    client.post("/login", data={"username": name, "password": PASSWORD, "csrf_token": token})
    return client


def _form_fields(html: str) -> list[tuple[str, str]]:
    from bench.load_editing import form_fields

    return form_fields(html)


def _editors(app: Any, caps: list[str]) -> dict[str, Any]:
    from werkzeug.datastructures import MultiDict

    from tomgraph.namespaces import RDFS
    from tomgraph.web.editing.form_spec import field_key

    label_key = field_key(RDFS + "label")
    stop = time.monotonic() + SECONDS
    counts = {"saved": 0, "conflicts": 0, "other": 0}
    lock = threading.Lock()

    def work(n: int) -> None:
        client = _client(app, f"editor{n}")
        rng = random.Random(n)
        i = 0
        while time.monotonic() < stop:
            iri = rng.choice(caps)
            fields = _form_fields(client.get(f"/edit?iri={iri}").get_data(as_text=True))
            fields = [(k, f"Editor {n} save {i}" if k == label_key and v else v)
                      for k, v in fields]
            fields = [(k, v) for k, v in fields if not (k == label_key and not v)]
            fields.append(("comment", "bench"))
            status = client.post("/edit", data=MultiDict(fields)).status_code
            with lock:
                key = {302: "saved", 409: "conflicts"}.get(status, "other")
                counts[key] += 1
            i += 1

    threads = [threading.Thread(target=work, args=(n,)) for n in range(EDITORS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return counts


def _chain_unbroken(store: Any, caps: list[str]) -> tuple[bool, int]:
    """Whether every entity's history is a chain (each save removed what the last added)."""
    from tomgraph.changes import list_changesets, load_changeset
    from tomgraph.namespaces import RDFS

    edits = 0
    for iri in caps:
        records = [r for r in list_changesets(store, entity=iri, limit=100_000)
                   if r.kind == "edit"]
        records.reverse()  # oldest first
        previous: set[str] | None = None
        for record in records:
            change = load_changeset(store, record.iri)
            assert change is not None
            removed = {q.object.value for q in change.removed
                       if q.predicate.value == RDFS + "label" and q.subject.value == iri}
            added = {q.object.value for q in change.added
                     if q.predicate.value == RDFS + "label" and q.subject.value == iri}
            if previous is not None and removed != previous:
                return False, edits
            previous = added
            edits += 1
    return True, edits


def main(sizes: list[int]) -> None:
    from tomgraph.namespaces import MODEL_GRAPH
    from tomgraph.store import EmbeddedStore, load_bundled
    from tomgraph.users import UsersFile
    from tomgraph.web import create_app
    from tomgraph.web.pages.validation_view import validation_state

    print(machine())
    rows = []
    for size in sizes:
        model = generated_model(size)
        store = EmbeddedStore()
        load_bundled(store, model=False)
        store.load_files([model], graph=MODEL_GRAPH)
        folder = Path(tempfile.mkdtemp(prefix="bench-editing-"))
        users = UsersFile(folder / "users.json")
        for n in range(EDITORS):
            users.add(f"editor{n}", PASSWORD, "editor")
        app = create_app({"TESTING": True, "QUERY_WORKERS": 0, "ACCESS_LOG": False,
                          "USERS_FILE": str(folder / "users.json")}, store=store)
        with app.test_request_context():
            start = time.perf_counter()
            validation_state(store)
            full = time.perf_counter() - start
        caps = _capabilities(store, 40)
        saves = {}
        first = _save_k(store, app, caps[30:], 1, 1)[0]
        for k in (1, 5, 10):
            timings = [_save_k(store, app, caps[10:], k, r) for r in range(2)]
            saves[k] = min(t[0] for t in timings)
        news = [_save_new(store, app, r) for r in range(2)]
        client = _client(app, "editor0")
        label = next(iter(store.oxigraph.quads_for_pattern(
            ox.NamedNode(caps[0]), ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label"),
            None, None))).object.value
        picker = min(_picker(client, label) for _ in range(2))
        client.get(f"/edit?iri={caps[3]}")  # compiles the page's templates, once per process
        forms, again = [], []
        for r in range(3):
            _save_k(store, app, caps[20:], 1, 10 + r)
            for times in (forms, again):
                start = time.perf_counter()
                assert client.get(f"/edit?iri={caps[r]}").status_code == 200
                times.append(time.perf_counter() - start)
        shared = caps[:4]
        counts = _editors(app, shared)
        chained, edits = _chain_unbroken(store, shared)
        rows.append([
            f"{size:,}", f"{full:.2f}", f"{first * 1000:.0f}",
            *(f"{saves[k] * 1000:.0f} ({ratio(full, saves[k])})" for k in (1, 5, 10)),
            f"{min(news) * 1000:.0f} ({ratio(full, min(news))})",
            f"{max(forms) * 1000:.0f} / {min(again) * 1000:.0f}", f"{picker * 1000:.0f}",
            f"{counts['saved']}/{counts['conflicts']}/{counts['other']}",
            "yes" if chained and edits == counts["saved"] else f"NO ({edits} in history)",
        ])
        store.close()
        shutil.rmtree(folder, ignore_errors=True)
    print(table(
        ["capabilities", "full s", "first save ms", "save k=1 ms (× faster)", "k=5 ms",
         "k=10 ms", "new ms", "form ms (after a save / again)", "picker ms",
         f"{EDITORS} editors {SECONDS:.0f}s saved/409/other", "no lost update"],
        rows,
    ))

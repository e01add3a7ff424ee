"""Eight editors on two web servers sharing one store save one entity at once: every save
either lands or answers 409, and the history is one unbroken chain (each save replaced the
label the save before it wrote), so no update is lost. The bench runs this for 60 s at
100,000 capabilities (``python -m bench editing``); here each editor tries a few saves."""

from __future__ import annotations

import threading
from pathlib import Path

from editing_support import CAPABILITY, form_fields, sign_in, with_value
from flask import Flask
from werkzeug.datastructures import MultiDict

from tomgraph.changes import list_changesets, load_changeset
from tomgraph.namespaces import RDFS
from tomgraph.store import Store
from tomgraph.web import create_app
from tomgraph.web.editing.form_spec import field_key

LABEL = field_key(RDFS + "label")
EDITORS = 8
ATTEMPTS = 4
"""Saves each editor tries (the bench runs for a time instead)."""


def _server(store: Store, users_path: Path, opened: list[Store]) -> Flask:
    """A web server of its own (own lock, own caches) over its own connection to the store
    (for an embedded store, which one process owns, the same object)."""
    if store.remote:
        from tomgraph.store.remote import RemoteStore

        assert isinstance(store, RemoteStore)
        store = RemoteStore(store.endpoint, update_endpoint=store.update_endpoint,
                            gsp_endpoint=store.gsp_endpoint)
        opened.append(store)
    return create_app({"TESTING": True, "QUERY_WORKERS": 0, "USERS_FILE": str(users_path)},
                      store=store)


def test_eight_editors_on_two_servers_lose_no_update(
    backend_example_store: Store, users_path: Path,
) -> None:
    opened: list[Store] = []
    servers = [_server(backend_example_store, users_path, opened) for _ in range(2)]
    counts = {"saved": 0, "conflicts": 0, "other": 0}
    lock = threading.Lock()
    ready = threading.Barrier(EDITORS)

    def work(n: int) -> None:
        client = servers[n % 2].test_client()
        assert sign_in(client, "lead" if n % 2 else "other") == 302
        client.get(f"/edit?iri={CAPABILITY}")  # each server validates once, before the race
        ready.wait()
        for i in range(ATTEMPTS):
            fields = form_fields(client.get(f"/edit?iri={CAPABILITY}").get_data(as_text=True))
            fields = with_value(fields, LABEL, f"Editor {n} save {i}") + [("comment", "race")]
            status = client.post("/edit", data=MultiDict(fields)).status_code
            with lock:
                counts[{302: "saved", 409: "conflicts"}.get(status, "other")] += 1

    threads = [threading.Thread(target=work, args=(n,)) for n in range(EDITORS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for store in opened:
        store.close()
    assert counts["other"] == 0 and counts["saved"] > 1, counts
    records = [r for r in list_changesets(backend_example_store, entity=CAPABILITY,
                                          limit=100_000) if r.kind == "edit"]
    assert len(records) == counts["saved"]
    replaced: list[str] = []
    written: list[str] = []
    for record in records:
        change = load_changeset(backend_example_store, record.iri)
        assert change is not None
        [old] = [q.object.value for q in change.removed if q.predicate.value == RDFS + "label"]
        [new] = [q.object.value for q in change.added if q.predicate.value == RDFS + "label"]
        replaced.append(old)
        written.append(new)
    assert len(set(replaced)) == len(replaced), "two saves replaced one label: one was lost"
    following = dict(zip(replaced, written, strict=True))
    start = next(iter(set(replaced) - set(written)))
    label, steps = start, 0
    while label in following:
        label, steps = following[label], steps + 1
    assert steps == counts["saved"]

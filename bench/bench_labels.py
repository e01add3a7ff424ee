"""Label benchmark: the pages and answers whose names come from the label policy, uncached.

``python -m bench labels`` (10k capabilities by default, in memory). Each page below names
what it shows through ``tomgraph.labels`` (one batch look-up per page); every request runs its
queries (the app's result cache is off), so the figures are what a page costs when the model
has just changed. The editor's picker answers (``/edit/choices``) are the three keystrokes
of ``bench editing`` ("a", a word of a label, a miss that scans the whole class), each asked
again at the same store version (answered from the picker's memory) and right after a save
in the editor's form that renames a capability (the memory brought up to date with it, or
the store asked), a text never asked before with the form open (its search box has the class
read whole: no match, and a common text), and the keystrokes of typing "capab" and "zzqx"
right after such a save, summed (the first that matches few instances scans, the ones after
it narrow); the diff
describes a 1% relabelling of the model (as ``bench diff``), in process. Compare a run on
the code before a change with one after it (same machine, same run of the shell).
"""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench.common import generated_model, machine, median_ms, table

REPEATS = int(os.environ.get("TOMGRAPH_BENCH_LABELS_REPEATS", "15"))
PASSWORD = "bench-labels-password"


def _median_ms(run: Callable[[], object], repeats: int = REPEATS) -> float:
    return median_ms(run, repeats)


def _login(app: Any) -> Any:
    client = app.test_client()
    page = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)  # type: ignore[union-attr]
    client.post("/login", data={"username": "editor", "password": PASSWORD, "csrf_token": token})
    return client


def _first(store: Any, cls: str) -> str:
    query = (f"SELECT ?c WHERE {{ ?c a <https://w3id.org/tomgraph/ontology#{cls}> }} "
             "ORDER BY ?c LIMIT 1")
    return next(iter(store.query(query)))[0].value  # type: ignore[no-any-return]


def _saver(client: Any, capability: str) -> Callable[[], None]:
    """A save in the editor's form, as a browser posts it: ``capability`` renamed, and named
    back on the next save (the form is read and posted each time; neither is timed)."""
    from werkzeug.datastructures import MultiDict

    from bench.load_editing import renamed_form

    renamed = [False]

    def save() -> None:
        page = client.get("/edit", query_string={"iri": capability})
        fields = renamed_form(
            page.get_data(as_text=True),
            lambda label: label.removesuffix(" (renamed)") + ("" if renamed[0] else " (renamed)"),
            "bench save")
        response = client.post("/edit", data=MultiDict(fields))
        assert response.status_code == 302, response.status_code
        renamed[0] = not renamed[0]

    return save


def _after_save_ms(client: Any, save: Callable[[], None], texts: list[str],
                   repeats: int) -> float:
    """The median over ``repeats`` saves of the time the capability picker takes to answer
    keystrokes ``texts`` right after the save (the save itself is not timed)."""
    import statistics
    import time

    from tomgraph.namespaces import TOM

    totals = []
    for _ in range(repeats):
        save()
        started = time.perf_counter()
        for q in texts:
            client.get("/edit/choices", query_string={"class": TOM + "Capability", "q": q})
        totals.append(time.perf_counter() - started)
    return statistics.median(totals) * 1000


def main(sizes: list[int]) -> None:
    from bench.bench_diff import changed_copy
    from tomgraph.diff.compute import diff_paths
    from tomgraph.namespaces import MODEL_GRAPH, TOM
    from tomgraph.store import EmbeddedStore, load_bundled
    from tomgraph.users import UsersFile
    from tomgraph.web import create_app

    capabilities = 10_000 if 10_000 in sizes else min(sizes)
    print(f"Model: {capabilities:,} capabilities; {machine()}", flush=True)
    model = generated_model(capabilities)
    store = EmbeddedStore()
    load_bundled(store, model=False)
    store.load_files([model], graph=MODEL_GRAPH)
    folder = Path(tempfile.mkdtemp(prefix="bench-labels-"))
    UsersFile(folder / "users.json").add("editor", PASSWORD, "editor")
    app = create_app({"TESTING": True, "QUERY_WORKERS": 0, "QUERY_CACHE_ROWS": 0,
                      "ACCESS_LOG": False, "USERS_FILE": str(folder / "users.json")},
                     store=store)
    client = _login(app)
    capability, decision = _first(store, "Capability"), _first(store, "Decision")
    client.get("/validation")  # the validation run itself is not what is measured
    pages = ["/", "/capabilities", "/capabilities?metric=mips", "/ontology", "/decisions",
             f"/decision?iri={decision}", "/validation", f"/edit?iri={capability}"]
    rows = []
    for page in pages:
        assert client.get(page).status_code == 200, page
        rows.append([page[:40], f"{_median_ms(lambda p=page: client.get(p)):.1f}"])
    for q in ("a", "capab", "zzqx-nothing"):
        args = {"class": TOM + "Capability", "q": q}
        assert client.get("/edit/choices", query_string=args).status_code == 200
        ms = _median_ms(lambda a=args: client.get("/edit/choices", query_string=a),  # type: ignore[misc]
                        repeats=REPEATS * 4)
        rows.append([f"/edit/choices q={q} again", f"{ms:.2f}"])
    from tomgraph.web.editing.picker_search import reading_done

    assert client.get("/edit", query_string={"iri": capability}).status_code == 200
    reading_done(app)  # the form's search box has its class read whole
    for kind, make in (("no match", "zq{}x"), ("a digit and a space", "{} ")):
        texts = iter([make.format(n) for n in range(REPEATS * 4 + 1)])
        ms = _median_ms(lambda t=texts: client.get(  # type: ignore[misc]
            "/edit/choices", query_string={"class": TOM + "Capability", "q": next(t)}),
            repeats=REPEATS * 4)
        rows.append([f"/edit/choices a new text each time ({kind})", f"{ms:.2f}"])
    save = _saver(client, capability)
    for q in ("a", "capab", "zzqx-nothing"):
        ms = _after_save_ms(client, save, [q], REPEATS * 2)
        rows.append([f"/edit/choices q={q} after a save", f"{ms:.2f}"])
    for typed in ("capab", "zzqx"):
        texts = [typed[:n] for n in range(1, len(typed) + 1)]
        ms = _after_save_ms(client, save, texts, REPEATS)
        rows.append([f"/edit/choices typing {typed} after a save (sum)", f"{ms:.2f}"])
    changed, _ = changed_copy(model)
    ms = _median_ms(lambda: diff_paths(model, changed, validate=False), repeats=3)
    rows.append(["diff (1% relabelled, described)", f"{ms:.0f}"])
    print(table(["page", "median ms (result cache off)"], rows))

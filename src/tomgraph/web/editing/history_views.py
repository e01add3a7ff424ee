"""History pages (the programme's and each entity's, newest first) and reverts.

A revert is itself a changeset (:meth:`Changeset.inverse`), allowed to an admin or to the
author of the change, and only while the statements it would undo are still as it left them;
otherwise it answers 409 rather than undo someone else's later work.
"""

from __future__ import annotations

from dataclasses import dataclass

import pyoxigraph as ox
from flask import abort, current_app, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from ...changes import ChangeRecord, Changeset, commit, list_changesets, load_changeset
from ...namespaces import MODEL_GRAPH, shorten
from ...store import Store
from ...store.base import term_value
from ..audit import audit
from ..auth.identity import current_user, require_role
from ..current import get_store
from ..pages.paging import Paging, page_number
from ..pages.rdf import label_map
from ..security import require_csrf
from ..store_version import record_change
from . import bp
from .entity_state import entity_quads

PAGE_SIZE = 30


@dataclass(frozen=True)
class Statement:
    subject: str
    predicate: str
    object: str
    added: bool


@bp.route("/history")
def history() -> str:
    store = get_store()
    iri = (request.args.get("iri") or "").strip() or None
    number = page_number(request.args)
    records = list_changesets(store, entity=iri, limit=PAGE_SIZE + 1,
                              offset=(number - 1) * PAGE_SIZE)
    more = len(records) > PAGE_SIZE
    records = records[:PAGE_SIZE]
    total = (number - 1) * PAGE_SIZE + len(records) + (1 if more else 0)
    args = (("iri", iri),) if iri else ()
    paging = Paging(number, PAGE_SIZE, total, args)
    labels = label_map(store, {iri}) if iri else {}
    return render_template(
        "history.html", records=records, iri=iri,
        label=labels.get(iri, shorten(iri)) if iri else None, paging=paging,
        can_revert={r.iri: _may_revert(r) for r in records},
    )


@bp.route("/history/changeset")
def changeset_page() -> str:
    store = get_store()
    iri = (request.args.get("iri") or "").strip()
    change = _changeset_or_abort(store, iri)
    statements = [Statement(str(term_value(q.subject)), q.predicate.value, _show(q.object), False)
                  for q in change.removed]
    statements += [Statement(str(term_value(q.subject)), q.predicate.value, _show(q.object), True)
                   for q in change.added]
    labels = label_map(store, {s.subject for s in statements} | {s.predicate for s in statements})
    record = ChangeRecord(iri, change.agent, change.time.isoformat(), change.activity,
                          change.comment, change.source, len(change.added), len(change.removed))
    return render_template("changeset.html", record=record, statements=statements,
                           labels=labels, reverts=change.reverts,
                           may_revert=_may_revert(record))


def _changeset_or_abort(store: Store, iri: str) -> Changeset:
    """The changeset ``iri`` names; 400 for a malformed IRI, 404 for one not in the history."""
    try:
        change = load_changeset(store, ox.NamedNode(iri).value)
    except ValueError:
        abort(400, description="Not a changeset IRI.")
    if change is None:
        abort(404, description="No such changeset in the history.")
    return change


def _show(term: object) -> str:
    if isinstance(term, ox.NamedNode):
        return term.value
    return str(getattr(term, "value", term))


def _may_revert(record: ChangeRecord) -> bool:
    user = current_user()
    if user is None or not user.can("editor"):
        return False
    return user.can("admin") or user.name == record.agent


@bp.route("/revert", methods=["POST"])
@require_csrf
@require_role("editor")
def revert() -> Response | tuple[str, int]:
    store = get_store()
    iri = (request.form.get("changeset") or "").strip()
    change = _changeset_or_abort(store, iri)
    user = current_user()
    assert user is not None
    if not (user.can("admin") or user.name == change.agent):
        abort(403, description="Only an admin or the author can revert this change.")
    if change.empty:
        abort(409, description="This change kept no statements (it was too large to keep), "
                               "so it cannot be reverted here.")
    with current_app.extensions["tomgraph.edit_lock"]:
        if not _still_as_left(change):
            return render_template(
                "revert_conflict.html", changeset=iri,
            ), 409
        undo = change.inverse(agent=user.name, reverts=iri,
                              comment=(request.form.get("comment") or "").strip()
                              or f"Revert of {iri.rsplit('/', 1)[-1][:8]}")
        node = commit(store, undo)
        record_change(undo, store)
    audit("revert", user=user.name, changeset=node.value if node else None, reverts=iri)
    subjects = change.subjects()
    if len(subjects) == 1:
        return redirect(url_for("editing.history", iri=subjects[0]))
    return redirect(url_for("editing.history"))


def _still_as_left(change: object) -> bool:
    """Whether every statement the change added is still there and none it removed is back."""
    from ...changes import Changeset

    assert isinstance(change, Changeset)
    model = ox.NamedNode(MODEL_GRAPH)

    def norm(q: ox.Quad) -> tuple[object, object, object]:
        return (q.subject, q.predicate, q.object)

    store = get_store()
    now: set[tuple[object, object, object]] = set()
    for subject in change.subjects():
        now |= {norm(q) for q in entity_quads(store, subject)}
    in_model = [q for q in (*change.added, *change.removed)
                if q.graph_name == model or isinstance(q.graph_name, ox.DefaultGraph)]
    added = {norm(q) for q in change.added if q in in_model}
    removed = {norm(q) for q in change.removed if q in in_model}
    return added <= now and not (removed & now)

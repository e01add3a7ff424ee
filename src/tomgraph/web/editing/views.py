"""Edit, create and delete entities through forms built from the shapes.

A save: check the form's version against the entity's (409 and the conflict page if someone
saved in between), read and type the values, validate the result (a Violation needs a
comment), then commit one changeset. The check and the commit hold the app's edit lock, so
two saves of one entity in this process never both pass the version check; the write itself
is a compare-and-set in the store (``commit_if_unchanged``), so saves through other web
servers sharing the store cannot be lost either.
"""

from __future__ import annotations

import re
import uuid
from datetime import UTC, datetime

import pyoxigraph as ox
from flask import abort, current_app, jsonify, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from ...changes import Changeset, commit_if_unchanged, list_changesets, load_changeset
from ...namespaces import GEN, MODEL_GRAPH, RDF, shorten
from ...store.base import term_value
from ...validation.results import Severity
from ..audit import audit
from ..auth.identity import current_user, require_role
from ..current import get_store
from ..pages.rdf import label_map
from ..pages.validation_view import validation_state
from ..security import require_csrf
from ..store_version import record_change
from . import bp
from .entity_state import NEW, entity_quads, version_of
from .form_spec import (
    FormSpec,
    any_instance,
    editable_kinds,
    form_spec,
    matching_instances,
    picker_choices,
)
from .preview import preview_findings
from .submission import changeset, fill, new_quads, read_form

RenderResult = str | tuple[str, int] | Response


def _iri_arg(name: str) -> str:
    value = (request.values.get(name) or "").strip()
    try:
        return ox.NamedNode(value).value
    except ValueError:
        abort(400, description=f"Say which {name}: a full IRI is needed, got {value!r}.")


def _spec_for(iri: str) -> FormSpec:
    kinds = editable_kinds(get_store(), iri)
    if not kinds:
        abort(404, description="No shape describes this kind of entity, so it has no form.")
    return form_spec(get_store(), kinds[0])


def _with_choices(spec: FormSpec) -> FormSpec:
    pickers = [f for f in spec.fields if f.kind == "picker" and f.cls]
    found = picker_choices(get_store(), [f.cls for f in pickers if f.cls])
    for f in pickers:
        options = found[f.cls] if f.cls else None
        if options is None:
            f.kind = "search"  # too many for a select: a text box, JS suggests matches
        else:
            f.choices = options
    return spec


def _attach_findings(spec: FormSpec, findings: list) -> list:
    """Put each finding beside its field; return those that belong to no field."""
    rest = []
    for finding in findings:
        target = spec.field_for(finding.path_iri) if finding.path_iri else None
        if target is not None:
            target.findings.append(finding)
        else:
            rest.append(finding)
    return rest


def _render(spec: FormSpec, *, iri: str | None, version: str, label: str, findings: list,
            comment: str = "", message: str | None = None, status: int = 200) -> RenderResult:
    _with_choices(spec)
    other = _attach_findings(spec, findings)
    html = render_template(
        "edit_form.html", spec=spec, iri=iri, version=version, label=label,
        other_findings=other, comment=comment, message=message,
        loaded=datetime.now(UTC).isoformat(), cls_label=shorten(spec.cls),
    )
    return (html, status) if status != 200 else html


@bp.route("/edit", methods=["GET"])
@require_role("editor")
def edit() -> RenderResult:
    iri = _iri_arg("iri")
    store = get_store()
    spec = _spec_for(iri)
    current = entity_quads(store, iri)
    fill(spec, current)
    state = validation_state(store)
    findings = state.summary.by_focus.get(iri, []) if state.summary else []
    label = label_map(store, {iri}).get(iri, shorten(iri))
    return _render(spec, iri=iri, version=version_of(current), label=label, findings=findings)


@bp.route("/new", methods=["GET"])
@require_role("editor")
def new() -> RenderResult:
    cls = _iri_arg("class")
    spec = form_spec(get_store(), cls)
    if not spec.fields:
        abort(404, description="No shape describes this kind of entity, so it has no form.")
    return _render(spec, iri=None, version=NEW, label=f"New {shorten(cls)}", findings=[])


@bp.route("/edit", methods=["POST"])
@require_csrf
@require_role("editor")
def save() -> RenderResult:
    store = get_store()
    iri_text = (request.form.get("iri") or "").strip()
    cls = _iri_arg("class") if not iri_text else None
    spec = form_spec(store, cls) if cls else _spec_for(_iri_arg("iri"))
    read_form(spec, request.form.to_dict(flat=False))
    comment = (request.form.get("comment") or "").strip()
    sent_version = request.form.get("version", "")
    user = current_user()
    assert user is not None
    with current_app.extensions["tomgraph.edit_lock"]:
        if cls:
            iri = _new_iri(store, cls, spec)
            current: list[ox.Quad] = []
        else:
            iri = _iri_arg("iri")
            current = entity_quads(store, iri)
            if version_of(current) != sent_version:
                return _conflict(iri, spec, request.form.get("loaded", ""))
        quads, ok = new_quads(spec, iri, current)
        if cls:
            quads.insert(0, ox.Quad(ox.NamedNode(iri), ox.NamedNode(RDF + "type"),
                                    ox.NamedNode(cls), ox.NamedNode(MODEL_GRAPH)))
        label = _label_of(spec, iri)
        if not ok:
            return _render(spec, iri=None if cls else iri, version=sent_version, label=label,
                           findings=[], comment=comment, status=422,
                           message="Some values are not valid: see the fields marked below.")
        findings = preview_findings(store, iri, quads)
        if any(f.severity is Severity.VIOLATION for f in findings) and not comment:
            return _render(spec, iri=None if cls else iri, version=sent_version, label=label,
                           findings=findings, comment=comment, status=422,
                           message="This would leave Violations (shown beside the fields). "
                                   "Fix them, or say why in the comment to save anyway.")
        change = changeset(current, quads, agent=user.name, comment=comment or None,
                           activity="create" if cls else "edit", source="web form")
        node = None
        if not change.empty:
            node = commit_if_unchanged(store, change, ox.NamedNode(iri), current)
            if node is None:  # another server saved it between our read and our write
                record_change(Changeset(agent=user.name), store)
                return _conflict(iri, spec, request.form.get("loaded", ""))
            record_change(change, store)
    if node is not None:
        audit("create" if cls else "change", user=user.name, entity=iri, changeset=node.value,
              added=len(change.added), removed=len(change.removed))
    return redirect(url_for("pages.resources.resource", iri=iri))


@bp.route("/delete", methods=["POST"])
@require_csrf
@require_role("editor")
def delete() -> RenderResult:
    store = get_store()
    iri = _iri_arg("iri")
    user = current_user()
    assert user is not None
    node = ox.NamedNode(iri)
    with current_app.extensions["tomgraph.edit_lock"]:
        current = entity_quads(store, iri)
        if request.form.get("version") and version_of(current) != request.form["version"]:
            return _conflict(iri, _spec_for(iri), request.form.get("loaded", ""))
        incoming = [
            ox.Quad(s, p, node, ox.NamedNode(MODEL_GRAPH))  # type: ignore[arg-type]
            for s, p in _incoming(store, node)
        ]
        change = Changeset(removed=tuple(current + incoming), agent=user.name,
                           comment=(request.form.get("comment") or "").strip() or None,
                           activity="delete", source="web form")
        cs = commit_if_unchanged(store, change, node, current) if not change.empty else None
        if cs is None and not change.empty:
            record_change(Changeset(agent=user.name), store)
            return _conflict(iri, _spec_for(iri), request.form.get("loaded", ""))
        record_change(change, store)
    if cs is not None:
        audit("delete", user=user.name, entity=iri, changeset=cs.value,
              removed=len(change.removed))
    return redirect(url_for("editing.history", iri=iri))


def _incoming(store: object, node: ox.NamedNode) -> list[tuple[ox.NamedNode, ox.NamedNode]]:
    from ..pages.rdf import select

    return [(s, p) for s, p, _ in select(get_store(), "edit-incoming", {"o": node})]  # type: ignore[misc]


@bp.route("/edit/choices")
@require_role("editor")
def choices() -> Response:
    """Instances of ``class`` whose label contains ``q``: the pickers' search-as-you-type."""
    cls = _iri_arg("class")
    q = (request.args.get("q") or "").strip().lower()
    matches = matching_instances(get_store(), cls, q)
    return jsonify([{"value": c.value, "label": c.label} for c in matches])


def _conflict(iri: str, spec: FormSpec, loaded: str) -> RenderResult:
    """409: someone saved this entity after the form was loaded; show what they changed."""
    store = get_store()
    records = [r for r in list_changesets(store, entity=iri, limit=20)
               if not loaded or r.time > loaded] or list_changesets(store, entity=iri, limit=1)
    changes = []
    for record in records:
        change = load_changeset(store, record.iri)
        if change is None:
            continue
        mine = [q for q in change.removed if str(term_value(q.subject)) == iri]
        added = [q for q in change.added if str(term_value(q.subject)) == iri]
        changes.append((record, added, mine))
    terms = {q.predicate.value for _, a, r in changes for q in (*a, *r)}
    terms |= {q.object.value for _, a, r in changes for q in (*a, *r)
              if isinstance(q.object, ox.NamedNode)}
    labels = label_map(store, terms | {iri})
    return render_template("conflict.html", iri=iri, label=labels.get(iri, shorten(iri)),
                           changes=changes, labels=labels, spec=spec), 409


def _label_of(spec: FormSpec, iri: str) -> str:
    from ...namespaces import RDFS

    f = spec.field_for(RDFS + "label")
    return f.values[0] if f and f.values else shorten(iri)


def _new_iri(store: object, cls: str, spec: FormSpec) -> str:
    """An IRI for a new entity: beside the class's other instances, named after its label."""
    found = any_instance(get_store(), cls)
    base = GEN + "entity/"
    if found:
        existing = found[1:-1]
        base = re.sub(r"[^/#]*$", "", existing) or base
    slug = re.sub(r"[^a-z0-9]+", "-", _label_of(spec, "").lower()).strip("-")[:40]
    return f"{base}{slug + '-' if slug else ''}{uuid.uuid4().hex[:8]}"

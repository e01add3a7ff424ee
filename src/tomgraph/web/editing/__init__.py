"""Editing in the browser: forms from the shapes, saves as changesets, history and reverts.

Every save is one :class:`tomgraph.changes.Changeset` written by :func:`tomgraph.changes.commit`
(one transaction, with its PROV-O history entry). Editing needs the ``editor`` role; with no
way to sign in (the default), nobody edits. See docs/editing.md.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint
from flask.blueprints import BlueprintSetupState

bp = Blueprint("editing", __name__)


@bp.record_once
def _setup(state: BlueprintSetupState) -> None:
    import threading

    from .form_spec import field_key
    from .links import edit_links

    app = state.app
    app.extensions["tomgraph.edit_lock"] = threading.Lock()
    app.add_template_global(edit_links)
    app.add_template_global(field_key)


def _register() -> Any:
    from . import history_views, views  # noqa: F401  (routes on bp)


_register()

"""The web app's pages: one blueprint per page family, nested under one ``bp``.

Every page renders on the server and works without JavaScript; scripts in ``static/js`` only
enhance. Every form is read-only (GET), so none needs a CSRF token. Templates display the
page-context dataclasses the views build; SPARQL lives in ``tomgraph/sparql/page-*.rq``.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint

from . import (
    capability_map,
    dashboard,
    decisions,
    editor,
    home,
    named_queries,
    ontology,
    resources,
    search,
)

bp = Blueprint("pages", __name__)

NAV = [
    ("pages.home.index", "Home"),
    ("pages.capability_map.index", "Capability map"),
    ("pages.dashboard.index", "Validation"),
    ("pages.decisions.index", "Decisions"),
    ("pages.named_queries.index", "Named queries"),
    ("pages.editor.index", "Query editor"),
    ("pages.search.index", "Search"),
    ("pages.ontology.index", "Ontology"),
    ("views.index", "ArchiMate views"),
]

for module in (
    home, editor, named_queries, resources, capability_map, dashboard, decisions, search,
    ontology,
):
    bp.register_blueprint(module.bp)


@bp.app_context_processor
def _page_globals() -> dict[str, Any]:
    return {"nav_items": NAV}

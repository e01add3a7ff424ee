"""Query editor: a SPARQL form whose results render on the server (no JavaScript needed).

Queries run through ``run_user_query`` as a visitor's, like ``/sparql``: the editor refuses
what ``/sparql`` refuses (the same dataset policy) and stops runaway queries at the same
timeout and row cap.

With JavaScript, ``static/js/editor.js`` adds highlighting, completion of the ontology's
terms, Ctrl+Enter to run and recent queries kept in the browser.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from flask import Blueprint, Response, abort, current_app, render_template, request, url_for

from ...namespaces import PREFIXES, sparql_prologue
from ...store import Store
from .. import querying  # a module: web.endpoint imports the pages too
from ..current import get_store
from ..endpoint.execute import Answer, answer_for
from ..endpoint.negotiation import Choice
from .paging import Paging, page_number
from .rdf import TermView, iris_in, label_map, rows, term_view

bp = Blueprint("editor", __name__)

PAGE_SIZE = 50
EXAMPLE = sparql_prologue({p: PREFIXES[p] for p in ("rdfs", "tom")}) + """
SELECT ?capability ?label ?level WHERE {
  ?capability a tom:Capability ;
              rdfs:label ?label ;
              tom:level ?level .
}
ORDER BY ?level ?label
"""
JSON_RESULTS = "application/sparql-results+json"
GRAPH_FORMAT = "application/n-triples"
DOWNLOADS = {"csv": "text/csv", "tsv": "text/tab-separated-values", "json": JSON_RESULTS}
"""Download format → the media type the endpoint's runner writes."""


@dataclass
class ResultTable:
    variables: list[str]
    rows: list[list[TermView | None]]
    paging: Paging
    capped: bool  # more rows than the app's row limit: the total is a lower bound


@dataclass
class EditorPage:
    query: str
    ran: bool
    table: ResultTable | None = None
    ask: bool | None = None
    error: str | None = None
    seconds: float = 0.0
    share_link: str | None = None
    downloads: tuple[tuple[str, str], ...] = ()
    vocabulary: dict[str, Any] | None = None


@bp.route("/query")
def index() -> str:
    store = get_store()
    query = request.args.get("query", "")
    page = EditorPage(query=query or EXAMPLE, ran=bool(query.strip()))
    if page.ran:
        page.share_link = url_for(".index", query=query, _external=True)
        _run(store, query, page)
    page.vocabulary = _vocabulary(store)
    return render_template("editor.html", page=page)


@bp.route("/query/download")
def download() -> Response:
    query = request.args.get("query", "")
    fmt = request.args.get("format", "csv")
    if fmt not in DOWNLOADS:
        abort(400, f"Unknown format {fmt}: use one of {', '.join(DOWNLOADS)}")
    answer = _answer(query, DOWNLOADS[fmt])
    if answer.status != 200:
        abort(answer.status, answer.body.decode(errors="replace").strip())
    response = Response(answer.body, content_type=answer.content_type)
    response.headers["Content-Disposition"] = f'attachment; filename="results.{fmt}"'
    return response


def _answer(query: str, solutions_format: str) -> Answer:
    """Run ``query`` as the SPARQL endpoint does, for a download in ``solutions_format``."""
    try:
        return querying.run_user_query(query, visitor=True,
                              formats=Choice(solutions_format, GRAPH_FORMAT))
    except Exception as exc:
        answer = answer_for(exc)
        if answer is None:
            raise
        return answer


def _run(store: Store, query: str, page: EditorPage) -> None:
    started = time.perf_counter()
    try:
        table = querying.run_table(query, visitor=True)
    except Exception as exc:
        answer = answer_for(exc)
        if answer is None:
            raise
        page.error = answer.body.decode(errors="replace").strip()
        return
    finally:
        page.seconds = time.perf_counter() - started
    if table.boolean is not None:
        page.ask = table.boolean
        return
    page.table = result_table(store, table.variables, table.rows, capped=table.truncated)
    if not table.graph:
        page.downloads = tuple(
            (fmt, url_for(".download") + "?" + urlencode({"query": query, "format": fmt}))
            for fmt in DOWNLOADS
        )


def result_table(
    store: Store, variables: list[str], solutions: Any, *, capped: bool = False
) -> ResultTable:
    """One page (``?page=``) of ``solutions`` with labels for its IRIs.

    ``capped`` says the solutions were cut at the app's row limit; a stream longer than that
    limit is cut here too.
    """
    limit = int(current_app.config.get("MAX_RESULT_ROWS") or 100_000)
    number = page_number(request.args)
    start = (number - 1) * PAGE_SIZE
    kept = []
    total = 0
    for row in solutions:
        if start <= total < start + PAGE_SIZE:
            kept.append(tuple(row))
        total += 1
        if total >= limit:
            capped = True
            break
    labels = label_map(store, iris_in(t for row in kept for t in row))
    paging = Paging(number, PAGE_SIZE, total, tuple(request.args.items(multi=True)))
    table_rows = [[term_view(t, labels) for t in row] for row in kept]
    return ResultTable(variables, table_rows, paging, capped=capped)


def _vocabulary(store: Store) -> dict[str, Any]:
    """What the editor's completion offers: tomgraph's prefixes and those the store's
    vocabularies declare, and the ontology's classes and properties."""
    terms = rows(store, "page-ontology")
    declared = {r["prefix"]: r["namespace"] for r in rows(store, "page-prefixes")
                if r["prefix"] and r["namespace"]}
    return {
        "prefixes": {**declared, **PREFIXES},
        "classes": sorted({r["term"] for r in terms if r["kind"] == "class"}),
        "properties": sorted({r["term"] for r in terms if r["kind"] != "class"}),
    }

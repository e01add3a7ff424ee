"""Named queries: the ``queries/`` library with descriptions, parameter forms, results, charts."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pyoxigraph as ox
from flask import Blueprint, Response, abort, redirect, render_template, request, url_for

from ... import querylib
from ...errors import QuerySyntaxError, TomgraphError
from ...labels import local_name
from ...provenance import stated_only
from ...querylib.run import syntax_error
from ...store import SelectResult, Store
from ...store.base import term_value
from .. import querying  # a module: web.endpoint imports the pages too
from ..current import get_store
from ..endpoint.execute import Table, status_of
from .charts import BarChart, bar_chart
from .editor import PAGE_SIZE, ResultTable, result_table
from .rdf import iris_in, label_map, resource_href

bp = Blueprint("named_queries", __name__)

MAX_BARS = 60


@dataclass(frozen=True)
class ParamField:
    name: str
    type: str
    value: str
    placeholder: str
    description: str
    required: bool

    @property
    def input_type(self) -> str:
        return {"integer": "number", "decimal": "text", "date": "date"}.get(self.type, "text")


@dataclass
class QuerySummary:
    name: str
    title: str
    description: str
    params: list[str]
    output: str


@dataclass
class NamedQueryPage:
    query: QuerySummary
    fields: list[ParamField]
    text: str
    ran: bool
    table: ResultTable | None = None
    ask: bool | None = None
    chart: BarChart | None = None
    error: str | None = None
    page_size: int = PAGE_SIZE
    notes: list[str] = field(default_factory=list)
    stated_only: bool = False  # rows mentioning an illustrative resource left out


@bp.route("/queries")
def index() -> str:
    try:
        queries = [_summary(q) for q in querylib.list_queries()]
    except TomgraphError as exc:
        return render_template("named_queries.html", queries=[], notice=str(exc))
    return render_template("named_queries.html", queries=queries, notice=None)


@bp.route("/queries/<name>")
def show(name: str) -> Response | str | Any:
    try:
        query = querylib.get_query(name)
    except TomgraphError:
        abort(404, f"No named query called {name}.")
    if query.name != name:
        # A former name: send browsers and bookmarks to the query's name today.
        query_string = request.query_string.decode("ascii", "replace")
        target = url_for(".show", name=query.name) + (f"?{query_string}" if query_string else "")
        return redirect(target, code=301)
    values = {p.name: request.args.get(p.name, "") for p in query.params}
    page = NamedQueryPage(
        query=_summary(query),
        fields=[
            ParamField(p.name, p.type, values[p.name], p.example or p.default or "",
                       p.description, p.required)
            for p in query.params
        ],
        text=query.text,
        ran="run" in request.args or not query.params,
        stated_only=request.args.get("stated") == "1",
    )
    if page.ran:
        _run(get_store(), query, values, page)
    return render_template("named_query.html", page=page)


def _summary(query: Any) -> QuerySummary:
    return QuerySummary(
        query.name, query.title, query.description, [p.name for p in query.params], query.output
    )


def _run(store: Store, query: Any, values: dict[str, str], page: NamedQueryPage) -> None:
    try:
        table = _table(query, {k: v for k, v in values.items() if v})
        if table.boolean is not None:
            page.ask = table.boolean
            return
        if table.graph:
            page.table = result_table(store, table.variables, table.rows,
                                      capped=table.truncated)
            return
        result = SelectResult(table.variables, table.rows)
        if page.stated_only:
            result = stated_only(result, store)
        solutions = list(result)
        page.table = result_table(store, result.variables, solutions, capped=table.truncated)
        if query.output == "chart" or query.chart:
            page.chart = _chart(store, query, result.variables, solutions)
    except TomgraphError as exc:
        if (status_of(exc) or 500) >= 500:
            raise  # a timeout or a store failure: the page answers 503 like every page
        page.error = str(exc)


def _table(query: Any, params: dict[str, str]) -> Table:
    """The library query's result through ``run_user_query``, syntax errors placed in its file."""
    try:
        return querying.run_table(querylib.bound_text(query, params), visitor=False)
    except QuerySyntaxError:
        located = syntax_error(query.text, query.source)
        if located is not None:
            raise located from None
        raise


def _chart(
    store: Store, query: Any, variables: list[str], solutions: list[Any]
) -> BarChart | None:
    """Bars for the chart the query declares.

    ``x`` names the bars and ``y`` gives their length; a heatmap-style spec with ``value``
    draws one bar per ``y`` of length ``value``; ``series`` adds its value to each bar's name.
    Rows that name the same bar add up (the chart of a query grouped more finely than it).
    """
    spec = query.chart or {}
    if "value" in spec:
        name_var, value_var = spec.get("y"), spec.get("value")
    else:
        name_var = spec.get("x") or variables[0]
        value_var = spec.get("y") or (variables[1] if len(variables) > 1 else None)
    series_var = spec.get("series")
    if name_var not in variables or value_var not in variables:
        return None
    i_name, i_value = variables.index(name_var), variables.index(value_var)
    i_series = variables.index(series_var) if series_var in variables else None
    # Bars add up first; only the drawn ones are labelled (a 10k-row result draws 60 bars).
    bars: dict[tuple[str, str], list[Any]] = {}  # (name, series) → [name term, series, total]
    for row in solutions:
        number = _number(row[i_value])
        if number is None:
            continue
        series = row[i_series] if i_series is not None else None
        key = (term_value(row[i_name]) or "(none)", (term_value(series) or "") if series else "")
        bars.setdefault(key, [row[i_name], series, 0.0])[2] += number
    caption = f"Bars show {value_var} for each {name_var}" + (
        f" and {series_var}." if i_series is not None else "."
    )
    if len(bars) > MAX_BARS:
        caption += f" The first {MAX_BARS} of {len(bars)} bars are drawn."
    drawn = list(bars.items())[:MAX_BARS]
    labels = label_map(store, iris_in(t for _, (term, series, _) in drawn for t in (term, series)))
    items = []
    for (name, value), (term, series, total) in drawn:
        is_iri = isinstance(term, ox.NamedNode)
        label = labels.get(name, local_name(name)) if is_iri else name
        if series is not None:
            label += " · " + (labels.get(value, local_name(value))
                              if isinstance(series, ox.NamedNode) else value)
        items.append((label, total, f"{total:,.10g}", resource_href(name) if is_iri else None))
    return bar_chart(str(spec.get("title") or query.title), items, caption=caption)


def _number(term: Any) -> float | None:
    try:
        return float(term_value(term)) if term is not None else None  # type: ignore[arg-type]
    except ValueError:
        return None

"""The one way the web app runs a query: ``/sparql``, the editor, named queries and pages.

:func:`run_user_query` applies one timeout (``QUERY_TIMEOUT``), one row cap
(``MAX_RESULT_ROWS``) and, for text a visitor wrote, one dataset policy
(:func:`dataset_for`); errors map to HTTP statuses through the one table,
``endpoint.execute.ERROR_STATUS``.

Where a query runs is decided here, by one rule:

* a query the store's result cache holds (``Store.cached``) is answered in the calling
  thread: nothing is evaluated, so nothing can overrun, and a repeated page costs what it
  did before;
* text a visitor wrote (``/sparql``, the editor) runs in a worker process when the store can
  give workers a read-only view (an embedded store and ``QUERY_WORKERS`` > 0): only a process
  can really be stopped, and arbitrary SPARQL is where runaways come from;
* everything else (pages and named queries, whose text is the application's own, with
  parameters bound as typed terms; any query on a remote store) runs in a query thread of the
  web process, so the in-process result cache answers repeats without a process hop. As in
  the worker pool, a request waits at most the timeout for a free thread and then at most the
  timeout for its query, so queueing behind others never cuts a query's own allowance short;
  past either it gets 503. That timeout is ``QUERY_TIMEOUT`` for a visitor's text on a
  remote store, and the longer ``PAGE_QUERY_TIMEOUT`` (four query timeouts unless set) for
  pages and named queries: their text is the application's own, so under load (after a save
  empties the result cache, say) they queue for a thread rather than fail; at most
  ``PAGE_QUERY_QUEUE`` page requests wait at once, and one more gets 503 at once. The
  engine cannot be interrupted, so the thread finishes the query in the background and is
  counted in ``timeouts``. A request for a query of the same store version that is already
  running waits for that run (:func:`_shared_key`).

Outside a request (page helpers called by a script or a test, with no app) there is nothing
to answer a timeout to: the query runs in the caller's thread, capped at the default rows.
"""

from __future__ import annotations

from collections.abc import Sequence
from concurrent.futures import TimeoutError as FutureTimeout

from flask import Response, has_app_context

from ..errors import QueryTimeout, UsageError
from ..sparql.values import cache_key
from ..store import UNION, Dataset, Store
from ..store.base import Bindings
from .endpoint.execute import Answer, Job, QueryFailed, Table, answer_for, evaluate, present
from .endpoint.negotiation import Choice
from .endpoint.scan import scan
from .endpoint.state import DEFAULT_MAX_ROWS, EndpointState, endpoint_state

NO_OUTBOUND = "this endpoint never makes outbound requests"
TABLE = Choice("application/sparql-results+json", "application/n-triples")
"""Formats of a rows-only job (unused: such jobs answer with terms)."""


class QueryRefused(UsageError):
    """A visitor's query the dataset policy refuses (SERVICE, LOAD, a graph not in the store)."""


def dataset_for(
    store: Store,
    text: str,
    *,
    base: str | None = None,
    default_graphs: Sequence[str] = (),
    named_graphs: Sequence[str] = (),
) -> Dataset:
    """The dataset a visitor's query runs over, or :class:`QueryRefused`.

    The protocol's graph parameters replace FROM / FROM NAMED (SPARQL 1.1 Protocol §2.1.4);
    without either, a query sees the union of all graphs. Every graph named must be one of
    the store's own, and nothing may reach outside the store (SERVICE, LOAD).
    """
    found = scan(text, base=base)
    if found.service:
        raise QueryRefused(f"SERVICE is not allowed: {NO_OUTBOUND}")
    if found.load:
        raise QueryRefused(f"LOAD is not allowed: {NO_OUTBOUND}; load files with tomgraph load")
    if default_graphs or named_graphs:
        dataset = Dataset(tuple(default_graphs), tuple(named_graphs))
    elif found.from_graphs or found.from_named_graphs:
        dataset = Dataset(tuple(found.from_graphs), tuple(found.from_named_graphs))
    else:
        return UNION
    named = {*(dataset.default_graphs or ()), *(dataset.named_graphs or ())}
    unknown = sorted(named - set(store.graphs()))
    if unknown:
        raise QueryRefused(
            f"Not a graph in this store: {', '.join(unknown)}. FROM, FROM NAMED, "
            f"default-graph-uri and named-graph-uri may only name the store's own graphs "
            f"({NO_OUTBOUND}); a bare query sees the union of all graphs."
        )
    return dataset


def run_user_query(
    text: str,
    *,
    visitor: bool,
    bindings: Bindings | None = None,
    dataset: Dataset = UNION,
    default_graphs: Sequence[str] = (),
    named_graphs: Sequence[str] = (),
    base_iri: str | None = None,
    formats: Choice | None = None,
    store: Store | None = None,
    state: EndpointState | None = None,
) -> Answer:
    """Run ``text`` under the app's timeout, row cap and dataset policy.

    ``visitor`` says a person wrote the text: it then passes :func:`dataset_for` (which
    replaces ``dataset``). With ``formats`` the answer carries response bytes in the
    negotiated format; without, its ``table`` holds the terms (at most the row cap of them,
    ``table.truncated`` when there were more). Errors are raised: the query's own exception
    when it ran in this process, :class:`QueryFailed` (status and message) from a worker;
    ``endpoint.execute.answer_for`` turns either into a response. ``store`` defaults to the
    app's; another store (an editing draft) always runs in a query thread.
    """
    if state is None and has_app_context():
        state = endpoint_state()
    if store is None:
        if state is None:
            raise RuntimeError("run_user_query needs an app context or a store")
        store = state.store
    if visitor:
        dataset = dataset_for(store, text, base=base_iri,
                              default_graphs=default_graphs, named_graphs=named_graphs)
    choice = formats or TABLE
    job = Job(
        sparql=text, dataset=dataset, base_iri=base_iri,
        solutions_format=choice.solutions, graph_format=choice.graph,
        max_rows=state.max_rows if state is not None else DEFAULT_MAX_ROWS,
        solutions_display=choice.solutions_display, graph_display=choice.graph_display,
        bindings=dict(bindings) if bindings else None, rows=formats is None,
    )
    held = store.cached(text, bindings=job.bindings, dataset=dataset, base_iri=base_iri)
    if held is not None:  # the result cache holds it: nothing to evaluate, no hop
        return present(held, job)
    if state is None:  # no app: nothing to answer a timeout to
        return evaluate(store, job)
    if visitor and state.isolated and store is state.store:
        answer = state.run_in_worker(job)
        if answer.status != 200:
            raise QueryFailed(answer)
        return answer
    if visitor:
        return _in_thread(state, store, job, state.timeout)
    with state.page_lock:
        if state.page_waiting >= state.page_queue:
            state.timeouts += 1
            raise QueryTimeout(f"the server is busy: {state.page_queue} page requests are "
                               "already waiting for their queries")
        state.page_waiting += 1
    try:
        return _in_thread(state, store, job, state.page_timeout)
    finally:
        with state.page_lock:
            state.page_waiting -= 1


def _in_thread(state: EndpointState, store: Store, job: Job, allowance: float) -> Answer:
    """``job`` in a query thread: at most ``allowance`` waiting for a free thread, then at
    most ``allowance`` running; past either, :class:`QueryTimeout` (503)."""
    shared = _shared_key(store, job) if store is state.store else None
    future = state.in_flight.join(shared, lambda: state.threads().submit(evaluate, store, job))
    try:
        if not future.started.wait(allowance):
            raise QueryTimeout(f"no query thread became free within {allowance:g} s")
        return future.result(timeout=allowance)  # type: ignore[no-any-return]
    except (FutureTimeout, QueryTimeout) as exc:
        if state.in_flight.leave(shared, future):
            future.cancel()  # never started (every query thread busy), nobody else waits
        state.timeouts += 1
        if isinstance(exc, QueryTimeout):
            raise
        raise QueryTimeout(f"the query ran longer than {allowance:g} s") from None


def _shared_key(store: Store, job: Job) -> tuple[object, ...] | None:
    """What makes two page queries the same evaluation, or ``None`` when they must not share.

    Only rows (a :class:`Table`, which readers never change) are shared, and only on a store
    whose version moves with every write (not a remote one, which others may write): a
    request that arrives while the same query of the same version runs waits for that run
    instead of starting a second one. After a save, the first requests for an expensive page
    would otherwise each compute it, all at once."""
    if not job.rows or store.remote:
        return None
    return (job.sparql, cache_key(job.bindings), job.dataset, job.base_iri, job.max_rows,
            store.version)


def timeout_response(exc: QueryTimeout) -> Response:
    """A page or named query that overran: 503 with the table's message (registered app-wide)."""
    answer = answer_for(exc)
    assert answer is not None
    return Response(answer.body, status=answer.status, content_type=answer.content_type,
                    headers=answer.headers)


def run_table(text: str, **options: object) -> Table:
    """:func:`run_user_query` for callers that read terms (pages, named queries, editor)."""
    table = run_user_query(text, **options).table  # type: ignore[arg-type]
    assert table is not None
    return table


__all__ = ["QueryRefused", "Table", "dataset_for", "run_table", "run_user_query"]

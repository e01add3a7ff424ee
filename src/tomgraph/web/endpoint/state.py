"""Per-app endpoint state: how queries run (worker pool or inline) and the update lock.

Kept in ``app.extensions`` like the store, so two apps never share workers. The pool starts
on first use (or at :func:`warm_up`, which ``tomgraph serve`` calls before listening).
"""

from __future__ import annotations

import atexit
import os
import queue
import threading
import weakref
from collections.abc import Callable, Hashable
from concurrent.futures import Future
from typing import Any

from flask import Flask, current_app

from ...errors import QueryTimeout
from ...store import Store
from .execute import Answer, Job
from .workers import WorkerPool

_KEY = "tomgraph.endpoint"
DEFAULT_MAX_ROWS = 100_000
"""Rows (or triples) a query answers with at most, unless ``MAX_RESULT_ROWS`` says."""
PAGE_TIMEOUT_FACTOR = 4.0
"""A page query's allowance (waiting for a thread, then running), in query timeouts, unless
``PAGE_QUERY_TIMEOUT`` says."""
DEFAULT_PAGE_QUEUE = 64
"""Page requests waiting on queries at once, unless ``PAGE_QUERY_QUEUE`` says: beyond it the
server is overloaded, and answering 503 at once beats queueing without end."""
_LIVE: weakref.WeakSet[EndpointState] = weakref.WeakSet()


def default_workers() -> int:
    """One per core, at least four and at most eight.

    More workers than cores still helps: a query waiting on I/O, or one runaway query, never
    leaves the other requests queueing; each worker costs about one Python process.
    """
    return max(4, min(8, os.cpu_count() or 4))


class QueryFuture(Future[Any]):
    """A query thread's future; :attr:`started` is set when a thread begins running it."""

    def __init__(self) -> None:
        super().__init__()
        self.started = threading.Event()


class QueryThreads:
    """Up to ``size`` daemon threads running queries for the web process.

    Not a ``ThreadPoolExecutor``: its threads are joined at interpreter exit, and a query
    the engine cannot interrupt would then hold the server's exit until it finished. Threads
    start when work comes and end after :attr:`idle_seconds` without any, so an idle server
    (or an app a test has finished with) keeps none: the fast validation engine forks its
    workers only in a process with no other threads.
    """

    idle_seconds = 5.0

    def __init__(self, size: int) -> None:
        self._jobs: queue.SimpleQueue[tuple[QueryFuture, Callable[[], Any]] | None] = (
            queue.SimpleQueue()
        )
        self._lock = threading.Lock()
        self._live = 0
        self._idle = 0  # waiting threads that no queued job has claimed
        self._backlog = 0  # queued jobs that no thread has claimed (every thread busy)
        self.size = size

    def submit(self, fn: Callable[..., Any], *args: Any) -> QueryFuture:
        future = QueryFuture()
        with self._lock:
            self._jobs.put((future, lambda: fn(*args)))
            if self._idle > 0:
                self._idle -= 1  # a waiting thread will take it
            elif self._live < self.size:
                self._live += 1  # born claimed by this job
                threading.Thread(
                    target=self._serve, name=f"tomgraph-query-{self._live}", daemon=True
                ).start()
            else:
                self._backlog += 1
        return future

    def _serve(self) -> None:
        while True:
            try:
                job = self._jobs.get(timeout=self.idle_seconds)
            except queue.Empty:
                with self._lock:
                    if not self._jobs.empty():
                        continue  # claimed for this thread just as it timed out
                    self._idle -= 1
                    self._live -= 1
                    return
            if job is None:
                with self._lock:
                    self._live -= 1
                    self._idle = max(0, self._idle - 1)
                return
            future, call = job
            if future.set_running_or_notify_cancel():
                future.started.set()
                try:
                    future.set_result(call())
                except BaseException as exc:  # noqa: BLE001 - handed to the waiting request
                    future.set_exception(exc)
            with self._lock:
                if self._backlog:
                    self._backlog -= 1  # stay busy: take a job that waited for a thread
                else:
                    self._idle += 1

    def shutdown(self) -> None:
        with self._lock:
            for _ in range(self._live):
                self._jobs.put(None)


class InFlight:
    """Queries running now, by what makes them the same, with how many requests wait on each:
    a request for a query already running waits for that run (see ``web.querying``)."""

    def __init__(self) -> None:
        self._runs: dict[Hashable, list[Any]] = {}  # key → [future, requests waiting]
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._runs)

    def join(self, key: Hashable | None, start: Callable[[], QueryFuture]) -> QueryFuture:
        """The running future for ``key``, or a new one from ``start()``; ``None``: never
        shared."""
        if key is None:
            return start()
        with self._lock:
            run = self._runs.get(key)
            if run is not None:
                run[1] += 1
                return run[0]  # type: ignore[no-any-return]
            future = start()
            self._runs[key] = [future, 1]
        future.add_done_callback(lambda done: self._finished(key, done))
        return future

    def leave(self, key: Hashable | None, future: Future[Any]) -> bool:
        """A request stops waiting for ``future``; whether no other request still waits."""
        if key is None:
            return True
        with self._lock:
            run = self._runs.get(key)
            if run is None or run[0] is not future:
                return True
            run[1] -= 1
            if run[1] > 0:
                return False
            del self._runs[key]
            return True

    def _finished(self, key: Hashable, future: Future[Any]) -> None:
        with self._lock:
            run = self._runs.get(key)
            if run is not None and run[0] is future:
                del self._runs[key]


class EndpointState:
    """How the endpoint of one app runs queries and updates."""

    def __init__(self, store: Store, config: dict[str, Any]) -> None:
        self.store = store
        self.timeout = float(config.get("QUERY_TIMEOUT") or 30.0)
        self.page_timeout = max(self.timeout, float(
            config.get("PAGE_QUERY_TIMEOUT") or PAGE_TIMEOUT_FACTOR * self.timeout))
        """How long a page or named query (the application's own text) may wait for a query
        thread and then run: pages are not user-supplied, so under load they queue rather
        than fail; a visitor's query keeps :attr:`timeout`."""
        self.page_queue = int(config.get("PAGE_QUERY_QUEUE") or DEFAULT_PAGE_QUEUE)
        """Page requests that may wait on queries at once; one more gets 503 at once."""
        self.page_waiting = 0
        self.page_lock = threading.Lock()
        self.max_rows = int(config.get("MAX_RESULT_ROWS") or DEFAULT_MAX_ROWS)
        self.workers = int(config.get("QUERY_WORKERS", default_workers()))
        self.update_lock = threading.Lock()
        self._pool: WorkerPool | None = None
        self._pool_lock = threading.Lock()
        self._threads: QueryThreads | None = None
        self.in_flight = InFlight()
        self.timeouts = 0  # queries stopped for overrunning (read by /metrics)
        _LIVE.add(self)

    @property
    def isolated(self) -> bool:
        """Whether queries run in killable worker processes (embedded stores, workers > 0)."""
        return self.workers > 0 and not self.store.remote

    def pool(self) -> WorkerPool:
        with self._pool_lock:
            if self._pool is None:
                self._pool = WorkerPool(self.store, size=self.workers, timeout=self.timeout)
            return self._pool

    def threads(self) -> QueryThreads:
        """Query threads of the web process (``web.querying`` says which queries use them)."""
        with self._pool_lock:
            if self._threads is None:
                self._threads = QueryThreads(max(4, self.workers))
            return self._threads

    def run_in_worker(self, job: Job) -> Answer:
        """Answer ``job`` in a worker; raises :class:`QueryTimeout` when it was stopped."""
        try:
            return self.pool().run(job)
        except QueryTimeout:
            self.timeouts += 1
            raise

    @property
    def worker_restarts(self) -> int:
        """Query workers replaced so far (after a timeout or a crash); 0 before the pool."""
        with self._pool_lock:
            pool = self._pool
        return pool.restarts if pool is not None else 0

    def after_update(self) -> None:
        with self._pool_lock:
            pool = self._pool
        if pool is not None:
            pool.refresh()

    def close(self) -> None:
        with self._pool_lock:
            pool, self._pool = self._pool, None
            threads, self._threads = self._threads, None
        if pool is not None:
            pool.close()
        if threads is not None:
            threads.shutdown()


def endpoint_state(app: Flask | None = None) -> EndpointState:
    """The endpoint state of ``app`` (default: the current app), created on first use."""
    app = app or current_app._get_current_object()  # type: ignore[attr-defined]
    state = app.extensions.get(_KEY)
    if state is None:
        state = EndpointState(app.extensions["tomgraph"], app.config)
        app.extensions[_KEY] = state
    return state


def warm_up(app: Flask) -> None:
    """Start the query workers now rather than on the first query."""
    state = endpoint_state(app)
    if state.isolated:
        state.pool().wait_ready()


def shutdown(app: Flask) -> None:
    """Stop the app's query workers (tests, server exit)."""
    state = app.extensions.get(_KEY)
    if state is not None:
        state.close()


@atexit.register
def _close_all() -> None:
    for state in list(_LIVE):
        state.close()


__all__ = ["EndpointState", "QueryTimeout", "endpoint_state", "shutdown", "warm_up"]

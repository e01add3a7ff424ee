"""Queries run in a small pool of worker processes, so a runaway query can really be stopped.

pyoxigraph cannot cancel a running query, and a thread cannot be killed, so a web server
that ran queries in its own threads would lose a thread and a core to every runaway query
until it finished by itself. Here each query goes to a worker process holding a read-only
view of the store; a worker that overruns the timeout is killed (SIGKILL frees its core and
memory at once), replaced, and the client gets 503, while the other workers keep answering.

The read-only view is a checkpoint of an on-disk store (hard links: cheap, and immutable
while the server's handle writes), or a snapshot the pool writes to a temporary directory
for an in-memory store. After an update, :meth:`WorkerPool.refresh` marks the view stale;
the next query makes a new view (one for any number of saves in between) and moves to a new
generation; each worker reopens its view before its next query. A view no worker reads any
more is removed at once: under steady saves, views kept to the end piled up on disk and held
the store's replaced files with them.
"""

from __future__ import annotations

import multiprocessing
import multiprocessing.connection
import os
import queue
import shutil
import threading
import time
from dataclasses import dataclass
from multiprocessing.process import BaseProcess

from ...errors import QueryTimeout
from ...store import EmbeddedStore, Store
from .execute import Answer, Job, answer_job, error

_CONTEXT = multiprocessing.get_context("spawn")
"""Spawned, not forked: the web process has threads, and fork would copy their locks."""


def _worker_main(conn: multiprocessing.connection.Connection, path: str, generation: int) -> None:
    """A worker's life: open the view, then answer jobs until the pipe closes."""
    parent = os.getppid()
    threading.Thread(target=_exit_with_parent, args=(parent,), daemon=True).start()
    store = EmbeddedStore(path, read_only=True)
    conn.send("ready")
    while True:
        try:
            job, view, gen = conn.recv()
        except (EOFError, OSError):
            return
        if gen != generation:
            store = EmbeddedStore(view, read_only=True)
            generation = gen
        try:
            answer = answer_job(store, job)
        except Exception as exc:  # noqa: BLE001 - a worker answers, it never dies of a query
            answer = error(500, f"Query failed: {exc}")
        conn.send(answer)


def _exit_with_parent(parent: int) -> None:
    # pyoxigraph releases the GIL while evaluating, so this runs even mid-query.
    while os.getppid() == parent:
        time.sleep(1.0)
    os._exit(0)


@dataclass
class _Worker:
    process: BaseProcess
    conn: multiprocessing.connection.Connection
    generation: int = 0
    """The generation of the view it has open (or is about to open, with the job sent)."""

    def kill(self) -> None:
        try:
            self.process.kill()
            self.process.join(timeout=5)
            self.conn.close()
        except (OSError, ValueError):  # already gone
            pass


class WorkerPool:
    """``size`` worker processes answering queries over a read-only view of ``store``."""

    def __init__(self, store: Store, *, size: int, timeout: float) -> None:
        self.timeout = timeout
        self._store = store
        self._lock = threading.Lock()
        self._snapshots: dict[int, str] = {}  # generation → a view this pool made
        self._generation = 0
        self._stale = False
        self._view = self._make_view()
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._all: list[_Worker] = []
        self._closed = False
        self.restarts = 0  # workers replaced after a timeout or a crash (for /metrics)
        self.size = size
        for _ in range(size):
            self._start_worker()

    # -- the view ----------------------------------------------------------------------------
    def _make_view(self) -> str:
        """A read-only on-disk copy of the store for workers to open (the store makes it)."""
        snapshot = self._store.snapshot()
        if snapshot.owned:
            self._snapshots[self._generation] = snapshot.path
        return snapshot.path

    def refresh(self) -> None:
        """Make workers see the store as it is now (call after every update): the next query
        runs on a new view."""
        with self._lock:
            self._stale = True

    def _current(self, worker: _Worker) -> tuple[str, int]:
        """The view and generation ``worker``'s next job reads, made now if the store changed
        since the last view (call with the lock held)."""
        if self._stale:
            self._generation += 1
            self._view = self._make_view()
            self._stale = False
        worker.generation = self._generation
        return self._view, self._generation

    def _unused_views(self) -> list[str]:
        """Views older than every live worker's, taken out of the pool's keeping (call with
        the lock held)."""
        oldest = min((w.generation for w in self._all), default=self._generation)
        old = [g for g in self._snapshots if g < oldest and g != self._generation]
        return [self._snapshots.pop(g) for g in old]

    # -- workers -----------------------------------------------------------------------------
    def _start_worker(self) -> None:
        parent_conn, child_conn = _CONTEXT.Pipe()
        with self._lock:  # the view it opens counts as in use from the start
            if self._closed:  # close() ran meanwhile: this one would outlive the pool
                parent_conn.close()
                child_conn.close()
                return
            process = _CONTEXT.Process(
                target=_worker_main,
                args=(child_conn, self._view, self._generation),
                name="tomgraph-query-worker",
                daemon=True,
            )
            process.start()
            worker = _Worker(process, parent_conn, self._generation)
            self._all.append(worker)
        child_conn.close()
        # A worker joins the idle queue only once it has imported and opened its view, so
        # start-up time never eats into a query's timeout.
        threading.Thread(target=self._await_ready, args=(worker,), daemon=True).start()

    def _await_ready(self, worker: _Worker) -> None:
        try:
            if worker.conn.poll(120) and worker.conn.recv() == "ready":
                self._idle.put(worker)
                return
        except (EOFError, OSError):
            pass
        # It could not start (e.g. the view cannot be opened): drop it rather than respawn in
        # a loop; requests then get 503 "no query worker became free".
        self._forget(worker)

    def wait_ready(self, timeout: float = 120.0) -> None:
        """Block until every worker has started (the server calls this before listening)."""
        deadline = time.monotonic() + timeout
        while self._idle.qsize() < self.size and time.monotonic() < deadline:
            time.sleep(0.02)

    def _retire(self, worker: _Worker) -> None:
        if self._forget(worker) and not self._closed:
            self.restarts += 1
            self._start_worker()

    def _forget(self, worker: _Worker) -> bool:
        """Take ``worker`` out of the pool and kill it, if it is still ours; say whether it was.

        Whoever removes a worker from the list kills it: this or close(), never both.
        """
        with self._lock:
            owned = worker in self._all
            if owned:
                self._all.remove(worker)
        if owned:
            worker.kill()
        return owned

    def run(self, job: Job) -> Answer:
        """Run ``job`` in a worker; :class:`QueryTimeout` when it overruns (worker replaced).

        A request first waits up to the timeout for a free worker, then its query runs for up
        to the timeout: queueing behind others never cuts a query's own allowance short.
        """
        try:
            worker = self._idle.get(timeout=self.timeout)
        except queue.Empty:
            raise QueryTimeout(f"no query worker became free within {self.timeout:g} s") from None
        deadline = time.monotonic() + self.timeout
        with self._lock:
            view, generation = self._current(worker)
            unused = self._unused_views()
        for directory in unused:
            shutil.rmtree(directory, ignore_errors=True)
        try:
            worker.conn.send((job, view, generation))
            if worker.conn.poll(max(0.0, deadline - time.monotonic())):
                answer: Answer = worker.conn.recv()
                self._idle.put(worker)
                return answer
        except (EOFError, OSError, BrokenPipeError):
            # The worker died (out of memory, killed): replace it and say so.
            threading.Thread(target=self._retire, args=(worker,), daemon=True).start()
            return error(503, "The query worker stopped unexpectedly; try again.")
        threading.Thread(target=self._retire, args=(worker,), daemon=True).start()
        raise QueryTimeout(f"the query ran longer than {self.timeout:g} s and was stopped")

    def close(self) -> None:
        """Stop every worker and remove snapshots; safe to call twice."""
        with self._lock:
            self._closed = True
            workers, self._all = self._all, []
        for worker in workers:
            worker.kill()
        with self._lock:
            views, self._snapshots = list(self._snapshots.values()), {}
        for directory in views:
            shutil.rmtree(directory, ignore_errors=True)

    @property
    def pids(self) -> list[int]:
        """Process ids of the live workers (for tests and diagnostics)."""
        with self._lock:
            return [w.process.pid for w in self._all if w.process.pid is not None]


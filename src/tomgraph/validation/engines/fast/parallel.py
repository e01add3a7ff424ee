"""Running a plan's queries side by side, so a large validation uses every core.

pyoxigraph keeps Python's interpreter lock while it evaluates a query and while it hands back
the solutions, so threads run the checks of an embedded store one at a time (measured at
100,000 capabilities: 11.2 s with one thread or two). Forked worker processes share the loaded
in-memory store copy-on-write and only read it, so they do run in parallel (6.9-7.2 s on two
cores); each sends back its results, which are small next to the data.

Forking is only safe when nothing else in the process can hold a lock at that moment: the
store must be an in-memory embedded store (RocksDB keeps native threads) and the process must
run no other Python thread (the web app validates from request threads, so it never forks).
Everywhere else, and for remote stores whose queries wait on the network rather than on
Python, queries run on threads.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor

from ....store import Dataset, Store
from ...results import Severity, ValidationResult
from .plan import PlannedQuery

Runner = Callable[[Store, PlannedQuery, Dataset], Iterable[ValidationResult]]

WORKERS = max(1, min(os.cpu_count() or 1, 8))
"""Processes (or threads) running checks at once."""

MIN_TRIPLES_TO_FORK = 200_000
"""Below this, starting processes costs more than the queries it would spread."""

_shared: tuple[Store, Sequence[PlannedQuery], Dataset, Runner] | None = None
"""What forked workers inherit: set just before the pool forks, cleared after."""


def run_all(
    store: Store, queries: Sequence[PlannedQuery], dataset: Dataset, runner: Runner
) -> list[ValidationResult]:
    """Every query's results, in plan order, on as many cores as it pays to use."""
    if _can_fork(store):
        return _forked(store, queries, dataset, runner)
    with ThreadPoolExecutor(WORKERS) as pool:
        found = pool.map(lambda q: list(runner(store, q, dataset)), queries)
        return [r for part in found for r in part]


def _can_fork(store: Store) -> bool:
    """Forking pays: several cores, a store the children share by fork, enough data."""
    return (
        WORKERS > 1
        and "fork" in multiprocessing.get_all_start_methods()
        and store.can_fork
        and threading.active_count() == 1
        and store.count() >= MIN_TRIPLES_TO_FORK
    )


def _forked(
    store: Store, queries: Sequence[PlannedQuery], dataset: Dataset, runner: Runner
) -> list[ValidationResult]:
    global _shared
    _shared = (store, queries, dataset, runner)
    try:
        with multiprocessing.get_context("fork").Pool(WORKERS) as pool:
            # One query at a time, so that no worker is left with a long tail of them.
            parts = pool.map(_run_one, range(len(queries)), chunksize=1)
    finally:
        _shared = None
    severities = {int(s): s for s in Severity}
    return [
        ValidationResult(focus, path, severities[severity], shape, component, value, message,
                         severity_iri)
        for part in parts
        for focus, path, severity, shape, component, value, message, severity_iri in part
    ]


Row = tuple[str, str | None, int, str, str, str | None, str | None, str | None]


def _run_one(index: int) -> list[Row]:
    """One query's results as plain tuples: they cross the pipe twice as fast as objects."""
    assert _shared is not None, "worker started without a plan"
    store, queries, dataset, runner = _shared
    return [
        (r.focus_node, r.result_path, int(r.severity), r.source_shape, r.constraint_component,
         r.value, r.message, r.severity_iri)
        for r in runner(store, queries[index], dataset)
    ]

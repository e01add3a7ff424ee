"""A bounded, in-process cache of query results, keyed on the store's version.

The key is (query text, bindings, dataset, :attr:`Store.version`): any write through tomgraph
moves the version, so a stale answer can never be served. A result is kept only when a caller
reads it to the end and it has at most ``max_rows_per_entry`` rows; the whole cache holds at
most ``max_rows`` rows, oldest used dropped first. A first request costs what it did (rows are
recorded as they stream past; a result serialised natively is simply not kept).

A remote service may also be written by other clients, whose writes do not move the version:
there the cache is only used with a ``ttl``, and an entry is answered for at most that many
seconds after it was read from the service (``tomgraph serve --cache-ttl``).
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterable, Iterator, Sequence
from typing import Any

from .base import AskResult, QueryResult, SelectResult, Term

Row = Sequence[Term | None]


class QueryCache:
    """Least-recently-used SELECT and ASK results, bounded by their total rows."""

    def __init__(self, *, max_rows: int = 200_000, max_rows_per_entry: int = 20_000,
                 ttl: float | None = None) -> None:
        self.max_rows = max_rows
        self.max_rows_per_entry = max_rows_per_entry
        self.ttl = ttl
        self._entries: OrderedDict[
            Hashable, tuple[list[str] | None, list[Row] | bool, float]
        ] = OrderedDict()
        self._rows = 0
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0
        self._version = 0

    def at_version(self, version: int) -> None:
        """Forget the results of older store versions: keys with those can never be hit
        again, and under steady saves they would pile up to :attr:`max_rows`."""
        if version <= self._version:
            return
        with self._lock:
            if version > self._version:
                self._version = version
                self._entries.clear()
                self._rows = 0

    def __len__(self) -> int:
        return len(self._entries)

    def get(self, key: Hashable) -> QueryResult | None:
        """A fresh result object for ``key``, or ``None`` when not cached."""
        with self._lock:
            entry = self._entries.get(key)
            if entry is not None and self.ttl is not None and (
                time.monotonic() - entry[2] >= self.ttl
            ):
                del self._entries[key]
                self._rows -= _size(entry[1])
                entry = None
            if entry is None:
                self.misses += 1
                return None
            self._entries.move_to_end(key)
            self.hits += 1
        variables, value, _ = entry
        if variables is None:
            return AskResult(bool(value))
        assert isinstance(value, list)
        return SelectResult(list(variables), iter(value))

    def keep(self, key: Hashable, result: QueryResult) -> QueryResult:
        """``result`` as the caller will read it; SELECT rows are recorded as they pass."""
        if isinstance(result, AskResult):
            self._put(key, None, result.value, 1)
            return result
        if isinstance(result, SelectResult):
            return _Recording(result, lambda rows: self._put(key, result.variables, rows,
                                                            len(rows)),
                              self.max_rows_per_entry)
        return result

    def _put(self, key: Hashable, variables: list[str] | None, value: Any, size: int) -> None:
        with self._lock:
            if key in self._entries:
                return
            self._entries[key] = (variables, value, time.monotonic())
            self._rows += size
            while self._rows > self.max_rows and self._entries:
                _, (_old_vars, old, _at) = self._entries.popitem(last=False)
                self._rows -= _size(old)


def _size(value: list[Row] | bool) -> int:
    """The rows an entry counts for (an ASK answer counts as one)."""
    return len(value) if isinstance(value, list) else 1


def cached_query(cache: QueryCache | None, key: Hashable,
                 run: Callable[[], QueryResult]) -> QueryResult:
    """The result for ``key`` from ``cache`` if it holds one, else ``run()`` (kept for next
    time). ``key`` must name everything the answer depends on, the store's version included."""
    if cache is None:
        return run()
    hit = cache.get(key)
    if hit is not None:
        return hit
    return cache.keep(key, run())


class _Recording(SelectResult):
    """A SELECT result that hands its rows to ``done`` once read to the end (if few enough)."""

    def __init__(self, inner: SelectResult, done: Callable[[list[Row]], None],
                 limit: int) -> None:
        super().__init__(inner.variables, native=inner._native, rows=inner._rows)
        self._done = done
        self._limit = limit

    @property
    def rows(self) -> Iterable[Row]:
        if self._rows is None:
            native, self._native = self._native, None
            source = (tuple(s) for s in native) if native is not None else iter(())
            self._rows = self._record(source)
        return self._rows

    def _record(self, source: Iterator[Row]) -> Iterator[Row]:
        kept: list[Row] | None = []
        for row in source:
            if kept is not None:
                kept.append(row)
                if len(kept) > self._limit:
                    kept = None
            yield row
        if kept is not None:
            self._done(kept)

"""A store version for caches: the store's own write counter (``Store.version``, moved by every
write through tomgraph), plus its quad count so writes made by other programs (straight to a
remote store) count too.

The triple count alone misses an edit that keeps it (a label changed for another label), so
caches such as the validation outcome are keyed on :func:`store_version` instead.
"""

from __future__ import annotations

import threading

from flask import Flask, current_app

from ..store import Store
from ..store.versioning import WRITE_STEPS

_lock = threading.Lock()

CHANGES_KEY = "tomgraph.store_changes"
MAX_KEPT = 200


def record_change(change: object, store: Store, app: Flask | None = None) -> int:
    """Keep a changeset this app has just committed, for re-validation; returns its version.

    Each entry is ``(version, quads after it, changeset)``: a cache made at an older version
    can catch up with the changes after it, unless a version with no entry (another write
    through the store) or the count (a foreign write) says otherwise. A commit is one write,
    which moves the version by :data:`~tomgraph.store.versioning.WRITE_STEPS`.
    """
    target = app if app is not None else current_app
    with _lock:
        value = store.version
        log = target.extensions.setdefault(CHANGES_KEY, [])
        log.append((value, _foreign_count(store), change))
        del log[:-MAX_KEPT]
    return value


def changes_since(version: tuple[int, int], now: tuple[int, int],
                  app: Flask | None = None) -> list[object] | None:
    """The changesets that lead from ``version`` to ``now``; ``None`` if they do not explain
    the difference (a foreign write, or more changes than are kept)."""
    target = app if app is not None else current_app
    log = [entry for entry in target.extensions.get(CHANGES_KEY, []) if entry[0] > version[0]]
    if len(log) * WRITE_STEPS != now[0] - version[0] or not log or log[-1][1] != now[1]:
        return None
    return [entry[2] for entry in log]


def store_version(store: Store) -> tuple[int, int]:
    """``(writes through tomgraph, quads in the store)``: changes whenever the data may have.

    Only a remote store can be written by other programs; an embedded one belongs to this
    process (RocksDB locks its folder), so its write counter says everything and its quads
    are not counted (counting is a scan: most of a save's cost on a large model)."""
    return store.version, _foreign_count(store)


def _foreign_count(store: Store) -> int:
    return store.count() if store.remote else 0

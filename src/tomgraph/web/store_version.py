"""A store version for caches: a counter bumped on every write made through tomgraph, plus the
store's quad count so writes made by other programs (straight to a remote store) count too.

The triple count alone misses an edit that keeps it (a label changed for another label), so
caches such as the validation outcome are keyed on :func:`store_version` instead.
"""

from __future__ import annotations

import threading

from flask import Flask, current_app

from ..store import Store

_KEY = "tomgraph.store_version"
_lock = threading.Lock()


def bump_store_version(app: Flask | None = None) -> int:
    """Record that this app has just written to its store; returns the new counter."""
    target = app if app is not None else current_app
    with _lock:
        value = int(target.extensions.get(_KEY, 0)) + 1
        target.extensions[_KEY] = value
    return value


CHANGES_KEY = "tomgraph.store_changes"
MAX_KEPT = 200


def record_change(change: object, store: Store, app: Flask | None = None) -> int:
    """Bump the version for a changeset this app committed, and keep it for re-validation.

    Each entry is ``(version, quads after it, changeset)``: a cache made at an older version
    can catch up with the changes after it, unless the count shows a foreign write.
    """
    target = app if app is not None else current_app
    with _lock:
        value = int(target.extensions.get(_KEY, 0)) + 1
        target.extensions[_KEY] = value
        log = target.extensions.setdefault(CHANGES_KEY, [])
        log.append((value, store.count(), change))
        del log[:-MAX_KEPT]
    return value


def changes_since(version: tuple[int, int], now: tuple[int, int],
                  app: Flask | None = None) -> list[object] | None:
    """The changesets that lead from ``version`` to ``now``; ``None`` if they do not explain
    the difference (a foreign write, or more changes than are kept)."""
    target = app if app is not None else current_app
    log = [entry for entry in target.extensions.get(CHANGES_KEY, []) if entry[0] > version[0]]
    if len(log) != now[0] - version[0] or not log or log[-1][1] != now[1]:
        return None
    return [entry[2] for entry in log]


def store_version(store: Store, app: Flask | None = None) -> tuple[int, int]:
    """``(writes through this app, quads in the store)``: changes whenever the data may have."""
    target = app if app is not None else current_app
    return int(target.extensions.get(_KEY, 0)), store.count()

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


def store_version(store: Store, app: Flask | None = None) -> tuple[int, int]:
    """``(writes through this app, quads in the store)``: changes whenever the data may have."""
    target = app if app is not None else current_app
    return int(target.extensions.get(_KEY, 0)), store.count()

"""How a store's version moves around a write: once as the write starts, once as it ends.

Caches (query results, pages and their ETags, the validation report, the pickers' memory) key
what they read on :attr:`Store.version`. A version moved only as a write started let a reader
take the new version, run its query before the write landed, and keep the old answer under the
new version: served after the write until the next one (a page read during a save showed the
page before it). Moving the version again once the write has ended retires whatever was read
while it ran. So one write moves the version by :data:`WRITE_STEPS`, and a write method that
calls another (``apply`` sending an update) still counts as one write.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable
from typing import Any, TypeVar, cast

WRITE_STEPS = 2
"""How far one write through tomgraph moves :attr:`Store.version`."""

_F = TypeVar("_F", bound=Callable[..., Any])
_lock = threading.Lock()
_writing = threading.local()


def write_operation(method: _F) -> _F:
    """Make ``method`` (of a :class:`~tomgraph.store.Store`) a write: refused on a read-only
    handle, and moving the version as it starts and as it ends, even when it fails (a failed
    write may have been read half-way, too). Nested write methods of the same store on the same
    thread count once. The store's ``_before_write`` and ``_after_write`` hooks run around it
    (a store on disk retires the files it was loaded from; see :mod:`.file_replica`)."""

    @functools.wraps(method)
    def write(self: Any, *args: Any, **kwargs: Any) -> Any:
        active: set[int] = _writing.__dict__.setdefault("stores", set())
        if id(self) in active:
            return method(self, *args, **kwargs)
        self._require_writable()
        active.add(id(self))
        _step(self)
        try:
            self._before_write()
            return method(self, *args, **kwargs)
        finally:
            try:
                self._after_write()
            finally:
                _step(self)
                active.discard(id(self))

    return cast(_F, write)


def _step(store: Any) -> None:
    """One step of the version; under a lock, so writers on several threads lose none."""
    with _lock:
        store.version += 1

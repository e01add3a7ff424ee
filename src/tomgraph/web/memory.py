"""Keeping a long-running server's memory flat: the C allocator, told how this process works.

The server's threads (waitress's request threads, the query threads) each allocate and free
large, short-lived buffers: rendered pages, result rows, the engine's own allocations. glibc
gives every thread that contends for the heap an arena of its own (up to eight per core) and
returns freed memory at the top of an arena only, so memory freed in the middle of many
arenas stays resident: a soak of page loads and saves grew the web process by hundreds of
MiB that ``malloc_trim`` gave straight back. So, on glibc only (elsewhere nothing changes):

* :func:`limit_arenas` caps the arenas at :data:`ARENAS` before the threads start (what
  ``MALLOC_ARENA_MAX`` does, unless that is set in the environment already);
* :class:`Trimmer` hands freed memory back to the system every :data:`TRIM_EVERY` seconds,
  from a daemon thread (a trim of a few hundred MiB takes milliseconds).
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import threading

ARENAS = 2
TRIM_EVERY = 30.0
_M_ARENA_MAX = -8  # mallopt's parameter number (malloc.h)


def _libc() -> ctypes.CDLL | None:
    """The C library when it is glibc (which has ``mallopt`` and ``malloc_trim``)."""
    name = ctypes.util.find_library("c")
    if name is None:
        return None
    try:
        libc = ctypes.CDLL(name)
        libc.gnu_get_libc_version  # noqa: B018 - only glibc has it
        libc.malloc_trim  # noqa: B018
        libc.mallopt  # noqa: B018
    except (OSError, AttributeError):
        return None
    return libc


def limit_arenas(arenas: int = ARENAS) -> bool:
    """Cap glibc's arenas (call before starting threads); whether it was done."""
    libc = _libc()
    if libc is None or os.environ.get("MALLOC_ARENA_MAX"):
        return False
    return bool(libc.mallopt(_M_ARENA_MAX, arenas))


def trim() -> bool:
    """Return freed heap memory to the system now; whether any was."""
    libc = _libc()
    return bool(libc.malloc_trim(0)) if libc is not None else False


class Trimmer:
    """A daemon thread that calls :func:`trim` every ``every`` seconds until stopped."""

    def __init__(self, every: float = TRIM_EVERY) -> None:
        self.every = every
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> Trimmer:
        if _libc() is not None and self._thread is None:
            self._thread = threading.Thread(target=self._run, name="tomgraph-trim",
                                            daemon=True)
            self._thread.start()
        return self

    def _run(self) -> None:
        while not self._stop.wait(self.every):
            trim()

    def stop(self) -> None:
        self._stop.set()

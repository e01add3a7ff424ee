"""Liveness and readiness: is the process up, and does its store answer in time?

A readiness check must never hang the probe, so the trivial query runs in a thread that is
waited for at most ``READY_TIMEOUT`` seconds; while one check is still running (a remote
store not answering), later probes wait on that same check instead of piling up threads.
"""

from __future__ import annotations

import threading
from concurrent.futures import Future

from ...store import Store

_PROBE = "ASK {}"


class Readiness:
    """Whether the store answers a trivial query within a short time."""

    def __init__(self, store: Store, timeout: float) -> None:
        self.store = store
        self.timeout = timeout
        self._lock = threading.Lock()
        self._running: Future[None] | None = None

    def _probe(self, future: Future[None]) -> None:
        try:
            self.store.query(_PROBE)
        except BaseException as exc:  # noqa: BLE001 - any failure means "not ready"
            future.set_exception(exc)
        else:
            future.set_result(None)

    def check(self) -> str | None:
        """``None`` when ready, else a short reason (never the store's internal address)."""
        with self._lock:
            future = self._running
            if future is None or future.done():
                future = Future()
                self._running = future
                threading.Thread(target=self._probe, args=(future,), daemon=True).start()
        try:
            future.result(timeout=self.timeout)
        except TimeoutError:
            return f"the store did not answer within {self.timeout:g} s"
        except Exception as exc:  # noqa: BLE001
            return f"the store failed: {type(exc).__name__}"
        return None

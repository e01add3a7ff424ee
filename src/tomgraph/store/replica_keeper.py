"""Keeping a store directory's file replica in step with the writes of the process holding it.

:mod:`.file_replica` says what the files are and when a reader may trust them; this is the
bookkeeping of the one process that writes: every write retires the replica as it starts,
and a write that knows what it changed (a load of files, a changeset of quads) may put a
replica back once it has landed. Writes may come from several threads (the web app saves
from request threads while a SPARQL update runs), so a replica is only put back by a write
that ran alone from start to end: one that overlapped another cannot know the other's change.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

import pyoxigraph as ox

from . import file_replica
from .file_replica import Replica


class ReplicaKeeper:
    """The replica of the store directory ``path``, held open for writing by this process."""

    def __init__(self, path: Path, *, empty: bool) -> None:
        self.path = path
        self._lock = threading.Lock()
        self._writes = 0
        self.replica: Replica | None = file_replica.carried_over(path)
        """The replica while it is the store's content; ``None`` during every write."""
        if self.replica is None and empty:
            self.replica = file_replica.seal(path, ())
        self.retired: Replica | None = None
        """The replica the running write retired; ``None`` from the moment a second write
        starts beside it until both have ended, so neither puts one back."""

    def before_write(self) -> None:
        """The manifest goes before the data changes, so a kill mid-write leaves none."""
        with self._lock:
            self._writes += 1
            self.retired = self.replica if self._writes == 1 else None
            self.replica = None
            if self.retired is not None:
                file_replica.retire(self.path)

    def after_write(self, is_empty: Callable[[], bool]) -> None:
        """A write that put no replica back clears the old files away; one that left the
        store empty starts an empty replica."""
        with self._lock:
            self._writes -= 1
            if self._writes:
                return
            self.retired = None
            if self.replica is None:
                file_replica.discard(self.path)
                if is_empty():
                    self.replica = file_replica.seal(self.path, ())

    def put_back(self, make: Callable[[Replica], Replica | None]) -> None:
        """After the running write landed (or failed having changed nothing): the replica
        ``make`` builds from the retired one, if this write ran alone and retired one."""
        with self._lock:
            if self.retired is not None:
                try:
                    self.replica = make(self.retired)
                except OSError:  # a full disk: the store is fine, its files are not kept
                    self.replica = None

    def follow(self, added: Iterable[ox.Quad], removed: Iterable[ox.Quad] = ()) -> None:
        """After a change of quads landed: the replica followed by it."""
        self.put_back(lambda retired: file_replica.followed(self.path, retired, added, removed))

    def follow_text(self, text: Sequence[bytes], count: int) -> None:
        """After N-Quads text was added: the replica followed by it."""
        self.put_back(lambda retired: file_replica.followed_text(self.path, retired, text, count))

    def unchanged(self) -> None:
        """After a write that changed nothing (a guarded save that found the entity changed,
        a load that failed): the retired replica is the content still."""
        self.put_back(lambda retired: file_replica.carried_over(self.path, retired))

    def flushed(self) -> None:
        """The store was flushed (it is about to close): a replica that followed changes
        becomes durable, so other processes may trust it too. The store is still held, so the
        stamp is still this process's."""
        with self._lock:
            if self.replica is not None and not self.replica.durable and self._writes == 0:
                try:
                    self.replica = file_replica.seal(self.path, self.replica.chunks)
                except OSError:
                    self.replica = None

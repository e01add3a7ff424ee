"""N-Quads text in chunks: the bulk form of quads to add (see :meth:`Store.apply_nquads`)."""

from __future__ import annotations

import contextlib
import io
import os
import queue
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pyoxigraph as ox


@dataclass(frozen=True)
class NQuads:
    """Quads to add as N-Quads text (one quad a line, each in a named graph): the bulk form
    an importer builds for a whole model without a Python object per quad. The text is kept
    in chunks, so that it is never copied whole."""

    chunks: tuple[bytes, ...]
    count: int

    @classmethod
    def of(cls, data: bytes, count: int) -> NQuads:
        return cls((data,), count)

    @property
    def data(self) -> bytes:
        return b"".join(self.chunks)

    def reader(self) -> io.BufferedReader:
        """The text as a binary file, read chunk by chunk."""
        return io.BufferedReader(_ChunkReader(self.chunks), buffer_size=1 << 20)

    def quads(self) -> tuple[ox.Quad, ...]:
        return tuple(ox.parse(self.reader(), ox.RdfFormat.N_QUADS))

    def subjects(self, limit: int) -> list[str] | None:
        """The IRIs of the subjects in order, or ``None`` once there are more than ``limit``
        (scanning stops there, so a big import costs little)."""
        seen: dict[str, None] = {}
        for line in self.reader():
            if line.startswith(b"<"):
                seen[line[1: line.index(b">")].decode()] = None
                if len(seen) > limit:
                    return None
        return list(seen)


class _ChunkReader(io.RawIOBase):
    def __init__(self, chunks: tuple[bytes, ...]) -> None:
        self.chunks = chunks
        self.index = 0
        self.offset = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        while self.index < len(self.chunks):
            chunk = self.chunks[self.index]
            if self.offset < len(chunk):
                n = min(len(buffer), len(chunk) - self.offset)
                buffer[:n] = chunk[self.offset: self.offset + n]
                self.offset += n
                return n
            self.index += 1
            self.offset = 0
        return 0


class NQuadsStream:
    """N-Quads text still being produced, read by the store while it is written: the bulk
    form of an import that converts a file on one thread while the store loads what is
    converted so far on another (pyoxigraph parses and inserts without holding the GIL).

    The producer :meth:`put` s chunks and ends with :meth:`close` (all is well: the store
    may commit) or :meth:`fail` (the store's reader raises, so the transaction is dropped
    and nothing is written). ``count`` is final once the stream is closed; the first
    subjects are noted as chunks pass, and the text itself is kept only while it is small
    (at most ``keep_up_to`` quads), for a history entry that records it.
    """

    def __init__(self, *, keep_up_to: int = 0, max_chunks: int = 4,
                 checked: bool = False) -> None:
        self._queue: queue.Queue[bytes | BaseException | None] = queue.Queue(max_chunks)
        self.count = 0
        self.keep_up_to = keep_up_to
        self._kept: list[bytes] | None = [] if keep_up_to > 0 else None
        self._subjects: dict[str, None] = {}
        self._subject_limit = 0
        self._tail: Callable[[], bytes] | None = None
        self.closed = False
        self.checked = checked
        """The producer has checked every IRI and language tag it wrote (and refuses the
        whole input otherwise, before the stream is closed): the store may skip checking
        them again while it parses, a good part of a bulk load's time."""
        self.abandoned = False
        """Set when the reading side has stopped (the store failed): chunks are dropped."""

    # -- the producer ---------------------------------------------------------------------
    def put(self, chunk: bytes, count: int) -> None:
        self.count += count
        if self._kept is not None:
            if self.count <= self.keep_up_to:
                self._kept.append(chunk)
            else:
                self._kept = None
        self._send(chunk)

    def close(self) -> None:
        self.closed = True
        self._send(None)

    def fail(self, exc: BaseException) -> None:
        """Make the reading side raise ``exc``: the store writes nothing."""
        self._send(exc)

    def _send(self, item: bytes | BaseException | None) -> None:
        while not self.abandoned:
            try:
                self._queue.put(item, timeout=0.05)
                return
            except queue.Full:
                continue

    def abandon(self) -> None:
        """The reading side is done (committed or failed): the producer no longer waits."""
        self.abandoned = True

    # -- the store's side -----------------------------------------------------------------
    def then(self, tail: Callable[[], bytes]) -> NQuadsStream:
        """Have :meth:`reader` end with ``tail()``, called once the producer has closed the
        stream (so ``count`` is final): the history entry of the change."""
        self._tail = tail
        return self

    def note_subjects(self, limit: int) -> None:
        """Note up to ``limit`` + 1 subjects as the chunks pass (see :meth:`subjects`)."""
        self._subject_limit = limit + 1

    def subjects(self, limit: int) -> list[str] | None:
        seen = self._subjects
        if len(seen) > limit:
            return None
        return list(seen)

    @property
    def data(self) -> bytes:
        if self._kept is None:
            raise ValueError("the text of a large N-Quads stream is not kept")
        return b"".join(self._kept)

    def quads(self) -> tuple[ox.Quad, ...]:
        return tuple(ox.parse(self.data, ox.RdfFormat.N_QUADS))

    def chunks(self) -> Iterator[bytes]:
        """The chunks as they come, then the tail; raises what the producer failed with."""
        while True:
            item = self._queue.get()
            if item is None:
                break
            if isinstance(item, BaseException):
                raise item
            self._scan(item)
            yield item
        if self._tail is not None:
            yield self._tail()

    def _scan(self, chunk: bytes) -> None:
        seen, limit = self._subjects, self._subject_limit
        if len(seen) >= limit:
            return
        for line in chunk.split(b"\n"):
            if line.startswith(b"<"):
                seen[line[1: line.index(b">")].decode()] = None
                if len(seen) >= limit:
                    return

    def reader(self) -> io.BufferedReader:
        return reader_of(self.chunks())

    @contextlib.contextmanager
    def pipe(self) -> Iterator[str]:
        """The text as a path to read (see :func:`pipe_of`); the producer no longer waits
        once the store has stopped reading."""
        with pipe_of(self.chunks(), stopped=self.abandon) as path:
            yield path


def head_of(data: NQuads | NQuadsStream,
            limit: int) -> tuple[list[bytes], Iterator[bytes] | None]:
    """The first chunks of ``data`` until they hold ``limit`` quads, and an iterator over the
    rest; ``None`` for the rest when all of ``data`` holds fewer (then the head is all of it).

    A stream's size is known only once it is closed: this reads it as far as needed to tell
    a small write from a large one, and raises what its producer failed with.
    """
    if isinstance(data, NQuads):
        return list(data.chunks), (iter(()) if data.count >= limit else None)
    chunks = data.chunks()
    head: list[bytes] = []
    lines = 0
    while lines < limit or limit <= 0:
        chunk = next(chunks, None)
        if chunk is None:
            return head, None
        head.append(chunk)
        lines += chunk.count(b"\n")
        if limit <= 0:
            break
    return head, chunks


def reader_of(chunks: Iterator[bytes]) -> io.BufferedReader:
    """Chunks of text as a binary file, read as they come."""
    return io.BufferedReader(_IterReader(chunks), buffer_size=1 << 20)


@contextlib.contextmanager
def pipe_of(chunks: Iterator[bytes], *,
            stopped: Callable[[], None] | None = None) -> Iterator[str]:
    """The text of ``chunks`` as a path to read (the read end of an OS pipe, fed by a thread).

    A store that reads a path does so without the GIL, where a Python file object costs a GIL
    hand-over every few kilobytes (and a converter producing the chunks holds the GIL). If
    ``chunks`` raises (the producer failed), the feeder ends the text with a line that is not
    N-Quads, so the reading store drops what it read, and the failure is raised here.
    ``stopped`` is called once the reader is done, before the feeder is awaited.
    """
    import fcntl  # POSIX, as /dev/fd is

    read_end, write_end = os.pipe()
    with contextlib.suppress(AttributeError, OSError):  # fewer wake-ups (Linux)
        fcntl.fcntl(write_end, fcntl.F_SETPIPE_SZ, 1 << 20)  # type: ignore[attr-defined]
    failure: list[BaseException] = []

    def write(data: bytes) -> None:
        view = memoryview(data)
        while view:
            view = view[os.write(write_end, view):]

    def feed() -> None:
        try:
            while True:
                try:
                    chunk = next(chunks, None)
                except Exception as exc:  # the producer failed: spoil the document
                    failure.append(exc)
                    write(b"\n!\n")
                    return
                if chunk is None:
                    return
                write(chunk)
        except OSError:
            # The store stopped reading: it failed on its own, and its error is the one to
            # report, not this broken pipe.
            pass
        finally:
            os.close(write_end)

    feeder = threading.Thread(target=feed, name="nquads-pipe", daemon=True)
    feeder.start()
    try:
        yield f"/dev/fd/{read_end}"
    finally:
        os.close(read_end)  # a feeder still writing gets a broken pipe and stops
        if stopped is not None:
            stopped()
        feeder.join()
        if failure:
            raise failure[0]


class _IterReader(io.RawIOBase):
    def __init__(self, chunks: Iterator[bytes]) -> None:
        self.chunks = chunks
        self.pending = memoryview(b"")

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        while not self.pending:
            chunk = next(self.chunks, None)
            if chunk is None:
                return 0
            self.pending = memoryview(chunk)
        n = min(len(buffer), len(self.pending))
        buffer[:n] = self.pending[:n]
        self.pending = self.pending[n:]
        return n

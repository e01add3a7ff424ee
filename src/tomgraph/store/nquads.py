"""N-Quads text in chunks: the bulk form of quads to add (see :meth:`Store.apply_nquads`)."""

from __future__ import annotations

import io
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

"""An in-memory copy of some graphs of a store on disk, for work that reads them many times.

Oxigraph's on-disk (RocksDB) backend pays a key-value lookup for every index step and every
term it decodes, where the in-memory store follows pointers: each validation check ran about
4.5× slower on a store directory than on the same data in memory. Validation reads the model
graph dozens of times (one query per shape constraint), so copying the graphs it needs into
memory once and validating the copy costs less than validating in place. Reading the terms
back from RocksDB is most of the copy's cost, so it is read in parts (one per graph and
predicate) on as many threads as there are idle cores. The copy is only made when it fits
comfortably in the memory the machine has free; otherwise callers keep working on the store
itself.

Cheaper still, when the store still holds exactly the files it was loaded from (its file
replica, :mod:`.file_replica`), the copy parses those files, in the order they were loaded.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from ..sparql import internal_query
from . import file_replica
from .base import Store
from .embedded import EmbeddedStore

BYTES_PER_QUAD = 600
"""Resident memory an in-memory Oxigraph store takes per quad (measured: about 1.1 GiB for
the 1.86 M quads of a 100,000-capability model, with the parse buffers), rounded up."""

MAX_COPY_THREADS = 4
"""At most this many threads read the store at once while it is copied."""

MEMORY_SHARE = 0.5
"""The copy may take at most this share of the memory the machine has available."""

BYTES_PER_QUAD_IN_FILES = 50
"""Fewest bytes of a loaded file per quad it holds (Turtle's lists of objects; N-Triples takes
about 150), for a safe guess of the quads a replica's files hold without parsing them."""


def available_memory() -> int | None:
    """Bytes of memory available to new work (Linux ``MemAvailable``), or ``None`` if unknown."""
    try:
        with open("/proc/meminfo", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        return None
    return None


def copy_threads() -> int:
    """Threads worth starting for a copy: one per core that is idle now (the caller's own
    thread counts as one), at least one, at most :data:`MAX_COPY_THREADS`.

    Reading in parallel costs about a third more work in all (each part is written out as text
    and parsed again), which pays only when other cores are free to share it.
    """
    cores = os.cpu_count() or 1
    try:
        others = max(0.0, os.getloadavg()[0] - 1.0)
    except OSError:
        others = 0.0
    return max(1, min(MAX_COPY_THREADS, round(cores - others)))


def fits_in_memory(quads: int, available: int | None = None) -> bool:
    """Whether a copy of ``quads`` quads fits in the memory free now (``True`` if unknown)."""
    free = available_memory() if available is None else available
    return free is None or quads * BYTES_PER_QUAD <= free * MEMORY_SHARE


def memory_copy(
    store: Store, graphs: Sequence[str], *, from_files: bool = True
) -> EmbeddedStore | None:
    """A fresh in-memory store holding ``graphs`` of ``store``, or ``None`` when a copy would
    not pay: the store is already in memory or remote, or the copy would not fit in memory.

    The copy is parsed from the store's file replica when it has one (unless ``from_files``
    is false), and read out of RocksDB otherwise.

    Each part of the copy is read from one consistent view; when a write through this handle
    lands during the copy (the web app writes from other threads), the copy is made again, and
    after a second such write the caller works on the store itself.
    """
    if not isinstance(store, EmbeddedStore) or not store.persistent:
        return None
    source = store.oxigraph
    parsed = _parse_replica(store, graphs) if from_files else None
    if parsed is not None:
        return parsed
    for _attempt in range(2):
        version = store.version
        parts = copy_parts(source, graphs)
        if not fits_in_memory(sum(part.quads for part in parts)):
            return None
        copy = _copy(source, parts)
        if store.version == version:
            return copy
        copy.close()
    return None


def _parse_replica(store: EmbeddedStore, graphs: Sequence[str]) -> EmbeddedStore | None:
    """A fresh in-memory store parsed from the store's file replica, or ``None`` if it has
    none now, it would not fit in memory, or a write retired it while it was read."""
    replica = store.current_replica()
    if replica is None:
        return None
    version, directory = store.version, Path(store.location)
    try:
        if not fits_in_memory(file_replica.size(directory, replica, unpacked=True)
                              // BYTES_PER_QUAD_IN_FILES):
            return None
        copy = EmbeddedStore()
        try:
            file_replica.read_into(directory, replica, copy.oxigraph, graphs)
        except BaseException:
            copy.close()
            raise
    except (OSError, SyntaxError):
        return None
    if store.version != version:
        copy.close()
        return None
    return copy


@dataclass(frozen=True)
class Part:
    """The triples of one graph with one predicate: a unit of the copy."""

    graph: ox.NamedNode
    predicate: ox.NamedNode
    quads: int


def copy_parts(source: ox.Store, graphs: Sequence[str]) -> list[Part]:
    """The parts ``graphs`` are copied in, largest first (so no worker is left with a long
    one at the end). Counting them reads the indexes only, no term, so it is cheap."""
    text = internal_query("copy-graph-predicates")
    parts = []
    for graph in dict.fromkeys(graphs):
        node = ox.NamedNode(graph)
        for row in source.query(text, substitutions={ox.Variable("g"): node}):  # type: ignore[union-attr]
            predicate, count = row["p"], row["n"]
            assert isinstance(predicate, ox.NamedNode) and isinstance(count, ox.Literal)
            parts.append(Part(node, predicate, int(count.value)))
    parts.sort(key=lambda part: -part.quads)
    return parts


def _copy(source: ox.Store, parts: Sequence[Part]) -> EmbeddedStore:
    """A fresh store holding every part: read on worker threads when cores are free, else
    quad by quad on this thread (the least work in all)."""
    copy = EmbeddedStore()
    threads = copy_threads()
    try:
        if threads == 1:
            for part in parts:
                _copy_quads(source, part, copy.oxigraph)
        else:
            with ThreadPoolExecutor(threads) as pool:
                for _ in pool.map(lambda part: _copy_text(source, part, copy.oxigraph), parts):
                    pass
    except BaseException:
        copy.close()
        raise
    return copy


def _copy_quads(source: ox.Store, part: Part, into: ox.Store) -> None:
    """The quads of ``part`` as they are, blank nodes and all."""
    into.extend(source.quads_for_pattern(None, part.predicate, None, part.graph))


def _copy_text(source: ox.Store, part: Part, into: ox.Store) -> None:
    """The quads of ``part`` read as N-Triples and loaded, with the interpreter lock released.

    Almost all the time goes into reading terms back from RocksDB, and pyoxigraph releases the
    lock while it evaluates, serialises and loads, so several threads use several cores. The
    text is what Oxigraph wrote from terms it had checked on the way in, so it is loaded
    without checking IRIs again (``lenient``). Loading text gives blank nodes new names, so a
    part holding one (or text that looks like one) is copied quad by quad instead, keeping
    every blank node the same across parts and graphs.
    """
    triples = source.query(_PART_QUERY, substitutions={ox.Variable("g"): part.graph,
                                                       ox.Variable("p"): part.predicate})
    assert isinstance(triples, ox.QueryTriples)
    data = triples.serialize(format=ox.RdfFormat.N_TRIPLES)
    assert data is not None
    if b"_:" in data:
        _copy_quads(source, part, into)
    else:
        into.load(data, ox.RdfFormat.N_TRIPLES, to_graph=part.graph, lenient=True)


_PART_QUERY = internal_query("copy-predicate-triples")

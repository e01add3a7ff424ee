"""The files a store on disk was loaded from, and the changes saved since, kept beside its
data so validation can parse them instead of reading RocksDB.

Validation reads every graph many times, so a store on disk is validated in an in-memory
copy. Reading that copy back out of RocksDB costs two to three times as much as parsing the
files it was loaded from, and its order (by predicate, or by hashed term ids) slows every check
after it. So a load keeps its files (``tomgraph-file-replica/`` inside the store directory,
with a manifest naming each file's format, graph and base IRI), a change of quads adds its
removals and additions as N-Quads files, and validation parses them all in order: the same
work, in the same order, as validating the files.

The files are only the store's content while nothing else has written to the store, and
that is what the manifest's *stamp* proves:

- Every write through tomgraph deletes the manifest before it starts (:func:`retire`). A load
  of files writes a new manifest into the copy it swaps in (see :mod:`.swap`), listing the old
  files (hard links) and its own; a change of quads that landed writes one with its files
  added (:func:`followed`). Any other write leaves none. :mod:`.replica_keeper` does this
  bookkeeping for the process holding the store.
- Any process that opens the directory for writing, tomgraph or not, makes RocksDB write a
  new ``MANIFEST-…`` (named in ``CURRENT``) and a new ``OPTIONS-…`` file, and it keeps the
  previous ``OPTIONS`` file beside it. The stamp records the database's ``IDENTITY``, its
  ``CURRENT`` manifest and its newest ``OPTIONS`` file, so an open for writing by anyone else
  shows. A reader (:func:`current`) accepts the files only if the stamp is what it sees now.
- When tomgraph opens the directory for writing (:func:`carried_over`), the previous
  ``OPTIONS`` file beside its own must be the one stamped; then nobody opened it for writing
  between the stamp and this open, and the stamp moves to this open.
- A followed change is on disk for sure only once the store is flushed (RocksDB does not sync
  its log on every write), so its manifest is marked not durable until the store closes, and
  only the process holding the store trusts it until then.

A kill at any moment leaves either a manifest whose stamp holds or none, since the manifest is
written to a temporary name, flushed and renamed. Without a valid manifest the store is
validated through the RocksDB copy as before. See docs/decisions/0004-file-replica.md.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from ..namespaces import MODEL_GRAPH
from .loading import open_input

FOLDER = "tomgraph-file-replica"
"""The replica's folder inside the store directory (RocksDB ignores names it did not make)."""

MANIFEST = "manifest.json"
VERSION = 1

MAX_CHANGED_QUADS = 100_000
"""At most this many quads of changes are kept beside the loaded files; a store edited more
than that is validated through the copy out of RocksDB until it is loaded from files again."""

MAX_CHANGE_FILES = 64
"""Changes in a row beyond this many files are merged into two (see :func:`_merged`)."""

_OPTIONS = re.compile(r"^OPTIONS-(\d+)$")
_MODEL = ox.NamedNode(MODEL_GRAPH)


@dataclass(frozen=True)
class Stamp:
    """Which state of the RocksDB directory the files describe (see the module docstring)."""

    identity: str
    manifest: str
    options: str


@dataclass(frozen=True)
class Chunk:
    """One file of the replica: a loaded file's copy and how it was parsed, or a change's
    removals or additions as N-Quads."""

    name: str
    format: str  # the media type Oxigraph parsed it as
    graph: str  # the graph its triples went to (a quad format's quads keep their own)
    base_iri: str
    gzip: bool = False
    removes: bool = False  # a change's removals (N-Quads), taken out rather than added
    changed: int = 0  # a change's quads (0 for a loaded file)


@dataclass(frozen=True)
class Replica:
    """The files that make up a store's content, in load order, and the stamp they hold at."""

    chunks: tuple[Chunk, ...]
    stamp: Stamp
    durable: bool = True
    """Whether the store's data behind it is on disk for sure. A change followed after a
    write is not until the store is flushed: RocksDB does not sync its log on every write, so
    a power cut could lose the write but keep the manifest. Only the writing process trusts a
    replica that is not durable; closing the store flushes it and makes it durable."""


def folder(store: Path) -> Path:
    return store / FOLDER


def stamp_of(store: Path) -> Stamp | None:
    """The stamp of the directory as it is now, or ``None`` if it is not a RocksDB store."""
    try:
        identity = (store / "IDENTITY").read_text(encoding="ascii").strip()
        manifest = (store / "CURRENT").read_text(encoding="ascii").strip()
        options = _options_files(store)
    except (OSError, UnicodeDecodeError):
        return None
    if not options:
        return None
    return Stamp(identity, manifest, options[-1])


def _options_files(store: Path) -> list[str]:
    """The ``OPTIONS-…`` files of the directory, oldest first."""
    found = []
    for name in os.listdir(store):
        match = _OPTIONS.match(name)
        if match:
            found.append((int(match.group(1)), name))
    return [name for _, name in sorted(found)]


def _read(store: Path) -> Replica | None:
    try:
        data = json.loads((folder(store) / MANIFEST).read_text(encoding="utf-8"))
        if data.get("version") != VERSION:
            return None
        chunks = tuple(Chunk(**c) for c in data["chunks"])
        stamp = Stamp(**data["stamp"])
        durable = data["durable"] is True
    except (OSError, ValueError, TypeError, KeyError, AttributeError):  # any damage: not used
        return None
    return Replica(chunks, stamp, durable)


def current(store: Path) -> Replica | None:
    """The replica, if it is the store's content now (for any reader of the directory)."""
    replica = _read(store)
    if replica is None or not replica.durable or replica.stamp != stamp_of(store):
        return None
    return replica


def carried_over(store: Path, replica: Replica | None = None) -> Replica | None:
    """The replica (``replica``, or the one on disk), stamped again for the directory as it is
    now, if its content is the store's: nobody but this process opened the store for writing
    since it was stamped. Otherwise ``None``, and the folder is cleared away.

    Called by the process holding the store open for writing, right after it opened the store
    (the previous ``OPTIONS`` file must be the stamped one: its own open is the only one since;
    and the replica on disk must be durable) or after a write that failed before it changed
    anything (the stamp must still hold)."""
    if replica is None:
        replica = _read(store)
        if replica is not None and not replica.durable:
            replica = None
    now = stamp_of(store)
    if replica is not None and now is not None and replica.stamp.identity == now.identity:
        options = _options_files(store)
        if now == replica.stamp or (len(options) >= 2 and options[-2] == replica.stamp.options):
            return seal(store, replica.chunks, durable=replica.durable)
    discard(store)
    return None


def seal(store: Path, chunks: Sequence[Chunk], *, durable: bool = True) -> Replica | None:
    """Write the manifest for ``chunks`` with the directory's stamp now (``None`` if the
    directory has none). The caller holds the store's lock or has closed it: the stamp must
    be of the state the chunks describe."""
    stamp = stamp_of(store)
    if stamp is None:
        return None
    target = folder(store)
    target.mkdir(exist_ok=True)
    text = json.dumps({"version": VERSION, "stamp": vars(stamp), "durable": durable,
                       "chunks": [vars(c) for c in chunks]})
    temporary = target / f".{MANIFEST}.{secrets.token_hex(4)}"
    with open(temporary, "w", encoding="utf-8") as fh:
        fh.write(text)
        fh.flush()
        os.fsync(fh.fileno())
    # The files it names were flushed first. The rename itself need not be made durable
    # here: lost in a crash, it leaves no manifest (the last write retired the old one).
    os.replace(temporary, target / MANIFEST)
    return Replica(tuple(chunks), stamp, durable)


def retire(store: Path) -> None:
    """Before a write the replica cannot follow: the manifest goes first, so that a kill
    during the write leaves no manifest behind. The files stay until :func:`discard`; a load
    that fails may still seal them again."""
    try:
        (folder(store) / MANIFEST).unlink()
    except FileNotFoundError:
        return
    _sync_folder(folder(store))


def discard(store: Path) -> None:
    """Remove the folder (its files no longer describe the store)."""
    shutil.rmtree(folder(store), ignore_errors=True)


def add_files(
    staged: Path,
    kept: Sequence[Chunk],
    kept_from: Path,
    files: Iterable[tuple[Path, ox.RdfFormat, str, str]],
) -> list[Chunk]:
    """Fill ``staged``'s folder with the chunks ``kept`` (hard links into ``kept_from``'s
    folder, copies where the file system cannot link) and a copy of each new file, and return
    the chunks in load order. Nothing is sealed: the caller seals once the load has landed.

    The new files are copied, not linked, so that a later change to a user's file cannot
    change the store's replica."""
    target = folder(staged)
    target.mkdir(parents=True, exist_ok=True)
    for chunk in kept:
        source, copy = folder(kept_from) / chunk.name, target / chunk.name
        try:
            os.link(source, copy)
        except OSError:
            shutil.copyfile(source, copy)
    chunks = list(kept)
    for path, fmt, graph, base_iri in files:
        gzip = path.suffix.lower() == ".gz"
        name = f"{secrets.token_hex(8)}.{fmt.file_extension}" + (".gz" if gzip else "")
        shutil.copyfile(path, target / name)
        chunks.append(Chunk(name, fmt.media_type, graph, base_iri, gzip))
    for name in {c.name for c in chunks}:
        with open(target / name, "rb") as fh:
            os.fsync(fh.fileno())
    return chunks


def size(store: Path, replica: Replica, *, unpacked: bool) -> int:
    """Bytes of the replica's files on disk, or (``unpacked``) of their text, a compressed file
    counting four times its size (a rough guess, for a memory estimate)."""
    total = 0
    for chunk in replica.chunks:
        bytes_ = (folder(store) / chunk.name).stat().st_size
        total += bytes_ * 4 if unpacked and chunk.gzip else bytes_
    return total


def read_into(store: Path, replica: Replica, into: ox.Store, graphs: Sequence[str]) -> None:
    """Parse the chunks that can hold ``graphs`` into ``into``, in load order.

    Each file parsed strictly once when it was loaded, so it is parsed leniently now (no IRI
    checks: about a quarter faster). Raises ``OSError`` when a chunk has gone (a writer
    retired the replica meanwhile): the caller copies from the store instead.
    """
    wanted = set(graphs)
    datasets = False
    for chunk in replica.chunks:
        fmt = ox.RdfFormat.from_media_type(chunk.format)
        if fmt is None:
            raise OSError(f"{chunk.name}: unknown format {chunk.format}")
        if chunk.graph not in wanted and not fmt.supports_datasets:
            continue
        datasets = datasets or fmt.supports_datasets
        to_graph = ox.NamedNode(chunk.graph)
        path = folder(store) / chunk.name
        if chunk.removes:
            for quad in ox.parse(path=str(path), format=fmt, lenient=True):
                into.remove(quad)
        elif chunk.gzip:
            with open_input(path) as fh:
                into.load(fh, fmt, base_iri=chunk.base_iri, to_graph=to_graph, lenient=True)
        else:
            into.load(path=str(path), format=fmt, base_iri=chunk.base_iri, to_graph=to_graph,
                      lenient=True)
    if datasets:  # a file of quads may have filled other graphs too
        for graph in list(into.named_graphs()):
            if not isinstance(graph, ox.NamedNode) or graph.value not in wanted:
                into.remove_graph(graph)
        into.clear_graph(ox.DefaultGraph())


def followed(
    store: Path, replica: Replica, added: Iterable[ox.Quad], removed: Iterable[ox.Quad]
) -> Replica | None:
    """After a change of quads landed (removals first, then additions, as the stores write
    them: default-graph quads go to the model graph): the replica with the change's files
    after its own, sealed. ``None`` when the change names a blank node (a parse names blank
    nodes afresh, so the files could not say which one) or the changes would pass
    :data:`MAX_CHANGED_QUADS`; the caller then leaves the replica retired.

    Called with the store held for writing and no other write running, like :func:`seal`."""
    parts = []
    for quads, removes in ((removed, True), (added, False)):
        lines = []
        for q in quads:
            if isinstance(q.subject, ox.BlankNode) or isinstance(q.object, ox.BlankNode):
                return None
            graph = _MODEL if isinstance(q.graph_name, ox.DefaultGraph) else q.graph_name
            lines.append(f"{ox.Quad(q.subject, q.predicate, q.object, graph)} .\n")
        if lines:
            parts.append(([("".join(lines)).encode()], len(lines), removes))
    return _with_changes(store, replica, parts)


def followed_text(store: Path, replica: Replica, text: Sequence[bytes], count: int
                  ) -> Replica | None:
    """:func:`followed` for additions given as N-Quads text, each quad in a named graph."""
    if any(b"_:" in part for part in text):
        return None
    return _with_changes(store, replica, [(list(text), count, False)] if any(text) else [])


def _with_changes(
    store: Path, replica: Replica, parts: Sequence[tuple[Sequence[bytes], int, bool]]
) -> Replica | None:
    chunks = list(replica.chunks)
    if sum(c.changed for c in chunks) + sum(n for _, n, _ in parts) > MAX_CHANGED_QUADS:
        return None
    for text, count, removes in parts:
        chunks.append(_write_change(store, text, count, removes))
    run = len(chunks)
    while run > 0 and chunks[run - 1].changed:
        run -= 1
    gone: list[Chunk] = []
    if len(chunks) - run > MAX_CHANGE_FILES:
        gone = chunks[run:]
        chunks[run:] = _merged(store, gone)
    sealed = seal(store, chunks, durable=False)
    for chunk in gone:
        (folder(store) / chunk.name).unlink(missing_ok=True)
    return sealed


def _write_change(store: Path, text: Sequence[bytes], count: int, removes: bool) -> Chunk:
    target = folder(store)
    target.mkdir(exist_ok=True)
    name = f"{secrets.token_hex(8)}.{'removed.' if removes else ''}nq"
    with open(target / name, "wb") as fh:
        for part in text:
            fh.write(part)
        fh.flush()
        os.fsync(fh.fileno())
    return Chunk(name, ox.RdfFormat.N_QUADS.media_type, MODEL_GRAPH, "", removes=removes,
                 changed=count)


def _merged(store: Path, run: Sequence[Chunk]) -> list[Chunk]:
    """Changes in a row as two files, their net effect: each quad they touch ends removed or
    added as its last change left it, so the removals and then the additions give the same
    store whatever was there before."""
    last: dict[ox.Quad, bool] = {}  # quad → removed by its last change
    for chunk in run:
        for quad in ox.parse(path=str(folder(store) / chunk.name), format=ox.RdfFormat.N_QUADS,
                             lenient=True):
            last[quad] = chunk.removes
    merged = []
    for removes in (True, False):
        lines = [f"{q} .\n" for q, gone in last.items() if gone == removes]
        if lines:
            merged.append(_write_change(store, ["".join(lines).encode()], len(lines), removes))
    return merged


def _sync_folder(target: Path) -> None:
    """Make a rename or unlink in ``target`` durable."""
    fd = os.open(target, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)

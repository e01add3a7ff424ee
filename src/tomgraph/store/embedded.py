"""The embedded backend: Oxigraph in this process, in memory or persisted in a directory."""

from __future__ import annotations

import io
import logging
import os
import shutil
import sys
import tempfile
import threading
import zlib
from collections.abc import Callable, Iterator, Sequence
from itertools import chain
from pathlib import Path
from typing import IO

import pyoxigraph as ox

from ..errors import InputError, QuerySyntaxError, StoreError
from ..namespaces import MODEL_GRAPH, XSD
from ..sparql import internal_query
from ..sparql.values import bind, cache_key, needs_values, normalise
from . import file_replica
from .base import (
    PORTABLE_CASTS,
    UNION,
    AskResult,
    Bindings,
    Dataset,
    GraphResult,
    LoadReport,
    QueryResult,
    Readable,
    SelectResult,
    Snapshot,
    Store,
    owned_snapshot,
)
from .cache import cached_query
from .loading import checked_files, open_input, syntax_error
from .nesting import check_nesting
from .nquads import NQuads, NQuadsStream, head_of, pipe_of, reader_of
from .progress import ProgressReader, progress_bar
from .replica_keeper import ReplicaKeeper
from .swap import exchange, recover, staging_dir
from .versioning import write_operation

_GUARDED = threading.Lock()
_PIPES = os.path.isdir("/dev/fd")
"""Whether a pipe can be handed to Oxigraph as a path (see :meth:`NQuadsStream.pipe`)."""
"""Held by guarded writes (compare-and-set) on embedded stores."""

__all__ = ["EmbeddedStore", "syntax_error"]


FIRST_LOAD_MARKER = "tomgraph-first-load-in-progress"
"""File in a store directory while a bulk load into the empty store runs."""


def _write_marker(path: Path) -> None:
    with open(path, "w", encoding="utf-8") as fh:
        fh.write("a bulk load into this empty store has not finished\n")
        fh.flush()
        os.fsync(fh.fileno())


def _base_iri(path: Path) -> str:
    """The base a file's relative IRIs resolve against, as loaded and as its replica reads it."""
    return path.resolve().as_uri()


def _graph_node(graph: str | None) -> ox.NamedNode | ox.DefaultGraph:
    return ox.NamedNode(graph) if graph else ox.DefaultGraph()


DAMAGED_FIX = (
    "restore it from a backup (tomgraph restore BACKUP --store {path} --force) "
    "or rebuild it (move it aside, then tomgraph load FILES --store {path})"
)


def _open_error(path: Path, exc: Exception) -> StoreError:
    """A store that cannot be opened, said in words a person can act on."""
    text = str(exc)
    if "lock" in text.lower():
        return StoreError(f"{path}: the store is in use by another process (close it first)")
    if isinstance(exc, RuntimeError) or "corrupt" in text.lower() or "No such file" in text:
        fix = DAMAGED_FIX.format(path=path)
        return StoreError(f"{path}: the store is damaged ({text}); {fix}")
    return StoreError(f"{path}: cannot open the store: {text}")


OXIGRAPH_CASTS = PORTABLE_CASTS | frozenset(
    XSD + t for t in ("date", "time", "duration", "yearMonthDuration", "dayTimeDuration",
                      "gYear", "gYearMonth", "gMonth", "gMonthDay", "gDay")
)
"""Oxigraph casts to these as well, so ill-formed dates are caught on the embedded store."""


def _bulk_write(copy: EmbeddedStore, chunks: Iterator[bytes], removed: Sequence[ox.Quad],
                lenient: bool, stopped: Callable[[], None] | None) -> None:
    """Remove ``removed`` from ``copy``, then bulk-load the N-Quads text of ``chunks``.

    ``copy`` is a checkpoint that is thrown away unless all of this succeeds, so neither step
    needs to be atomic; the bulk load comes second so that a quad both removed and added stays.
    """
    if removed:
        copy.apply((), removed)
    try:
        if _PIPES:
            with pipe_of(chunks, stopped=stopped) as path:
                copy.oxigraph.bulk_load(path=path, format=ox.RdfFormat.N_QUADS, lenient=lenient)
        else:
            copy.oxigraph.bulk_load(reader_of(chunks), ox.RdfFormat.N_QUADS, lenient=lenient)
    except SyntaxError as exc:
        raise StoreError(f"write failed: the quads to add are not N-Quads: {exc}") from exc
    except OSError as exc:
        raise StoreError(f"write failed: {exc}") from exc


class EmbeddedStore(Store):
    """Oxigraph running inside this process.

    ``path=None`` keeps everything in memory; a directory persists it (RocksDB) and is locked
    against other writers while open. ``read_only`` opens an existing directory for reading
    only, which other readers and one writer may share.
    """

    xsd_casts = OXIGRAPH_CASTS

    def __init__(self, path: str | Path | None = None, *, read_only: bool = False) -> None:
        if path is None:
            self._store: ox.Store | None = ox.Store()
            self.location = "memory"
        else:
            path = Path(path)
            try:
                if read_only:
                    if not path.is_dir():
                        # A missing store is a mistake in the input, like a missing file.
                        raise InputError("no store here (create one with tomgraph load)",
                                         source=path)
                    self._store = ox.Store.read_only(str(path))
                else:
                    recover(path)
                    path.mkdir(parents=True, exist_ok=True)
                    self._store = ox.Store(str(path))
            except (OSError, RuntimeError) as exc:  # RuntimeError: RocksDB found corruption
                raise _open_error(path, exc) from exc
            self.location = str(path)
            self.persistent = True
        self.writable = not read_only
        # An in-memory store is copied by fork; a directory's files and locks are not.
        self.can_fork = not self.persistent
        self._recover()
        if self.persistent and self.writable:
            self._files = ReplicaKeeper(Path(self.location), empty=self._is_empty())

    _files: ReplicaKeeper | None = None
    """The files this store was loaded from (a store on disk held for writing only; see
    :mod:`.file_replica`)."""

    def current_replica(self) -> file_replica.Replica | None:
        """The files this store's content was loaded from, if they still are its content: for
        a reader that would otherwise read every graph out of RocksDB (validation)."""
        if not self.persistent:
            return None
        if self._files is not None:
            return self._files.replica
        return file_replica.current(Path(self.location))

    def validation_files(self) -> str | None:
        if not self.persistent:
            return None
        replica = self.current_replica()
        if replica is None:
            return ("none kept: validation copies the store out of RocksDB (files are kept "
                    "from the first load into an empty store, until a write they cannot "
                    "follow; docs/decisions/0004-file-replica.md)")
        size = file_replica.size(Path(self.location), replica, unpacked=False)
        loaded = sum(1 for chunk in replica.chunks if not chunk.changed)
        changes = sum(chunk.changed for chunk in replica.chunks)
        return (f"{loaded} loaded file(s) and {changes:,} changed quad(s) kept, "
                f"{size / 1e6:,.1f} MB: validation parses them")

    def _before_write(self) -> None:
        if self._files is not None:
            self._files.before_write()

    def _after_write(self) -> None:
        if self._files is not None and self._store is not None:
            self._files.after_write(self._is_empty)

    def _first_load_marker(self) -> Path | None:
        return Path(self.location) / FIRST_LOAD_MARKER if self.persistent else None

    def _recover(self) -> None:
        """Undo a first load that a kill interrupted: the store was empty before it.

        A read-only handle cannot empty the store, so it refuses to show the partial data.
        """
        marker = self._first_load_marker()
        if marker is None or not marker.exists():
            return
        if not self.writable:
            self._store = None
            raise StoreError(
                f"{self.location}: a first load into this store is running or was interrupted, "
                "so it holds part of its files; wait for it, or open the store for writing "
                "(e.g. tomgraph load FILES --store ...), which empties it again"
            )
        logging.getLogger(__name__).warning(
            "%s: emptying a first load that was interrupted", self.location
        )
        file_replica.discard(Path(self.location))
        self.oxigraph.clear()
        self.oxigraph.flush()
        marker.unlink()

    @property
    def oxigraph(self) -> ox.Store:
        """The underlying pyoxigraph store, for engines that run inside it (SHACL, reasoning)."""
        if self._store is None:
            raise StoreError(f"{self.location}: the store has been closed")
        return self._store

    # -- reading -------------------------------------------------------------------------------
    def query(
        self,
        sparql: str,
        *,
        bindings: Bindings | None = None,
        dataset: Dataset = UNION,
        base_iri: str | None = None,
    ) -> QueryResult:
        cache = self.query_cache
        if cache is None:
            return self._query(sparql, bindings, dataset, base_iri)
        cache.at_version(self.version)
        return cached_query(cache, self._cache_key(sparql, bindings, dataset, base_iri),
                            lambda: self._query(sparql, bindings, dataset, base_iri))

    def cached(
        self,
        sparql: str,
        *,
        bindings: Bindings | None = None,
        dataset: Dataset = UNION,
        base_iri: str | None = None,
    ) -> QueryResult | None:
        cache = self.query_cache
        if cache is None:
            return None
        return cache.get(self._cache_key(sparql, bindings, dataset, base_iri))  # type: ignore[no-any-return]

    def _cache_key(
        self, sparql: str, bindings: Bindings | None, dataset: Dataset, base_iri: str | None,
    ) -> tuple[object, ...]:
        return (sparql, cache_key(bindings), dataset, base_iri, self.version)

    def _query(
        self,
        sparql: str,
        bindings: Bindings | None,
        dataset: Dataset,
        base_iri: str | None,
    ) -> QueryResult:
        kwargs: dict[str, object] = {}
        if dataset.default_graphs is None:
            kwargs["use_default_graph_as_union"] = True
        else:
            kwargs["default_graph"] = [_graph_node(g) for g in dataset.default_graphs] or [
                ox.DefaultGraph()
            ]
        if dataset.named_graphs is not None:
            kwargs["named_graphs"] = [ox.NamedNode(g) for g in dataset.named_graphs]
        # The text as written: bound VALUES blocks add two levels at most (far below where
        # the parser overflows), and tokenizing thousands of bound rows costs a lot.
        check_nesting(sparql)
        if bindings:
            if needs_values(sparql, bindings):
                sparql = bind(sparql, bindings)
            else:
                kwargs["substitutions"] = {
                    ox.Variable(k): v for k, (v,) in normalise(bindings).items()
                }
        try:
            result = self.oxigraph.query(sparql, base_iri=base_iri, **kwargs)  # type: ignore[arg-type]
        except SyntaxError as exc:
            raise QuerySyntaxError(str(exc), source="query") from exc
        except OSError as exc:
            raise StoreError(f"query failed: {exc}") from exc
        if isinstance(result, ox.QuerySolutions):
            variables = [v.value for v in result.variables]
            return SelectResult(variables, native=result)
        if isinstance(result, ox.QueryBoolean):
            return AskResult(bool(result))
        return GraphResult(result)

    def count(self, graph: str | None = None) -> int:
        if graph is None:
            return len(self.oxigraph)
        result = self.oxigraph.query(
            internal_query("graph-size"), substitutions={ox.Variable("g"): ox.NamedNode(graph)}
        )
        rows = list(result)  # type: ignore[arg-type]
        return int(rows[0][1].value) if rows else 0  # type: ignore[index,union-attr]

    def graphs(self) -> list[str]:
        store = self.oxigraph
        return sorted(
            g.value
            for g in store.named_graphs()
            if isinstance(g, ox.NamedNode)
            and next(iter(store.quads_for_pattern(None, None, None, g)), None) is not None
        )

    def export(self, output: IO[bytes], format: ox.RdfFormat, *, graph: str | None = None) -> None:
        from ..namespaces import PREFIXES

        prefixes = PREFIXES if format in (ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG) else None
        if graph is None and not format.supports_datasets:
            # A triple format for "everything": the union of all graphs, as queries see it.
            triples = self.oxigraph.query(
                internal_query("union-triples"), use_default_graph_as_union=True
            )
            ox.serialize(triples, output, format, prefixes=prefixes)  # type: ignore[arg-type]
            return
        from_graph = ox.NamedNode(graph) if graph else None
        self.oxigraph.dump(output, format, from_graph=from_graph, prefixes=prefixes)

    # -- writing -------------------------------------------------------------------------------
    @write_operation
    def update(self, sparql: str, *, base_iri: str | None = None) -> None:
        check_nesting(sparql, source="update")
        try:
            self.oxigraph.update(sparql, base_iri=base_iri)
        except SyntaxError as exc:
            raise QuerySyntaxError(str(exc), source="update") from exc
        except OSError as exc:
            raise StoreError(f"update failed: {exc}") from exc

    @write_operation
    def load_bytes(
        self,
        data: bytes | Readable,
        format: ox.RdfFormat,
        *,
        graph: str | None = None,
        base_iri: str | None = None,
        source: str = "<input>",
    ) -> int:
        try:
            self.oxigraph.load(data, format, base_iri=base_iri, to_graph=self._target(graph))  # type: ignore[arg-type]
        except SyntaxError as exc:
            document = data if isinstance(data, bytes) and format == ox.RdfFormat.RDF_XML else None
            raise syntax_error(exc, source, document=document) from exc
        except (OSError, ValueError) as exc:
            raise InputError(str(exc), source=source) from exc
        return len(self.oxigraph)

    @write_operation
    def load_files(
        self,
        paths: Sequence[Path],
        *,
        format: str | None = None,
        graph: str | None = None,
        progress: bool = False,
    ) -> LoadReport:
        paths, formats = checked_files(paths, format)
        with progress_bar(paths, enabled=progress) as bar:
            if self.persistent and self._sole_handle():
                # On disk: bulk-load a checkpoint beside the store and swap it in (store/swap.py).
                self._load_and_swap(paths, formats, graph, bar)
            elif self._is_empty():
                # An empty store: load straight in, since emptying it again undoes a failure
                # exactly. On disk (when another handle keeps the store from being swapped) a
                # kill skips that clean-up, so a marker says "partial" until the load is done
                # and the next writable open empties the store again (see _recover).
                marker = self._first_load_marker()
                if marker is not None:
                    _write_marker(marker)
                try:
                    for p, fmt in zip(paths, formats, strict=True):
                        self._load_file(self, p, fmt, graph, bar)
                    if marker is not None:
                        self.oxigraph.flush()
                except BaseException:
                    self.oxigraph.clear()
                    raise
                finally:
                    if marker is not None:
                        marker.unlink(missing_ok=True)
            elif len(paths) == 1:
                # One file: Oxigraph's own load is already a single transaction.
                self._load_file(self, paths[0], formats[0], graph, bar)
            else:
                # Several files: stage them in memory first, so a bad file anywhere loads none.
                staging = EmbeddedStore()
                for p, fmt in zip(paths, formats, strict=True):
                    self._load_file(staging, p, fmt, graph, bar)
                buffer = io.BytesIO()
                staging.oxigraph.dump(buffer, ox.RdfFormat.N_QUADS)
                staging.close()
                self.oxigraph.load(buffer.getvalue(), ox.RdfFormat.N_QUADS)
        return LoadReport(files=[str(p) for p in paths], quads=len(self.oxigraph))

    def _sole_handle(self) -> bool:
        """Nobody else holds the pyoxigraph store, so it can be closed and reopened safely."""
        # The attribute, the getrefcount argument and the local name.
        store = self._store
        return store is not None and sys.getrefcount(store) <= 3

    def _load_and_swap(
        self, paths: Sequence[Path], formats: Sequence[ox.RdfFormat], graph: str | None,
        bar: object,
    ) -> None:
        path = Path(self.location)
        retired = self._files.retired if self._files is not None else None

        def fill(copy: EmbeddedStore) -> list[file_replica.Chunk] | None:
            for p, fmt in zip(paths, formats, strict=True):
                self._load_file(copy, p, fmt, graph, bar, bulk=True)
            if retired is None:
                return None
            # The files join the replica the store had, in the copy that is swapped in.
            target = self._target(graph).value
            return file_replica.add_files(
                Path(copy.location), retired.chunks, path,
                ((p, fmt, target, _base_iri(p)) for p, fmt in zip(paths, formats, strict=True)))

        self._swap_in(fill, "load")

    def _swap_in(
        self, fill: Callable[[EmbeddedStore], Sequence[file_replica.Chunk] | None], what: str
    ) -> None:
        """Write through ``fill`` into a checkpoint beside the directory, then swap the two in
        one step.

        The checkpoint hard-links the store's files, so it costs nothing however big the store
        is, and ``fill`` may use the bulk loader, which is not atomic: the directory only ever
        holds the old state or the new one (see :mod:`.swap`). A failing ``fill`` leaves the
        store as it was, and its replica too. ``fill`` returns the chunks of the checkpoint's
        replica (``None``: it has none); they are sealed with the checkpoint's stamp before the
        swap, so the swap moves data and replica together.
        """
        path = Path(self.location)
        staged = staging_dir(path)
        exchanged = False
        try:
            try:
                self.oxigraph.backup(str(staged))
            except OSError as exc:
                raise StoreError(
                    f"{path}: cannot stage the {what} beside the store: {exc}"
                ) from exc
            copy = EmbeddedStore(staged)
            try:
                chunks = fill(copy)
            finally:
                copy.close()
            if chunks is not None:
                file_replica.seal(staged, chunks)
            else:  # e.g. the empty replica the checkpoint of an empty store started with
                file_replica.discard(staged)
            self.oxigraph.flush()
            self._store = None  # Closes the store: RocksDB must not write into the new files.
            try:
                exchange(path, staged)
                exchanged = True
            finally:
                self._store = ox.Store(str(path))
                if exchanged and self._files is not None:
                    self._files.put_back(lambda _retired: file_replica.carried_over(path))
        except BaseException:
            if not exchanged and self._files is not None:
                self._files.unchanged()
            raise
        finally:
            shutil.rmtree(staged, ignore_errors=True)

    @staticmethod
    def _load_file(
        into: EmbeddedStore,
        path: Path,
        fmt: ox.RdfFormat,
        graph: str | None,
        bar: object,
        *,
        bulk: bool = False,
    ) -> None:
        """Parse ``path`` into ``into`` (one transaction unless ``bulk``), errors naming it."""
        base_iri = _base_iri(path)
        target = into._target(graph)
        load = into.oxigraph.bulk_load if bulk else into.oxigraph.load
        try:
            if bar is None and path.suffix.lower() != ".gz":
                # Oxigraph reads the file itself: no Python call per chunk.
                load(path=str(path), format=fmt, base_iri=base_iri, to_graph=target)  # type: ignore[arg-type]
            else:
                with open_input(path) as fh:
                    load(
                        ProgressReader(fh, bar),  # type: ignore[arg-type]
                        fmt, base_iri=base_iri, to_graph=target,
                    )
        except SyntaxError as exc:
            document = path if fmt == ox.RdfFormat.RDF_XML else None
            raise syntax_error(exc, str(path), document=document) from exc
        except (OSError, ValueError, EOFError, zlib.error) as exc:
            raise InputError(str(exc), source=path) from exc

    @write_operation
    def apply(self, added: Sequence[ox.Quad], removed: Sequence[ox.Quad] = ()) -> None:
        if removed:
            # Removal and insertion together: one SPARQL update is one Oxigraph transaction.
            super().apply(added, removed)
        else:
            default = ox.DefaultGraph()
            model = ox.NamedNode(MODEL_GRAPH)
            try:
                # ``extend`` is transactional: every quad is added or none is.
                self.oxigraph.extend(
                    ox.Quad(q.subject, q.predicate, q.object, model) if q.graph_name == default
                    else q
                    for q in added
                )
            except OSError as exc:
                raise StoreError(f"write failed: {exc}") from exc
        if self._files is not None:
            self._files.follow(added, removed)

    swap_above: int | None = 50_000
    """From this many quads added and removed, a write into a store on disk (that no other
    handle shares) bulk-loads a checkpoint beside the store and swaps it in (see
    :meth:`_swap_in`): atomic at bulk-load speed, where a transaction of a million quads
    costs several times more. Below it, the checkpoint and reopening would cost more than
    they save. ``None``: never."""

    @write_operation
    def apply_nquads(self, data: NQuads | NQuadsStream, removed: Sequence[ox.Quad] = ()) -> None:
        lenient = isinstance(data, NQuadsStream) and data.checked
        if self.persistent and self.swap_above is not None and self._sole_handle():
            head, rest = head_of(data, self.swap_above - len(removed))
            if rest is not None:
                stopped = data.abandon if isinstance(data, NQuadsStream) else None
                self._swap_in(lambda copy: _bulk_write(copy, chain(head, rest), removed,
                                                       lenient, stopped), "write")
                return
            data = NQuads(tuple(head), data.count)  # small: the ordinary transaction
        if removed:
            # Removal and insertion together: one SPARQL update is one Oxigraph transaction.
            self.apply(list(ox.parse(data.reader(), ox.RdfFormat.N_QUADS)), removed)
            return
        try:
            # ``load`` is transactional: every quad is added or none is.
            if isinstance(data, NQuadsStream) and _PIPES:
                with data.pipe() as path:
                    self.oxigraph.load(path=path, format=ox.RdfFormat.N_QUADS, lenient=lenient)
            else:
                self.oxigraph.load(data.reader(), ox.RdfFormat.N_QUADS, lenient=lenient)
        except SyntaxError as exc:
            raise StoreError(f"write failed: the quads to add are not N-Quads: {exc}") from exc
        except OSError as exc:
            raise StoreError(f"write failed: {exc}") from exc
        if isinstance(data, NQuads) and self._files is not None:
            self._files.follow_text(data.chunks, data.count)

    @write_operation
    def apply_guarded(
        self, added: Sequence[ox.Quad], removed: Sequence[ox.Quad], *, subject: ox.NamedNode,
        expected: Sequence[ox.Quad], proof: ox.Quad,
    ) -> bool:
        # One process owns an embedded store (RocksDB locks its folder), so a lock here
        # makes the check and the write one step for every thread that shares the store.
        with _GUARDED:
            applied = super().apply_guarded(added, removed, subject=subject, expected=expected,
                                            proof=proof)
        if self._files is not None:
            if applied:
                self._files.follow(added, removed)
            else:
                self._files.unchanged()
        return applied

    @write_operation
    def clear(self, graph: str | None = None) -> None:
        if graph is None:
            self.oxigraph.clear()
        else:
            self.oxigraph.remove_graph(ox.NamedNode(graph))

    can_backup = True

    def backup(self, directory: Path) -> None:
        """A consistent snapshot in the new ``directory`` (see :mod:`tomgraph.store.backup`).

        A writable handle takes Oxigraph's checkpoint (hard links where the file system
        allows: fast). A read-only handle, the only kind a second process gets while a server
        holds the store, is a fixed point-in-time view; its checkpoint would miss the writes
        still in the writer's log, so its quads are copied into a fresh store instead.
        """
        if self.persistent and self.writable:
            self.oxigraph.backup(str(directory))
            return
        copy = ox.Store(str(directory))
        copy.bulk_extend(self.oxigraph.quads_for_pattern(None, None, None, None))
        copy.flush()
        del copy

    def snapshot(self) -> Snapshot:
        """A checkpoint for a store on disk, its own directory when read-only, else a copy.

        Oxigraph's own advice: never read a directory another process writes. A checkpoint
        (hard links, so cheap on the same file system, hence made next to the store) is
        immutable instead. A read-only handle means nobody writes through this process, so
        readers may open the directory itself. An in-memory store is copied (the default).
        """
        if not self.persistent:
            return super().snapshot()
        if not self.writable:
            return Snapshot(self.location, owned=False)
        parent = Path(self.location).resolve().parent
        try:
            directory = tempfile.mkdtemp(prefix=".tomgraph-view-", dir=parent)
        except OSError:
            directory = tempfile.mkdtemp(prefix="tomgraph-view-")
        os.rmdir(directory)  # Oxigraph's backup creates it
        return owned_snapshot(directory, self.oxigraph.backup)

    def close(self) -> None:
        """Flush and release the store; closing twice is harmless."""
        if self._store is None:
            return
        store, self._store = self._store, None
        if self.persistent and self.writable:
            try:
                store.flush()
            except (OSError, RuntimeError) as exc:  # a full disk, a vanished directory
                raise StoreError(
                    f"{self.location}: cannot write the store to disk ({exc}); "
                    "it keeps its last committed state"
                ) from exc
            if self._files is not None:
                self._files.flushed()  # while ``store`` still holds the directory's lock

    def _is_empty(self) -> bool:
        """No quad in any graph (without counting them all, which is slow on disk)."""
        return next(iter(self.oxigraph.quads_for_pattern(None, None, None, None)), None) is None

    @staticmethod
    def _target(graph: str | None) -> ox.NamedNode:
        """Where triples go: ``graph``, or the model graph (quad formats keep their own)."""
        return ox.NamedNode(graph or MODEL_GRAPH)

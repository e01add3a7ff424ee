"""The one store interface that the CLI, validation, queries and the web app depend on.

Backends (embedded Oxigraph, a remote SPARQL 1.1 service) implement :class:`Store`; callers
never ask which backend they hold: they read its capability flags instead.
"""

from __future__ import annotations

import shutil
import tempfile
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, Protocol

from pyoxigraph import (
    BlankNode,
    DefaultGraph,
    NamedNode,
    Quad,
    QueryResultsFormat,
    RdfFormat,
    Triple,
    parse,
)
from pyoxigraph import Store as OxigraphStore

from ..errors import StoreError, UsageError
from ..namespaces import XSD
from .serialize import write_solutions
from .terms import Term

PORTABLE_CASTS = frozenset(
    XSD + t for t in ("string", "boolean", "float", "double", "decimal", "integer", "dateTime")
)
"""Datatypes every SPARQL 1.1 store can cast to (SPARQL 1.1 §17.5): well-formedness tests."""

if TYPE_CHECKING:
    from .nquads import NQuads, NQuadsStream

Bindings = Mapping[str, Term | Sequence[Term]]
"""Pre-bound variables of a query: a name to one term, or to a sequence of terms (any of)."""


class Readable(Protocol):
    """Anything a parser can pull bytes from."""

    def read(self, size: int = -1, /) -> bytes: ...


def term_value(term: Term | None) -> str | None:
    """The lexical value of a term (IRI, literal text, blank node id); ``None`` stays ``None``."""
    if term is None:
        return None
    if isinstance(term, Triple):
        return str(term)
    return term.value


class SelectResult:
    """Solutions of a SELECT query: rows align with ``variables``; unbound is ``None``.

    Rows are a one-shot stream: materialise them (``list(result)``) to read them twice. A
    backend may attach its ``native`` result so that :meth:`serialize` can hand the whole
    stream to the engine's own serialiser (no Python object per term) when no row was read.
    """

    def __init__(
        self,
        variables: list[str],
        rows: Iterable[Sequence[Term | None]] | None = None,
        *,
        native: Any = None,
    ) -> None:
        self.variables = variables
        self._rows = rows
        self._native = native

    @property
    def rows(self) -> Iterable[Sequence[Term | None]]:
        if self._rows is None:
            native, self._native = self._native, None
            self._rows = (tuple(s) for s in native) if native is not None else ()
        return self._rows

    def __iter__(self) -> Iterator[Sequence[Term | None]]:
        return iter(self.rows)

    def dicts(self) -> Iterator[dict[str, Term]]:
        """Each solution as ``{variable: term}`` with unbound variables left out."""
        for row in self.rows:
            yield {v: t for v, t in zip(self.variables, row, strict=True) if t is not None}

    def serialize(self, format: QueryResultsFormat) -> bytes:
        """The solutions in a SPARQL results format (JSON, XML, CSV, TSV)."""
        if self._rows is None and self._native is not None:
            native, self._native = self._native, None
            data: bytes = native.serialize(format=format)
            self._rows = ()
            return data
        return write_solutions(self.variables, self.rows, format)


@dataclass
class AskResult:
    """The answer of an ASK query."""

    value: bool

    def __bool__(self) -> bool:
        return self.value


@dataclass
class GraphResult:
    """Triples from a CONSTRUCT or DESCRIBE query (possibly a one-shot iterator)."""

    triples: Iterable[Triple]

    def __iter__(self) -> Iterator[Triple]:
        return iter(self.triples)


QueryResult = SelectResult | AskResult | GraphResult


@dataclass(frozen=True)
class Snapshot:
    """An on-disk, read-only copy of a store made by :meth:`Store.snapshot`.

    ``owned`` says the directory was made for the caller, who deletes it when done; a store
    that nobody writes may hand out its own directory instead (``owned=False``).
    """

    path: str
    owned: bool


@dataclass(frozen=True)
class Dataset:
    """The RDF dataset a query runs over (SPARQL 1.1 §13, and the protocol's graph URIs).

    ``default_graphs=None`` means the union of all graphs in the store, which is what
    tomgraph users expect: the ontology, shapes and model queried as one graph.
    """

    default_graphs: tuple[str, ...] | None = None
    named_graphs: tuple[str, ...] | None = None


UNION = Dataset()


@dataclass
class LoadReport:
    """What a load added: triples (quads) per target graph."""

    files: list[str] = field(default_factory=list)
    quads: int = 0


class Store(ABC):
    """An RDF dataset that tomgraph reads and writes.

    Every write is all-or-nothing: a load whose input does not parse, or an update that fails,
    leaves the store exactly as it was.
    """

    #: Human-readable description (``memory``, a directory, or an endpoint URL).
    location: str = ""
    #: Data survives the process (a directory or a remote service).
    persistent: bool = False
    #: The data lives in another process reached over HTTP.
    remote: bool = False
    #: Writes are allowed on this handle.
    writable: bool = True
    #: :meth:`backup` can write a consistent snapshot (embedded stores).
    can_backup: bool = False
    #: A process forked from this one reads the same data through its copy of this handle
    #: (an in-memory store is copied by fork; files and connections are not safely shared).
    can_fork: bool = False
    #: Datatypes this store's SPARQL engine casts to, so ``<dt>(STR(?v))`` tells whether a
    #: literal is well-formed. Every SPARQL 1.1 store casts to :data:`PORTABLE_CASTS`.
    xsd_casts: frozenset[str] = PORTABLE_CASTS
    #: Moves with every write made through this handle (update, load, clear, apply), as it
    #: starts and as it ends (``store/versioning.py``): ETags and result caches key on it.
    #: Writes by other clients of a remote service do not move it.
    version: int = 0
    #: Where query results are kept between identical queries (``store.cache.QueryCache``);
    #: ``None``, the default, keeps nothing. Backends that cannot see every write ignore it.
    query_cache: Any = None

    # -- reading -------------------------------------------------------------------------------
    @abstractmethod
    def query(
        self,
        sparql: str,
        *,
        bindings: Bindings | None = None,
        dataset: Dataset = UNION,
        base_iri: str | None = None,
    ) -> QueryResult:
        """Run a SPARQL 1.1 query. ``bindings`` pre-bind variables to RDF terms (never text).

        Pre-binding is the store's job; nobody else writes ``VALUES`` blocks into a query. A
        bound variable has its value everywhere in the query, sub-SELECTs included, whether
        or not the SELECT projects it. A sequence of terms binds the variable to each of
        them in turn (``VALUES ?s { <a> <b> <c> }``: one query for a batch of lookups);
        several bound variables take every combination of their values. Blank nodes can be
        bound only as single terms of a projected variable on an embedded store.
        """

    def cached(
        self,
        sparql: str,
        *,
        bindings: Bindings | None = None,
        dataset: Dataset = UNION,
        base_iri: str | None = None,
    ) -> QueryResult | None:
        """The result :meth:`query` would give from :attr:`query_cache`, or ``None`` (not held).

        Never evaluates anything, so a caller may ask in a thread that must not block.
        """
        return None

    @abstractmethod
    def count(self, graph: str | None = None) -> int:
        """Triples in ``graph``, or quads in the whole store when ``graph`` is ``None``."""

    @abstractmethod
    def graphs(self) -> list[str]:
        """IRIs of the named graphs that hold data, sorted."""

    @abstractmethod
    def export(self, output: IO[bytes], format: RdfFormat, *, graph: str | None = None) -> None:
        """Serialise ``graph`` (or everything, for quad formats) to ``output``."""

    # -- writing -------------------------------------------------------------------------------
    @abstractmethod
    def update(self, sparql: str, *, base_iri: str | None = None) -> None:
        """Run a SPARQL 1.1 update atomically."""

    @abstractmethod
    def load_bytes(
        self,
        data: bytes | Readable,
        format: RdfFormat,
        *,
        graph: str | None = None,
        base_iri: str | None = None,
        source: str = "<input>",
    ) -> int:
        """Parse ``data`` and add it in one transaction; returns the quads in the store after.

        Triples go to ``graph`` (default: the model graph); quad formats keep their graphs.
        Raises :class:`~tomgraph.errors.InputError` naming ``source``, line and column.
        """

    @abstractmethod
    def load_files(
        self,
        paths: Sequence[Path],
        *,
        format: str | None = None,
        graph: str | None = None,
        progress: bool = False,
    ) -> LoadReport:
        """Load several files as one transaction: if any fails to parse, none is loaded."""

    @abstractmethod
    def clear(self, graph: str | None = None) -> None:
        """Remove ``graph``, or everything when ``graph`` is ``None``."""

    def apply(self, added: Sequence[Quad], removed: Sequence[Quad] = ()) -> None:
        """Remove ``removed`` and add ``added`` in one transaction: both happen or neither.

        The one write path for importers and the editor (through
        :func:`tomgraph.changes.commit`). Quads in the default graph go to the model graph.
        This default sends one SPARQL 1.1 update, which every conformant store runs
        atomically; backends with a faster atomic path override it.
        """
        self._require_writable()
        if not added and not removed:
            return
        self.update(update_text(added, removed))

    def apply_nquads(self, data: NQuads | NQuadsStream, removed: Sequence[Quad] = ()) -> None:
        """Remove ``removed`` and add the quads of the N-Quads text ``data`` (each in a named
        graph) in one transaction: :meth:`apply` for a bulk import, without a Python object
        per added quad.

        This default parses them and calls :meth:`apply`; backends with a bulk atomic path
        override it.
        """
        self.apply(list(parse(data.reader(), RdfFormat.N_QUADS)), removed)

    def validation_files(self) -> str | None:
        """One line on what the store keeps so validation need not read it whole (``None``
        where it keeps nothing of the kind), for ``tomgraph info``."""
        return None

    def backup(self, directory: Path) -> None:
        """Write a consistent snapshot of the whole store into the new ``directory``.

        Only stores whose files tomgraph holds can promise a consistent snapshot; a remote
        triplestore has its own backup tool, which also knows its indexes and settings.
        """
        raise UsageError(
            f"{self.location}: backup is not supported for this store; "
            "use your triplestore's own backup tool (or tomgraph export for a copy of the data)"
        )

    def snapshot(self) -> Snapshot:
        """A read-only copy of the whole store on disk that other processes can open.

        The copy is an Oxigraph directory (open it with ``EmbeddedStore(path,
        read_only=True)``) that no one writes while it is read. This default exports every
        quad and bulk-loads them into a new temporary directory, which works for any store;
        backends that can do better (a checkpoint of their own files) override it.
        """
        return owned_snapshot(tempfile.mkdtemp(prefix="tomgraph-view-"),
                              lambda directory: fill_snapshot(self, directory))

    def apply_guarded(
        self, added: Sequence[Quad], removed: Sequence[Quad], *, subject: NamedNode,
        expected: Sequence[Quad], proof: Quad,
    ) -> bool:
        """Like :meth:`apply`, but only while ``subject``'s statements in the model graph are
        exactly ``expected``; the check and the write are one atomic update, so writers in
        other processes cannot come between them. ``proof`` is a quad only this change adds:
        whether it is there afterwards says whether the change was written."""
        from .guarded import ask_text, guarded_update_text

        self._require_writable()
        self.update(guarded_update_text(added, removed, subject, expected))
        return bool(self.query(ask_text(proof)))

    def _before_write(self) -> None:  # noqa: B027 - optional hook
        """Called as every write through tomgraph starts (see :mod:`.versioning`)."""

    def _after_write(self) -> None:  # noqa: B027 - optional hook
        """Called as every write through tomgraph ends, whether or not it failed."""

    def _require_writable(self) -> None:
        if not self.writable:
            raise StoreError(f"{self.location}: the store is open read-only")

    def close(self) -> None:  # noqa: B027 - optional hook
        """Release files or connections; the handle is unusable afterwards."""

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def owned_snapshot(directory: str, fill: Callable[[str], None]) -> Snapshot:
    """``directory`` filled by ``fill``, as a snapshot its caller deletes when done; a failing
    ``fill`` leaves nothing behind."""
    try:
        fill(directory)
    except BaseException:
        shutil.rmtree(directory, ignore_errors=True)
        raise
    return Snapshot(directory, owned=True)


def fill_snapshot(store: Store, directory: str) -> None:
    """Copy every quad of ``store`` into a new Oxigraph store in ``directory`` (N-Quads)."""
    snapshot = OxigraphStore(directory)
    with tempfile.TemporaryFile() as data:
        store.export(data, RdfFormat.N_QUADS)
        data.seek(0)
        snapshot.bulk_load(data, RdfFormat.N_QUADS)  # type: ignore[arg-type]
    snapshot.flush()
    del snapshot


def update_text(added: Sequence[Quad], removed: Sequence[Quad]) -> str:
    """``DELETE DATA`` then ``INSERT DATA`` for the quads, as one SPARQL 1.1 update request.

    Blank nodes cannot be named in ``DELETE DATA`` (SPARQL 1.1 §3.1.2), so removing a
    triple that has one is refused rather than silently skipped.
    """
    from ..namespaces import MODEL_GRAPH

    def block(quads: Sequence[Quad]) -> str:
        by_graph: dict[str, list[str]] = {}
        for q in quads:
            graph = MODEL_GRAPH if isinstance(q.graph_name, DefaultGraph) else q.graph_name.value
            by_graph.setdefault(graph, []).append(f"{q.subject} {q.predicate} {q.object} .")
        return "\n".join(
            f"GRAPH <{g}> {{\n" + "\n".join(lines) + "\n}" for g, lines in by_graph.items()
        )

    for q in removed:
        if isinstance(q.subject, BlankNode) or isinstance(q.object, BlankNode):
            raise StoreError(f"cannot remove a triple with a blank node by value: {q.triple}")
    parts = []
    if removed:
        parts.append("DELETE DATA {\n" + block(removed) + "\n}")
    if added:
        parts.append("INSERT DATA {\n" + block(added) + "\n}")
    return " ;\n".join(parts)

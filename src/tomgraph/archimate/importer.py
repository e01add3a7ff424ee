"""Import an exchange file into a store: one changeset, committed through the one write path."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from ..changes import Changeset, commit
from ..changes.history import MAX_KEPT_QUADS
from ..errors import InputError
from ..namespaces import MODEL_GRAPH
from ..store import Store
from ..store.nquads import NQuadsStream
from .mapping import Mapping, default_mapping
from .reader import read_records
from .to_rdf import Converter
from .validate import (
    BackgroundValidation,
    check_values,
    needs_full_schema,
    structure_schema,
    validate_file,
)


@dataclass
class ImportReport:
    """What an import read (or, with ``dry_run``, would write)."""

    source: str
    quads: int = 0
    counts: dict[str, int] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    changeset: ox.NamedNode | None = None


def convert_file(
    path: Path, *, graph: str = MODEL_GRAPH, mapping: Mapping | None = None,
    validate: bool = True, sink: Callable[[bytes, int], None] | None = None,
) -> Converter:
    """Read, check and convert ``path``; raises :class:`InputError` and writes nothing.

    With ``sink``, the N-Quads go there chunk by chunk as they are made (all of them once
    this returns), rather than being kept in the converter.

    A file that needs only the structure schema (see :mod:`.validate`) is read, checked,
    validated and converted in one parse. Should anything fail on the way, the file is read
    again the two-parse way (the reader's checks, then the schema), which reports the error
    with the same message and line as always; the chunks already handed to ``sink`` are
    dropped by its owner.
    """
    if not validate or not _one_parse(path):
        return _convert_then_validate(path, graph, mapping, validate, sink)
    conv = Converter(mapping or default_mapping(), ox.NamedNode(graph), sink)
    try:
        conv.convert(read_records(path, schema=structure_schema(), plain=conv.plain_relationship))
    except Exception:
        # No fork here: the caller's writer thread may be running.
        _convert_then_validate(path, graph, mapping, True, _discard, parallel=False)
        raise  # not reached for bad input: the second reading raises its own error
    conv.nquads()  # the last lines, to the sink if there is one
    return conv


def _one_parse(path: Path) -> bool:
    """Whether ``path`` can be validated by the reader's own parse (the structure schema)."""
    try:
        return not needs_full_schema(path)
    except (OSError, ValueError):
        return False  # the reader reports what is wrong with the file


def _discard(chunk: bytes, count: int) -> None:
    """A sink for a reading made only to report an error."""


def _convert_then_validate(
    path: Path, graph: str, mapping: Mapping | None, validate: bool,
    sink: Callable[[bytes, int], None] | None, *, parallel: bool = True,
) -> Converter:
    """The two-parse import: the reader's parse, and the schema validation of its own (in
    parallel for a big file); the reader's errors come first."""
    conv = Converter(mapping or default_mapping(), ox.NamedNode(graph), sink)
    # The schema validation of a big file runs in parallel; its verdict is awaited below, so
    # the reader's own errors still come first.
    validation = None
    if validate:
        validation = (BackgroundValidation(path) if parallel
                      else BackgroundValidation(path, parallel_from=1 << 62))
    try:
        conv.convert(read_records(path, plain=conv.plain_relationship))
    except (ValueError, InputError) as exc:
        if validation is not None:
            validation.cancel()
        if isinstance(exc, InputError) and exc.line is not None:
            if exc.source:
                raise
            raise InputError(exc.message, source=path, line=exc.line) from exc
        # A value the schema forbids (a language tag, a colour, an IRI) trips the converter
        # before the schema check has answered: let the schema (or the value check) name the
        # line and what is allowed.
        validate_file(path)
        check_values(path)
        message = (exc.message if isinstance(exc, InputError)
                   else f"a value cannot be converted: {exc}")
        raise InputError(message, source=path) from exc
    except BaseException:
        if validation is not None:
            validation.cancel()
        raise
    if validation is not None:
        validation.result()
    conv.nquads()  # the last lines, to the sink if there is one
    return conv


def import_file(
    store: Store, path: Path, *, graph: str = MODEL_GRAPH, mapping: Mapping | None = None,
    dry_run: bool = False, agent: str = "tomgraph",
) -> ImportReport:
    """Import ``path`` into ``graph`` of ``store`` as one changeset (activity ``import``).

    Every check runs before anything is committed: bad input leaves the store untouched.
    The store loads the quads while the rest of the file is still being read and converted
    (on another thread, in the one transaction of the changeset); the transaction commits
    only once every check has passed, and is dropped otherwise.
    """
    if dry_run:
        conv = convert_file(path, graph=graph, mapping=mapping)
        return ImportReport(str(path), conv.count, dict(conv.counts), conv.warnings)
    # Checked: the converter checks the IRIs and language tags the file gives, and the
    # schema validation, awaited before the stream is closed, every identifier (xs:ID).
    stream = NQuadsStream(keep_up_to=MAX_KEPT_QUADS, checked=True)
    change = Changeset(added_nquads=stream, agent=agent, activity="import", source=path.name,
                       comment=f"ArchiMate import of {path.name}")
    writer = _Writer(store, change)
    # Started after convert_file has forked its validation process: no fork with a thread.
    try:
        conv = convert_file(path, graph=graph, mapping=mapping, sink=writer.put)
    except BaseException as exc:
        writer.fail(exc)
        raise
    report = ImportReport(str(path), conv.count, dict(conv.counts), conv.warnings)
    report.changeset = writer.finish()
    return report


class _Writer:
    """Commits an import's changeset on a thread of its own while the converter produces
    its quads (see :class:`~tomgraph.store.nquads.NQuadsStream`)."""

    def __init__(self, store: Store, change: Changeset) -> None:
        assert isinstance(change.added_nquads, NQuadsStream)
        self.store = store
        self.change = change
        self.stream = change.added_nquads
        self.thread: threading.Thread | None = None
        self.node: ox.NamedNode | None = None
        self.error: BaseException | None = None

    def put(self, chunk: bytes, count: int) -> None:
        if self.thread is None:
            self.thread = threading.Thread(target=self._run, name="archimate-import-commit",
                                           daemon=True)
            self.thread.start()
        self.stream.put(chunk, count)

    def _run(self) -> None:
        try:
            self.node = commit(self.store, self.change)
        except BaseException as exc:
            self.error = exc

    def finish(self) -> ox.NamedNode | None:
        """Close the stream (every check has passed) and wait for the commit."""
        self.stream.close()
        if self.thread is None:
            self._run()  # nothing was converted: an empty changeset
        else:
            self.thread.join()
        if self.error is not None:
            raise self.error
        return self.node

    def fail(self, exc: BaseException) -> None:
        """Drop the transaction: the store's reader raises ``exc``; nothing is written."""
        self.stream.fail(exc)
        if self.thread is not None:
            self.thread.join()

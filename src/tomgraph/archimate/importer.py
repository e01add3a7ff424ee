"""Import an exchange file into a store: one changeset, committed through the one write path."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from ..changes import Changeset, commit
from ..errors import InputError
from ..namespaces import MODEL_GRAPH
from ..store import Store
from .mapping import Mapping, default_mapping
from .reader import read_records
from .to_rdf import Converter
from .validate import BackgroundValidation, check_values, validate_file


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
    validate: bool = True,
) -> Converter:
    """Read, check and convert ``path``; raises :class:`InputError` and writes nothing."""
    conv = Converter(mapping or default_mapping(), ox.NamedNode(graph))
    # The schema validation of a big file runs in parallel; its verdict is awaited below, so
    # the reader's own errors still come first.
    validation = BackgroundValidation(path) if validate else None
    try:
        conv.convert(read_records(path))
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
    return conv


def import_file(
    store: Store, path: Path, *, graph: str = MODEL_GRAPH, mapping: Mapping | None = None,
    dry_run: bool = False, agent: str = "tomgraph",
) -> ImportReport:
    """Import ``path`` into ``graph`` of ``store`` as one changeset (activity ``import``).

    Every check runs before anything is written: bad input leaves the store untouched.
    """
    conv = convert_file(path, graph=graph, mapping=mapping)
    quads = conv.nquads()
    report = ImportReport(str(path), quads.count, dict(conv.counts), conv.warnings)
    if not dry_run:
        report.changeset = commit(store, Changeset(
            added_nquads=quads, agent=agent, activity="import", source=path.name,
            comment=f"ArchiMate import of {path.name}",
        ))
    return report

"""All-or-nothing loads into a remote store.

**Parse first, here.** Every input is parsed locally with pyoxigraph before a byte is sent,
so a bad file is reported as ``file:line:column`` (exactly as the embedded store reports it)
and nothing reaches the server. Parsing here also resolves relative IRIs against each file's
own location, as the embedded store does, and splits quad formats into one N-Triples file per
target graph: the only thing the server is then asked to parse is canonical N-Triples.

**Then send so that a failure can be undone.** One Graph Store request is one transaction on
every server tomgraph supports, but a load of several graphs takes several requests. So:

1. graphs that hold nothing yet are sent first, straight into place (in bulk where the server
   allows it): if anything later fails, dropping them restores what was there — nothing;
2. if exactly one target graph already holds data, it is sent last, in one transactional
   request: if it fails, step 1 is undone; if it succeeds, the load is complete;
3. if several target graphs already hold data, each is sent into a fresh staging graph, and a
   single SPARQL UPDATE then adds every staging graph to its target and drops the staging
   graphs (one update request is atomic on the server); any failure drops everything sent.

Readers of the store can see graphs of step 1, and staging graphs, fill up while a load runs;
they never see a failed load's data once it has been undone.
"""

from __future__ import annotations

import tempfile
import uuid
import zlib
from collections.abc import Callable, Sequence
from contextlib import ExitStack
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import IO, Protocol

import pyoxigraph as ox

from ..errors import InputError, StoreError
from .loading import open_input, syntax_error
from .progress import ProgressReader, progress_bar
from .remote_gsp import GraphTransfer

STAGING_PREFIX = "urn:tomgraph:staging:"
"""Staging graphs live under this prefix; :meth:`RemoteStore.graphs` never lists them."""


@dataclass
class Source:
    """One input: where to read it, how, and what to call it in errors."""

    name: str
    format: ox.RdfFormat
    open: Callable[[], IO[bytes]]
    base_iri: str | None = None
    path: Path | None = None


@dataclass
class Prepared:
    """Inputs checked and split per target graph, ready to send."""

    files: dict[str, Path] = field(default_factory=dict)
    quads: int = 0


class Target(Protocol):
    """What a load needs from the store it sends to."""

    def has_data(self, graph: str) -> bool: ...

    def update(self, sparql: str, *, base_iri: str | None = None) -> None: ...


def file_sources(paths: Sequence[Path], formats: Sequence[ox.RdfFormat]) -> list[Source]:
    """Sources for files on disk (gzip-compressed ones included)."""
    return [
        Source(str(p), fmt, partial(open_input, p), p.resolve().as_uri(), p)
        for p, fmt in zip(paths, formats, strict=True)
    ]


def prepare(
    sources: Sequence[Source], graph: str, workdir: Path, *, progress: bool = False
) -> Prepared:
    """Parse every source; triples go to ``graph``, quads keep their graph (default → ``graph``).

    A single plain N-Triples file is only checked and then sent as it is: no copy.
    """
    prepared = Prepared()
    paths = [s.path for s in sources if s.path is not None]
    with progress_bar(paths, enabled=progress) as bar, ExitStack() as outputs:
        passthrough = (
            len(sources) == 1
            and sources[0].format == ox.RdfFormat.N_TRIPLES
            and sources[0].path is not None
            and sources[0].path.suffix.lower() != ".gz"
        )
        handles: dict[str, IO[bytes]] = {}

        def out(g: str) -> IO[bytes]:
            if g not in handles:
                path = workdir / f"graph-{len(handles)}.nt"
                prepared.files[g] = path
                handles[g] = outputs.enter_context(open(path, "wb"))
            return handles[g]

        for source in sources:
            with source.open() as raw:
                reader = ProgressReader(raw, bar)  # type: ignore[arg-type]
                try:
                    quads = ox.parse(reader, source.format, base_iri=source.base_iri)  # type: ignore[arg-type]
                    if passthrough:
                        prepared.quads += sum(1 for _ in quads)
                        assert source.path is not None
                        prepared.files[graph] = source.path
                    elif not source.format.supports_datasets:
                        counted = _Counter(q.triple for q in quads)
                        ox.serialize(counted, out(graph), ox.RdfFormat.N_TRIPLES)
                        prepared.quads += counted.n
                    else:
                        prepared.quads += _split_quads(quads, graph, out)
                except SyntaxError as exc:
                    document = source.path if source.format == ox.RdfFormat.RDF_XML else None
                    raise syntax_error(exc, source.name, document=document) from exc
                except (OSError, ValueError, EOFError, zlib.error) as exc:
                    raise InputError(str(exc), source=source.name) from exc
    return prepared


class _Counter:
    """Counts the items of an iterator as a consumer (the serialiser) pulls them."""

    def __init__(self, items: object) -> None:
        self._items = iter(items)  # type: ignore[call-overload]
        self.n = 0

    def __iter__(self) -> _Counter:
        return self

    def __next__(self) -> ox.Triple:
        item: ox.Triple = next(self._items)
        self.n += 1
        return item


def _split_quads(
    quads: ox.QuadParser, graph: str, out: Callable[[str], IO[bytes]]
) -> int:
    """Write each quad's triple to its graph's file; the default graph's go to ``graph``."""
    n = 0
    for q in quads:
        name = q.graph_name
        target = name.value if isinstance(name, ox.NamedNode) else graph
        out(target).write(f"{q.subject} {q.predicate} {q.object} .\n".encode())
        n += 1
    return n


def send(target: Target, transfer: GraphTransfer, prepared: Prepared) -> None:
    """Send prepared graphs so that either all arrive or none remains (see module docstring)."""
    graphs = sorted(prepared.files)
    occupied = [g for g in graphs if target.has_data(g)]
    fresh = [g for g in graphs if g not in occupied]
    sent: list[str] = []  # graphs to drop if the load fails
    try:
        for g in fresh:
            sent.append(g)
            transfer.append(g, prepared.files[g], bulk=True)
        if len(occupied) == 1:
            transfer.append(occupied[0], prepared.files[occupied[0]], bulk=False)
        elif occupied:
            staged = {g: f"{STAGING_PREFIX}{uuid.uuid4()}" for g in occupied}
            for g, stage in staged.items():
                sent.append(stage)
                transfer.append(stage, prepared.files[g], bulk=True)
            commit = [f"ADD <{stage}> TO <{g}>" for g, stage in staged.items()]
            commit += [f"DROP SILENT GRAPH <{stage}>" for stage in staged.values()]
            target.update(" ;\n".join(commit))
    except BaseException as exc:
        _undo(target, sent, exc)
        raise


def _undo(target: Target, graphs: list[str], failure: BaseException) -> None:
    """Drop what a failed load sent; if even that fails, say which graphs to check."""
    if not graphs:
        return
    try:
        target.update(" ;\n".join(f"DROP SILENT GRAPH <{g}>" for g in graphs))
    except StoreError as exc:
        note = (
            f"; undoing the partial load failed too ({exc}): drop these graphs by hand: "
            + ", ".join(graphs)
        )
        if isinstance(failure, StoreError):
            failure.args = (str(failure) + note,)


def workdir() -> tempfile.TemporaryDirectory[str]:
    """A private folder for the per-graph N-Triples files of one load."""
    return tempfile.TemporaryDirectory(prefix="tomgraph-load-")

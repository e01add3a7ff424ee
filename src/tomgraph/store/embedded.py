"""The embedded backend: Oxigraph in this process, in memory or persisted in a directory."""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import IO

import pyoxigraph as ox

from ..errors import InputError, QuerySyntaxError, StoreError
from ..formats import guess_rdf_format
from ..namespaces import MODEL_GRAPH
from .base import (
    UNION,
    AskResult,
    Dataset,
    GraphResult,
    LoadReport,
    QueryResult,
    Readable,
    SelectResult,
    Store,
    Term,
)
from .progress import ProgressReader, progress_bar


def syntax_error(exc: SyntaxError, source: str) -> InputError:
    """An :class:`InputError` carrying the line and column pyoxigraph reports."""
    message = str(exc.msg if hasattr(exc, "msg") else exc)
    line, column = exc.lineno, exc.offset
    prefix = f"Parser error at line {line} column {column}: "
    if line is not None and message.startswith(prefix):
        message = message[len(prefix):]
    elif message.startswith("Parser error"):
        message = message.split(": ", 1)[-1]
    return InputError(message, source=source, line=line, column=column)


def _graph_node(graph: str | None) -> ox.NamedNode | ox.DefaultGraph:
    return ox.NamedNode(graph) if graph else ox.DefaultGraph()


class EmbeddedStore(Store):
    """Oxigraph running inside this process.

    ``path=None`` keeps everything in memory; a directory persists it (RocksDB) and is locked
    against other writers while open.
    """

    def __init__(self, path: str | Path | None = None, *, read_only: bool = False) -> None:
        try:
            if path is None:
                self._store = ox.Store()
                self.location = "memory"
            else:
                path = Path(path)
                if read_only:
                    if not path.exists():
                        raise StoreError(f"{path}: no store here (create one with tomgraph load)")
                    self._store = ox.Store.read_only(str(path))
                else:
                    path.mkdir(parents=True, exist_ok=True)
                    self._store = ox.Store(str(path))
                self.location = str(path)
                self.persistent = True
        except OSError as exc:
            raise StoreError(f"{path}: cannot open the store: {exc}") from exc
        self.writable = not read_only

    # -- reading -------------------------------------------------------------------------------
    def query(
        self,
        sparql: str,
        *,
        bindings: Mapping[str, Term] | None = None,
        dataset: Dataset = UNION,
        base_iri: str | None = None,
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
        if bindings:
            kwargs["substitutions"] = {ox.Variable(k): v for k, v in bindings.items()}
        try:
            result = self._store.query(sparql, base_iri=base_iri, **kwargs)  # type: ignore[arg-type]
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
            return len(self._store)
        # Substituted variables must be projected (SEP-0007), hence ?g in the SELECT.
        q = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"
        result = self._store.query(q, substitutions={ox.Variable("g"): ox.NamedNode(graph)})
        rows = list(result)  # type: ignore[arg-type]
        return int(rows[0][1].value) if rows else 0  # type: ignore[index,union-attr]

    def graphs(self) -> list[str]:
        return sorted(g.value for g in self._store.named_graphs() if isinstance(g, ox.NamedNode))

    def export(self, output: IO[bytes], format: ox.RdfFormat, *, graph: str | None = None) -> None:
        from ..namespaces import PREFIXES

        prefixes = PREFIXES if format in (ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG) else None
        if graph is None and not format.supports_datasets:
            # A triple format for "everything": the union of all graphs, as queries see it.
            triples = self._store.query("CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }")
            ox.serialize(triples, output, format, prefixes=prefixes)  # type: ignore[arg-type]
            return
        from_graph = ox.NamedNode(graph) if graph else None
        self._store.dump(output, format, from_graph=from_graph, prefixes=prefixes)

    # -- writing -------------------------------------------------------------------------------
    def update(self, sparql: str, *, base_iri: str | None = None) -> None:
        self._require_writable()
        try:
            self._store.update(sparql, base_iri=base_iri)
        except SyntaxError as exc:
            raise QuerySyntaxError(str(exc), source="update") from exc
        except OSError as exc:
            raise StoreError(f"update failed: {exc}") from exc

    def load_bytes(
        self,
        data: bytes | Readable,
        format: ox.RdfFormat,
        *,
        graph: str | None = None,
        base_iri: str | None = None,
        source: str = "<input>",
    ) -> int:
        self._require_writable()
        target = ox.NamedNode(graph or MODEL_GRAPH)
        try:
            self._store.load(data, format, base_iri=base_iri, to_graph=target)  # type: ignore[arg-type]
        except SyntaxError as exc:
            raise syntax_error(exc, source) from exc
        except (OSError, ValueError) as exc:
            raise InputError(str(exc), source=source) from exc
        return len(self._store)

    def load_files(
        self,
        paths: Sequence[Path],
        *,
        format: str | None = None,
        graph: str | None = None,
        progress: bool = False,
    ) -> LoadReport:
        self._require_writable()
        report = LoadReport()
        formats = [guess_rdf_format(p, format) for p in paths]
        for p in paths:
            if not Path(p).is_file():
                raise InputError("no such file", source=p)
        with progress_bar(paths, enabled=progress) as bar:
            if len(paths) == 1:
                # One file: Oxigraph's own load is already a single transaction.
                with open(paths[0], "rb") as fh:
                    self.load_bytes(
                        ProgressReader(fh, bar), formats[0], graph=graph,
                        base_iri=Path(paths[0]).resolve().as_uri(), source=str(paths[0]),
                    )
            else:
                # Several files: stage them in memory first, so a bad file anywhere loads none.
                staging = EmbeddedStore()
                for p, fmt in zip(paths, formats, strict=True):
                    with open(p, "rb") as fh:
                        staging.load_bytes(
                            ProgressReader(fh, bar), fmt, graph=graph,
                            base_iri=Path(p).resolve().as_uri(), source=str(p),
                        )
                buffer = io.BytesIO()
                staging._store.dump(buffer, ox.RdfFormat.N_QUADS)
                self._store.load(buffer.getvalue(), ox.RdfFormat.N_QUADS)
        report.files = [str(p) for p in paths]
        report.quads = len(self._store)
        return report

    def clear(self, graph: str | None = None) -> None:
        self._require_writable()
        if graph is None:
            self._store.clear()
        else:
            self._store.remove_graph(ox.NamedNode(graph))

    def close(self) -> None:
        if self.persistent and self.writable:
            self._store.flush()
        del self._store

    def _require_writable(self) -> None:
        if not self.writable:
            raise StoreError(f"{self.location}: the store is open read-only")

    @property
    def oxigraph(self) -> ox.Store:
        """The underlying pyoxigraph store, for engines that run inside it (SHACL, reasoning)."""
        return self._store

"""The remote backend: any SPARQL 1.1 triplestore (Fuseki, GraphDB, Virtuoso, Neptune, Oxigraph).

Queries and updates travel over the SPARQL 1.1 Protocol (URL-encoded POST, which every server
accepts, with no URL-length limit); graphs are loaded and exported in bulk over the Graph
Store HTTP Protocol (see :mod:`.remote_gsp`), and loads are all-or-nothing (:mod:`.remote_load`).
HTTP is plain ``requests`` rather than SPARQLWrapper: one keep-alive session for every request,
streamed bodies both ways, and one place for retries and error wording (:mod:`.remote_http`).

The handle holds no data and no state a server restart could invalidate, so any number of
processes (web app workers, CLI runs) can share one store, and opening never contacts the
server: a web app starts, and answers 503, while its store is down.

**Union default graph.** tomgraph queries the union of all graphs by default. Rewriting every
query for that is not possible in general, so the server must be set to do it (Oxigraph:
``serve --union-default-graph``; Fuseki: ``tdb2:unionDefaultGraph true``; GraphDB, Virtuoso
and Neptune do it out of the box). The first query checks this once a store holds data, and
fails with a pointer to ``docs/remote.md`` rather than silently answering from an empty graph.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import IO, TYPE_CHECKING

import pyoxigraph as ox
import requests

from ..errors import StoreError, UsageError
from ..namespaces import MODEL_GRAPH, PREFIXES
from ..sparql import internal_query
from .base import (
    UNION,
    AskResult,
    Bindings,
    Dataset,
    GraphResult,
    LoadReport,
    QueryResult,
    Readable,
    SelectResult,
    Store,
    Term,
)
from .cache import cached_query
from .loading import checked_files
from .remote_bnodes import portable_bnodes
from .remote_dialect import (
    DIALECTS,
    SYSTEM_GRAPHS,
    canonical_booleans,
    dialect_of,
    needs_rewrite,
    rewrite_for,
)
from .remote_gsp import GraphStoreProtocol, GraphTransfer, SparqlTransfer
from .remote_http import HttpClient, ResponseReader, RetryPolicy, stream_to
from .remote_load import STAGING_PREFIX, Source, file_sources, prepare, send, workdir
from .remote_sparql import mentions_graph_keyword, query_form, with_bindings
from .versioning import write_operation

if TYPE_CHECKING:
    from . import StoreConfig

ACCEPT = (
    "application/sparql-results+json, application/n-triples, "
    "application/sparql-results+xml;q=0.8, text/turtle;q=0.5"
)
"""Results as JSON, graphs as N-Triples: the formats pyoxigraph parses fastest."""
GRAPH_ACCEPT = "application/n-triples, text/turtle;q=0.5"
"""What a CONSTRUCT or DESCRIBE asks for."""

ASK_COLUMN = "__ASK_RETVAL"
"""The one column of the table Virtuoso sends for some ASK queries instead of a boolean."""
EMPTY_GRAPH = "urn:tomgraph:no-graph"
"""A graph no one writes: the default graph of queries while a store holds no graph."""
HIERARCHY_SECONDS = 30
"""How long a class hierarchy read for the dialect's rewrites, and a server's list of graphs,
are kept (writes by this store drop them at once; other clients' changes show within this
time)."""

_LINE_END = re.compile(rb"[ \t]*\.[ \t]*\r?$", re.MULTILINE)


def default_update_endpoint(endpoint: str) -> str:
    """``…/query`` → ``…/update`` (Oxigraph, Fuseki); any other URL takes updates itself."""
    if endpoint.rstrip("/").endswith("/query"):
        return endpoint.rstrip("/")[: -len("query")] + "update"
    return endpoint


class RemoteStore(Store):
    """A SPARQL 1.1 service reached over HTTP."""

    persistent = True
    remote = True

    def __init__(
        self,
        endpoint: str,
        *,
        update_endpoint: str | None = None,
        gsp_endpoint: str | None = None,
        username: str | None = None,
        password: str | None = None,
        token: str | None = None,
        verify_tls: bool | str = True,
        timeout: float = 60.0,
        read_only: bool = False,
        retry: RetryPolicy | None = None,
        check_union: bool = True,
        dialect: str | None = None,
    ) -> None:
        if not endpoint.startswith(("http://", "https://")):
            raise UsageError(f"{endpoint}: the endpoint must be an http:// or https:// URL")
        if dialect is not None and dialect not in DIALECTS:
            raise UsageError(f"{dialect}: not a SPARQL dialect; use one of {', '.join(DIALECTS)}")
        self.dialect = dialect
        """``sparql11``, ``virtuoso``, or ``None``: told by the server's ``Server:`` header."""
        self._listed: tuple[tuple[int, int], list[str]] | None = None
        self._hierarchies: dict[tuple[object, ...], list[Sequence[Term | None]]] = {}
        self.endpoint = endpoint
        self.update_endpoint = update_endpoint or default_update_endpoint(endpoint)
        self.gsp_endpoint = gsp_endpoint
        self.location = endpoint
        self.writable = not read_only
        self.http = HttpClient(
            username=username, password=password, token=token, verify_tls=verify_tls,
            timeout=timeout, retry=retry,
        )
        self._union_checked = not check_union

    @classmethod
    def from_config(cls, config: StoreConfig) -> RemoteStore:
        """The store a :class:`~tomgraph.store.StoreConfig` (CLI options, env vars) names."""
        assert config.endpoint
        return cls(
            config.endpoint,
            update_endpoint=config.update_endpoint,
            gsp_endpoint=config.gsp_endpoint,
            username=config.username,
            password=config.password,
            token=config.token,
            verify_tls=config.verify_tls,
            timeout=config.timeout,
            read_only=config.read_only,
        )

    @property
    def transfer(self) -> GraphTransfer:
        """Graph Store Protocol when configured, else SPARQL (slower, works everywhere)."""
        if self.gsp_endpoint:
            return GraphStoreProtocol(self.http, self.gsp_endpoint)
        return SparqlTransfer(self.http, self.endpoint, self.update_endpoint)

    # -- reading -------------------------------------------------------------------------------
    def query(
        self,
        sparql: str,
        *,
        bindings: Bindings | None = None,
        dataset: Dataset = UNION,
        base_iri: str | None = None,
    ) -> QueryResult:
        text = with_bindings(sparql, bindings) if bindings else sparql
        if base_iri:
            text = f"BASE <{base_iri}> {text}"  # same line: error positions keep their line
        if dataset.default_graphs is None:
            self._check_union()
        return cached_query(self.query_cache, (text, dataset, self.version),
                            lambda: self._dialect_query(text, dataset))

    def _dialect_query(self, text: str, dataset: Dataset) -> QueryResult:
        params = self._dataset_params(dataset, text)
        return self._query(self._for_server(text, params), params)

    def _for_server(self, text: str, params: Mapping[str, list[str]]) -> str:
        """``text`` in the server's dialect (:mod:`.remote_dialect`): paths a server gets
        wrong are rewritten, reading the class hierarchy over the query's own dataset."""
        if not needs_rewrite(text) or self.server_dialect() == "sparql11":
            return text
        graphs = {k: v for k, v in params.items() if k == "default-graph-uri"}
        stamp = (self.version, int(time.monotonic() // HIERARCHY_SECONDS),
                 tuple(graphs.get("default-graph-uri", ())))
        if self._hierarchies and next(iter(self._hierarchies))[0] != stamp:
            self._hierarchies.clear()

        def rows(query: str) -> list[Sequence[Term | None]]:
            key = (stamp, query)
            if key not in self._hierarchies:
                result = self._query(query, graphs)
                assert isinstance(result, SelectResult)
                self._hierarchies[key] = list(result)
            return self._hierarchies[key]

        return rewrite_for(self.server_dialect(), text, rows)  # type: ignore[arg-type]

    def _dialect_now(self) -> str | None:
        """The dialect as far as known without asking the server (``None``: not heard yet)."""
        if self.dialect is not None:
            return self.dialect
        return None if self.http.server is None else dialect_of(self.http.server)

    def server_dialect(self) -> str:
        """The dialect configured, else the one the server's ``Server:`` header names (a
        server not heard from yet is asked ``ASK {}`` once)."""
        if self.dialect is None:
            if self.http.server is None:
                self._query("ASK {}", {})
            self.dialect = dialect_of(self.http.server)
        return self.dialect

    def count(self, graph: str | None = None) -> int:
        if graph is None:
            graphs = self._user_graphs()
            rows = self._rows(internal_query("remote-count"), graphs)
            if graphs is None and self._user_graphs() is not None:  # first heard of it now
                rows = self._rows(internal_query("remote-count"), self._user_graphs())
            return int(rows[0][0].value) if rows and rows[0][0] else 0  # type: ignore[union-attr]
        rows = self._rows(internal_query("remote-graph-count"), {"g": ox.NamedNode(graph)})
        return int(rows[0][1].value) if rows and rows[0][1] else 0  # type: ignore[union-attr]

    def graphs(self) -> list[str]:
        return sorted(g for g in self._all_graphs() if not g.startswith(STAGING_PREFIX))

    def _all_graphs(self) -> list[str]:
        """Every named graph but the server's own (:data:`.remote_dialect.SYSTEM_GRAPHS`)."""
        names = self._graph_names("remote-graphs") or self._graph_names("remote-graphs-scan")
        system = SYSTEM_GRAPHS.get(self._dialect_now() or "", frozenset())
        return [g for g in names if g not in system]

    def _union_graphs(self) -> list[str]:
        """:meth:`graphs`, kept for this store version for :data:`HIERARCHY_SECONDS` (every
        query on a server with system graphs names them); never empty."""
        stamp = (self.version, int(time.monotonic() // HIERARCHY_SECONDS))
        if self._listed is None or self._listed[0] != stamp:
            self._listed = (stamp, self.graphs() or [EMPTY_GRAPH])
        return self._listed[1]

    def _user_graphs(self) -> dict[str, Term | Sequence[Term]] | None:
        """Bindings of ``?g`` to every graph but the server's own, where the server keeps
        some in its union (``None``: every graph is tomgraph's)."""
        if self._dialect_now() not in SYSTEM_GRAPHS:
            return None
        return {"g": [ox.NamedNode(g) for g in self._all_graphs()]}

    def _graph_names(self, query: str) -> list[str]:
        """Graph IRIs a listing query answers (Virtuoso answers the instant one with a row
        whose ``?g`` is unbound, hence the second, scanning query)."""
        return [row[0].value for row in self._rows(internal_query(query))
                if isinstance(row[0], ox.NamedNode)]

    def has_data(self, graph: str) -> bool:
        """Whether ``graph`` holds any triple."""
        text = with_bindings(internal_query("remote-graph-has-data"), {"g": ox.NamedNode(graph)})
        result = self._query(text, {})
        return isinstance(result, AskResult) and result.value

    def export(self, output: IO[bytes], format: ox.RdfFormat, *, graph: str | None = None) -> None:
        if graph is not None:
            self._export_graph(output, format, graph)
        elif format.supports_datasets:
            self._export_dataset(output, format)
        else:
            # A triple format for "everything": the union of all graphs, as queries see it.
            query = internal_query("remote-union-triples")
            graphs = self._user_graphs()
            if graphs is not None:
                query = with_bindings(query, graphs)
            response = self.http.request(
                "POST", self.endpoint, what="export", body={"query": query},
                headers={"Accept": "application/n-triples"}, stream=True,
            )
            self._write_triples(response, output, format)

    def _export_graph(self, output: IO[bytes], format: ox.RdfFormat, graph: str) -> None:
        self._write_triples(self.transfer.fetch(graph), output, format)

    def _write_triples(
        self, response: requests.Response | None, output: IO[bytes], format: ox.RdfFormat
    ) -> None:
        if response is None:  # an absent graph: an empty document, as the embedded store writes
            ox.serialize([], output, format, prefixes=_prefixes(format))
            return
        if format in (ox.RdfFormat.N_TRIPLES, ox.RdfFormat.N_QUADS):
            stream_to(response, output.write, self.endpoint)  # the server's bytes, as they come
            return
        reader = ResponseReader(response)
        try:
            triples = (q.triple for q in ox.parse(reader, ox.RdfFormat.N_TRIPLES))  # type: ignore[arg-type]
            ox.serialize(triples, output, format, prefixes=_prefixes(format))
        except (SyntaxError, OSError, requests.RequestException) as exc:
            raise StoreError(f"{self.endpoint}: the export broke off: {exc}") from exc
        finally:
            reader.close()

    def _export_dataset(self, output: IO[bytes], format: ox.RdfFormat) -> None:
        """Every named graph, one streamed transfer each, written as quads."""
        if format == ox.RdfFormat.N_QUADS:
            for graph in self.graphs():
                suffix = f" <{graph}> .".encode()
                pending = b""

                def write(chunk: bytes, suffix: bytes = suffix) -> None:
                    nonlocal pending
                    data = pending + chunk
                    cut = data.rfind(b"\n") + 1
                    pending = data[cut:]
                    output.write(_LINE_END.sub(suffix, data[:cut]))

                response = self.transfer.fetch(graph)
                if response is None:
                    continue
                stream_to(response, write, self.endpoint)
                if pending.strip():
                    output.write(_LINE_END.sub(suffix, pending) + b"\n")
            return
        ox.serialize(self._quads(), output, format, prefixes=_prefixes(format))

    def _quads(self) -> Iterator[ox.Quad]:
        for graph in self.graphs():
            name = ox.NamedNode(graph)
            response = self.transfer.fetch(graph)
            if response is None:
                continue
            reader = ResponseReader(response)
            try:
                for q in ox.parse(reader, ox.RdfFormat.N_TRIPLES):  # type: ignore[arg-type]
                    yield ox.Quad(q.subject, q.predicate, q.object, name)
            except (SyntaxError, OSError, requests.RequestException) as exc:
                raise StoreError(f"{self.endpoint}: the export broke off: {exc}") from exc
            finally:
                reader.close()

    # -- writing -------------------------------------------------------------------------------
    @write_operation
    def update(self, sparql: str, *, base_iri: str | None = None) -> None:
        text = f"BASE <{base_iri}> {sparql}" if base_iri else sparql
        response = self.http.request(
            "POST", self.update_endpoint, what="update", body={"update": text},
            resend_safe=False,
        )
        response.close()

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
        import io

        def opener() -> IO[bytes]:
            if isinstance(data, bytes):
                return io.BytesIO(data)
            return _Once(data)  # type: ignore[return-value]

        self._load([Source(source, format, opener, base_iri)], graph)
        return self.count()

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
        self._load(file_sources(paths, formats), graph, progress=progress)
        return LoadReport(files=[str(p) for p in paths], quads=self.count())

    def _load(self, sources: list[Source], graph: str | None, *, progress: bool = False) -> None:
        with workdir() as tmp:
            prepared = prepare(sources, graph or MODEL_GRAPH, Path(tmp), progress=progress)
            send(self, self.transfer, prepared)

    @write_operation
    def clear(self, graph: str | None = None) -> None:
        if graph is not None:
            self.update(f"DROP SILENT GRAPH <{graph}>")
        else:
            if self._dialect_now() not in SYSTEM_GRAPHS:
                self.update("DROP ALL")
            if self._dialect_now() in SYSTEM_GRAPHS:  # where DROP ALL leaves everything
                graphs = self._all_graphs()
                if graphs:
                    self.update(" ;\n".join(f"DROP SILENT GRAPH <{g}>" for g in graphs))

    def close(self) -> None:
        """Release the connections; closing twice is harmless."""
        self.http.close()

    # -- internals -----------------------------------------------------------------------------
    def _require_writable(self) -> None:
        if not self.writable:
            raise StoreError(f"{self.endpoint}: the store is open read-only")

    def _dataset_params(self, dataset: Dataset, text: str) -> dict[str, list[str]]:
        """Protocol dataset parameters with the embedded store's meaning (see :class:`Dataset`)."""
        if dataset.default_graphs is None and dataset.named_graphs is None:
            if (self._dialect_now() or self.server_dialect()) in SYSTEM_GRAPHS:
                # The server's union holds its own graphs too: name tomgraph's instead.
                return {"default-graph-uri": self._union_graphs()}
            return {}  # the server's union default graph, all named graphs
        default = dataset.default_graphs
        if default is None:  # union as the default graph, but only some named graphs
            default = tuple(self.graphs())
        elif not default:
            raise UsageError(
                f"{self.endpoint}: a remote store cannot query its unnamed default graph alone; "
                "name the graphs to query"
            )
        named = dataset.named_graphs
        if named is None and mentions_graph_keyword(text):
            named = tuple(self.graphs())  # the embedded store keeps every named graph
        params = {"default-graph-uri": list(default)}
        if named is not None:
            params["named-graph-uri"] = list(named)
        return params

    def _query(self, text: str, params: Mapping[str, list[str]]) -> QueryResult:
        form: dict[str, str | list[str]] = {"query": text, **params}
        # Graphs are asked for as graphs: offered results formats too, Virtuoso answers a
        # CONSTRUCT as a table of ?s ?p ?o.
        accept = GRAPH_ACCEPT if query_form(text) in ("CONSTRUCT", "DESCRIBE") else ACCEPT
        response = self.http.request(
            "POST", self.endpoint, what="query", body=form, headers={"Accept": accept},
        )
        with response:
            media = response.headers.get("Content-Type", "").split(";")[0].strip().lower()
            body = response.content
        try:
            results_format = ox.QueryResultsFormat.from_media_type(media)
            if results_format is not None:
                if (self.dialect or dialect_of(self.http.server)) == "virtuoso":
                    body = canonical_booleans(body)
                parsed = ox.parse_query_results(portable_bnodes(body), results_format)
                if isinstance(parsed, ox.QueryBoolean):
                    return AskResult(bool(parsed))
                if parsed.variables == [ox.Variable(ASK_COLUMN)]:
                    # Virtuoso answers an ASK holding VALUES as a table: a row of 1 is true.
                    return AskResult(any(row[0] is not None and row[0].value not in ("0", "false")
                                         for row in parsed))
                return SelectResult([v.value for v in parsed.variables], native=parsed)
            rdf_format = ox.RdfFormat.from_media_type(media)
            if rdf_format is not None:
                return GraphResult(list(q.triple for q in ox.parse(body, rdf_format)))
        except SyntaxError as exc:
            raise StoreError(f"{self.endpoint}: unreadable {media} answer: {exc}") from exc
        raise StoreError(f"{self.endpoint}: answered in {media or 'no media type'}, "
                         "which is not a SPARQL results or RDF format")

    def _rows(
        self, sparql: str, bindings: Bindings | None = None
    ) -> list[Sequence[Term | None]]:
        text = with_bindings(sparql, bindings) if bindings else sparql
        result = self._query(text, {})
        assert isinstance(result, SelectResult)
        return list(result)

    def _check_union(self) -> None:
        """Fail clearly if the server's default graph is not the union of its graphs."""
        if self._union_checked:
            return
        sample = self._rows(internal_query("remote-union-sample"))
        if not sample:
            return  # nothing to tell by yet: ask again once the store holds data
        s, p, o = sample[0]
        assert s is not None and p is not None and o is not None
        text = with_bindings(internal_query("remote-union-check"), {"s": s, "p": p, "o": o})
        if not self._query(text, {}):
            raise StoreError(
                f"{self.endpoint}: the server's default graph is not the union of its named "
                "graphs, which tomgraph queries rely on: start Oxigraph with "
                "--union-default-graph, set tdb2:unionDefaultGraph on Fuseki (docs/remote.md)"
            )
        self._union_checked = True


def _prefixes(format: ox.RdfFormat) -> dict[str, str] | None:
    """tomgraph's prefixes where the format has them, as the embedded store writes them."""
    return PREFIXES if format in (ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG) else None


class _Once:
    """A caller's reader, handed to the parser as a file (it can be read only once)."""

    def __init__(self, reader: Readable) -> None:
        self._reader = reader

    def read(self, size: int = -1) -> bytes:
        return self._reader.read(size)

    def __enter__(self) -> _Once:
        return self

    def __exit__(self, *exc: object) -> None:
        pass

"""Remote store benchmark: tomgraph over ``oxigraph serve`` against the embedded store, and the
server's own bulk tools (``oxigraph load`` / ``oxigraph dump``) as the floor for bulk moves.

``python -m bench remote`` (``--sizes 100000``). For each generated model, in one run:

* load the model (after the ontology and shapes) through RemoteStore, EmbeddedStore, and
  ``oxigraph load`` into a fresh directory;
* a few named queries of the library, through both stores (best of 3);
* validation with the fast engine (its checks run inside the store as SPARQL);
* export of the whole store as N-Quads through both stores, and ``oxigraph dump``;
* fast reasoning and the web app's home page (first request) over the Oxigraph server;
* the same through RemoteStore over OpenLink Virtuoso (``virtuoso-t`` with a throw-away
  database, tests/virtuoso_server.py; loaded through its Graph Store endpoint), side by side
  with the Oxigraph server (columns "Virtuoso s", "Virtuoso/remote").

Both stores and the ``oxigraph load`` baseline write to disk. The remote store must stay
within 2× of ``oxigraph load`` / ``oxigraph dump`` for bulk load and export; the table says
whether it does.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench.common import generated_model, machine, ratio, table

NAMED_QUERIES = ["portfolio-overview", "capability-heatmap", "undelivered-gaps", "benefits-summary"]
REPEAT = 3
"""Queries run this many times (once on models of 100k capabilities and more); best counts."""
VALIDATE_MAX = int(os.environ.get("TOMGRAPH_BENCH_VALIDATE_MAX", "10000"))
"""Validation is timed up to this many capabilities: beyond, it takes many minutes a backend."""
VIRTUOSO_REASON_MAX = int(os.environ.get("TOMGRAPH_BENCH_VIRTUOSO_REASON_MAX", "1000"))
"""Fast reasoning over a server is timed up to this many capabilities (over Virtuoso it took
156 s at 1,000)."""
BULK_LIMIT = 2.0
"""Remote bulk load and export may take at most this multiple of Oxigraph's own tools."""

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))


def _timed(fn: Callable[[], Any]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def _best(fn: Callable[[], Any], repeat: int) -> float:
    return min(_timed(fn) for _ in range(repeat))


def _oxigraph() -> str:
    beside = Path(sys.executable).with_name("oxigraph")
    found = str(beside) if beside.exists() else shutil.which("oxigraph")
    if not found:
        raise SystemExit("the oxigraph command is missing: pip install oxigraph")
    return found


def _server_tools(model: Path, work: Path) -> dict[str, float]:
    """``oxigraph load`` of the model into a fresh directory, then ``oxigraph dump`` of it."""
    from tomgraph.namespaces import MODEL_GRAPH

    binary, location = _oxigraph(), work / "server-tools"
    load = _timed(lambda: subprocess.run(
        [binary, "load", "--location", str(location), "--file", str(model),
         "--graph", MODEL_GRAPH], check=True, capture_output=True,
    ))
    dump = _timed(lambda: subprocess.run(
        [binary, "dump", "--location", str(location), "--file", str(work / "dump.nq")],
        check=True, capture_output=True,
    ))
    return {"load": load, "export": dump}


def _measure(store: Any, model: Path, work: Path, name: str, size: int) -> dict[str, float]:
    """Load, named queries, validation and export through one tomgraph store."""
    from tomgraph.querylib import run_named_query
    from tomgraph.store import load_bundled

    load_bundled(store, model=False)
    out: dict[str, float] = {"load": _timed(lambda: store.load_files([model]))}
    repeat = REPEAT if size < 100_000 else 1
    for query in NAMED_QUERIES:
        out[f"query {query}"] = _best(lambda q=query: list(run_named_query(store, q)), repeat)
    if size <= VALIDATE_MAX:
        from tomgraph.validation.engines import get_engine

        engine = get_engine("fast")
        out["validate (fast engine)"] = _timed(lambda: engine.validate(store))

    def export() -> None:
        import pyoxigraph as ox

        with open(work / f"{name}.nq", "wb") as fh:
            store.export(fh, ox.RdfFormat.N_QUADS)

    out["export (N-Quads, all graphs)"] = _timed(export)
    return out


def run_size(size: int) -> list[list[Any]]:
    from oxigraph_server import OxigraphServer

    from tomgraph.store import EmbeddedStore
    from tomgraph.store.remote import RemoteStore

    model = generated_model(size)
    triples = sum(1 for line in model.open("rb") if line.strip() and not line.startswith(b"#"))
    with tempfile.TemporaryDirectory(prefix="tomgraph-bench-remote-") as tmp:
        work = Path(tmp)
        tools = _server_tools(model, work)
        with OxigraphServer(location=work / "served") as server, RemoteStore(
            server.query_url, update_endpoint=server.update_url, gsp_endpoint=server.store_url,
            timeout=600,
        ) as remote:
            remote_times = _measure(remote, model, work, "remote", size)
            remote_times.update(_reason_and_serve(remote, server.query_url, size))
        embedded = EmbeddedStore(work / "embedded")
        try:
            embedded_times = _measure(embedded, model, work, "embedded", size)
        finally:
            embedded.close()
        virtuoso_times = _virtuoso(model, work, size)
    rows: list[list[Any]] = []
    for operation in remote_times:
        embedded_times.setdefault(operation, None)  # type: ignore[arg-type]
    for operation, seconds in remote_times.items():
        floor = tools.get(operation.split(" ")[0])
        within = "" if floor is None else (
            "yes" if seconds <= BULK_LIMIT * floor else "NO"
        )
        on_virtuoso = virtuoso_times.get(operation)
        on_embedded = embedded_times[operation]
        rows.append([
            f"{size:,}", f"{triples:,}" if not rows else "", operation, seconds,
            "" if on_embedded is None else on_embedded,
            "" if on_embedded is None else ratio(seconds, on_embedded),
            "" if floor is None else floor, "" if floor is None else ratio(seconds, floor),
            within, "not run" if on_virtuoso is None else on_virtuoso,
            "" if on_virtuoso is None else ratio(on_virtuoso, seconds),
        ])
    return rows


def _virtuoso(model: Path, work: Path, size: int) -> dict[str, float]:
    """The same operations through RemoteStore over a throw-away OpenLink Virtuoso, plus
    fast reasoning and a served page; empty when ``virtuoso-t`` is not installed."""
    from virtuoso_server import VirtuosoServer, virtuoso_binary

    from tomgraph.store.remote import RemoteStore

    if virtuoso_binary() is None:
        return {}
    with VirtuosoServer(startup_timeout=120) as server, RemoteStore(
        server.query_url, update_endpoint=server.query_url, gsp_endpoint=server.store_url,
        timeout=1800,
    ) as store:
        out = _measure(store, model, work, "virtuoso", size)
        out.update(_reason_and_serve(store, server.query_url, size))
        return out


def _reason_and_serve(store: Any, query_url: str, size: int) -> dict[str, float]:
    """Fast reasoning (not written back) through ``store``, and the web app's home page
    served from the same server (first request, caches cold)."""
    from tomgraph.namespaces import MODEL_GRAPH, ONTOLOGY_GRAPH
    from tomgraph.reasoning import reason
    from tomgraph.web.app import create_app

    out: dict[str, float] = {}
    if size <= VIRTUOSO_REASON_MAX:
        out["reason (fast engine)"] = _timed(lambda: reason(
            store, engine="fast", graphs=(ONTOLOGY_GRAPH, MODEL_GRAPH), write=False))
    client = create_app({"ENDPOINT": query_url, "TESTING": True}).test_client()
    out["serve: home page"] = _timed(lambda: client.get("/"))
    return out


def main(sizes: list[int]) -> None:
    rows: list[list[Any]] = []
    for size in sizes:
        rows += run_size(size)
        print(f"size {size:,} done", file=sys.stderr, flush=True)
    headers = ["capabilities", "triples", "operation", "remote s", "embedded s",
               "remote/embedded", "oxigraph load/dump s", "remote/oxigraph tool",
               f"within {BULK_LIMIT:g}×", "Virtuoso s", "Virtuoso/remote"]
    print(table(headers, rows))
    print(f"\nmachine: {machine()}; queries best of {REPEAT} (1 from 100k capabilities); "
          "remote = RemoteStore over `oxigraph serve --location DIR` on loopback; embedded "
          f"store on disk; validation timed up to {VALIDATE_MAX:,} capabilities "
          "(TOMGRAPH_BENCH_VALIDATE_MAX).")

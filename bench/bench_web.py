"""Web benchmark: the /sparql endpoint against Oxigraph's server and rdflib-endpoint.

``python -m bench web``: on a generated 10k-capability model (plus the ontology and shapes,
in their named graphs), latency p50/p99 and throughput with 8 concurrent HTTP clients
(threads, one ``requests.Session`` each) for every named query of the library and for a
resource-page DESCRIBE, against three servers started in this run on free loopback ports:
``tomgraph serve``, ``oxigraph serve-read-only --union-default-graph`` and rdflib-endpoint
(uvicorn). Each query runs for ``TOMGRAPH_BENCH_WEB_SECONDS`` (default 4) or 400 requests,
whichever ends first; a first request slower than ``TOMGRAPH_BENCH_WEB_TIMEOUT`` seconds
(default 60) marks the query as too slow on that server.
"""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import requests

from bench.common import CACHE, generated_model, machine, table

CLIENTS = 8
MAX_REQUESTS = 400
SOLUTIONS = "application/sparql-results+json"
GRAPH = "text/turtle"
SERVERS = ["tomgraph", "oxigraph", "rdflib-endpoint"]
BIN = Path(sys.executable).parent
CAPABILITY_QUERY = """PREFIX tom: <https://w3id.org/tomgraph/ontology#>
SELECT ?c WHERE { ?c a tom:Capability } ORDER BY ?c LIMIT 64"""


def seconds_per_query() -> float:
    return float(os.environ.get("TOMGRAPH_BENCH_WEB_SECONDS", "4"))


def first_timeout() -> float:
    return float(os.environ.get("TOMGRAPH_BENCH_WEB_TIMEOUT", "60"))


# -- data -------------------------------------------------------------------------------------


def dataset_file(capabilities: int) -> Path:
    """Ontology, shapes and a generated model as one N-Quads file, in their named graphs."""
    path = CACHE / f"web-{capabilities}.nq"
    if path.exists():
        return path
    import pyoxigraph as ox

    from tomgraph.namespaces import MODEL_GRAPH
    from tomgraph.store import EmbeddedStore, load_bundled

    store = EmbeddedStore()
    load_bundled(store, model=False)
    store.load_files([generated_model(capabilities)], graph=MODEL_GRAPH)
    partial = path.with_suffix(".partial")
    with open(partial, "wb") as out:
        store.export(out, ox.RdfFormat.N_QUADS)
    partial.rename(path)
    return path


def store_dirs(capabilities: int) -> tuple[Path, Path]:
    """On-disk stores for tomgraph and for the Oxigraph server, loaded from the same file."""
    data = dataset_file(capabilities)
    ours, theirs = CACHE / f"web-store-{capabilities}", CACHE / f"web-oxigraph-{capabilities}"
    if not ours.exists():
        import pyoxigraph as ox

        store = ox.Store(str(ours))
        store.bulk_load(path=str(data), format=ox.RdfFormat.N_QUADS)
        store.flush()
        del store
    if not theirs.exists():
        subprocess.run([str(BIN / "oxigraph"), "load", "--location", str(theirs),
                        "--file", str(data)], check=True, capture_output=True)
    return ours, theirs


# -- servers ----------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def running(command: list[str], url: str, *, startup: float = 600,
            env: dict[str, str] | None = None) -> Iterator[str]:
    """Run a server (with ``env``, default this process's environment) until the block ends;
    yields its SPARQL URL once it answers."""
    log = tempfile.TemporaryFile()
    process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, env=env)
    try:
        deadline = time.monotonic() + startup
        while True:
            if process.poll() is not None:
                log.seek(0)
                raise RuntimeError(f"{command[0]} exited: {log.read().decode()[-2000:]}")
            try:
                requests.get(url, params={"query": "ASK {}"}, timeout=5)
                break
            except requests.RequestException:
                if time.monotonic() > deadline:
                    raise RuntimeError(f"{command[0]} did not start") from None
                time.sleep(0.25)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


def server_command(name: str, capabilities: int) -> tuple[list[str], str]:
    """The command line of server ``name`` over the ``capabilities`` model on a free loopback
    port, and its SPARQL URL (the base URL is the part before its last ``/``)."""
    port = free_port()
    ours, theirs = store_dirs(capabilities)
    limit = str(int(first_timeout()))  # servers stop what the client gave up on
    if name == "tomgraph":
        return ([str(BIN / "tomgraph"), "serve", "--store", str(ours), "--port", str(port),
                 "--query-timeout", limit], f"http://127.0.0.1:{port}/sparql")
    if name == "oxigraph":
        return ([str(BIN / "oxigraph"), "serve-read-only", "--location", str(theirs),
                 "--bind", f"127.0.0.1:{port}", "--union-default-graph", "--timeout-s", limit],
                f"http://127.0.0.1:{port}/query")
    return ([str(BIN / "rdflib-endpoint"), "serve", "--host", "127.0.0.1", "--port", str(port),
             str(dataset_file(capabilities))], f"http://127.0.0.1:{port}/")


# -- load -------------------------------------------------------------------------------------


@dataclass
class Measure:
    latencies: list[float] = field(default_factory=list)
    seconds: float = 0.0
    error: str | None = None

    def pct(self, q: float) -> float:
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000

    @property
    def throughput(self) -> float:
        return len(self.latencies) / self.seconds if self.seconds else 0.0


def accept_for(query: str) -> str:
    """The Accept header a client sends for ``query``: solutions, or a graph in Turtle."""
    from tomgraph.sparql.structure import parse

    return GRAPH if parse(query).form in ("CONSTRUCT", "DESCRIBE") else SOLUTIONS


def measure(url: str, queries: list[str]) -> Measure:
    """8 clients sending ``queries`` (round robin) until the time or request budget is spent."""
    result = Measure()
    headers = {"Accept": accept_for(queries[0])}
    with requests.Session() as warm:
        start = time.perf_counter()
        try:
            response = warm.post(url, data={"query": queries[0]}, headers=headers,
                                 timeout=first_timeout())
        except requests.Timeout:
            result.error = f"> {first_timeout():g} s"
            return result
        if response.status_code == 503:  # the server stopped it at its own timeout
            result.error = f"> {first_timeout():g} s"
            return result
        if response.status_code != 200:
            result.error = f"HTTP {response.status_code}"
            return result
        if time.perf_counter() - start > seconds_per_query():
            # Too slow to load-test in the budget: report the single run.
            result.latencies, result.seconds = [time.perf_counter() - start], 0.0
            return result
    lock = threading.Lock()

    def send(session: requests.Session, n: int) -> None:
        t = time.perf_counter()
        r = session.post(url, data={"query": queries[n % len(queries)]},
                         headers=headers, timeout=first_timeout() * 2)
        elapsed = time.perf_counter() - t
        with lock:
            if r.status_code == 200:
                result.latencies.append(elapsed)
            else:
                result.error = f"HTTP {r.status_code}"

    result.seconds = concurrently(send, max_requests=MAX_REQUESTS)
    return result


def concurrently(send: Callable[[requests.Session, int], None], *,
                 max_requests: int | None = None) -> float:
    """:data:`CLIENTS` threads, one session each, calling ``send(session, n)`` for requests
    ``n`` = 0, 1, … until :func:`seconds_per_query` or ``max_requests`` is spent; returns
    the seconds it took."""
    budget, lock, counter = seconds_per_query(), threading.Lock(), [0]
    started = time.perf_counter()

    def client() -> None:
        with requests.Session() as session:
            while True:
                with lock:
                    n = counter[0]
                    if (max_requests is not None and n >= max_requests) or (
                            time.perf_counter() - started > budget):
                        return
                    counter[0] += 1
                send(session, n)

    threads = [threading.Thread(target=client, daemon=True) for _ in range(CLIENTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return time.perf_counter() - started


def workload(url: str) -> dict[str, list[str]]:
    """Named queries (defaults bound) and DESCRIBE lookups of 64 capabilities."""
    from tomgraph.querylib import bound_text, list_queries

    work = {f"named: {q.name}": [bound_text(q, {})] for q in list_queries()}
    rows = requests.post(url, data={"query": CAPABILITY_QUERY}, timeout=60,
                         headers={"Accept": "application/sparql-results+json"}).json()
    iris = [b["c"]["value"] for b in rows["results"]["bindings"]]
    work["resource page: DESCRIBE"] = [f"DESCRIBE <{iri}>" for iri in iris]
    return work


def main(sizes: list[int]) -> None:
    # SIGTERM unwinds like Ctrl+C, so the servers started here are always stopped.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))
    capabilities = 10_000 if 10_000 in sizes else min(sizes)
    print(f"Model: {capabilities:,} capabilities; {CLIENTS} clients; {machine()}", flush=True)
    results: dict[str, dict[str, Measure]] = {}
    work: dict[str, list[str]] = {}
    for name in SERVERS:
        pending = list(work) if work else None
        while pending is None or pending:
            command, url = server_command(name, capabilities)
            print(f"  starting {name} …", flush=True)
            with running(command, url) as endpoint:
                if not work:
                    work = workload(endpoint)
                    pending = list(work)
                assert pending is not None
                while pending:
                    label = pending.pop(0)
                    m = results.setdefault(label, {})[name] = measure(endpoint, work[label])
                    print(f"    {name:16} {label:40} {m.error or f'{m.pct(0.5):.1f} ms'}",
                          flush=True)
                    if m.error and m.error.startswith(">") and name == "rdflib-endpoint":
                        # rdflib cannot stop a query: restart so it does not slow the next.
                        break
    print()
    print(report(results))


def report(results: dict[str, dict[str, Measure]]) -> str:
    def latency(m: Measure) -> str:
        if m.error:
            return m.error
        return f"{m.pct(0.5):.1f} / {m.pct(0.99):.1f}"

    def rate(m: Measure) -> str:
        if m.error:
            return "–"
        return f"{m.throughput:.1f}" if m.seconds else f"< {1 / m.latencies[0]:.2f}"

    rows = []
    for label, by in results.items():
        ours, ox, rdf = by["tomgraph"], by["oxigraph"], by["rdflib-endpoint"]
        vs_ox = f"{ours.pct(0.5) / ox.pct(0.5):.2f}×" if not (ours.error or ox.error) else "–"
        if ours.error or not ours.seconds:
            vs_rdf = "–"
        elif rdf.error or not rdf.seconds:
            vs_rdf = f"> {ours.throughput / (1 / rdf.latencies[0]):.0f}×" if rdf.latencies else "∞"
        else:
            vs_rdf = f"{ours.throughput / rdf.throughput:.0f}×"
        rows.append([re.sub(r"^named: ", "", label), latency(ours), latency(ox), latency(rdf),
                     rate(ours), rate(ox), rate(rdf), vs_ox, vs_rdf])
    return table(
        ["query", "tomgraph p50/p99 ms", "oxigraph p50/p99 ms", "rdflib-endpoint p50/p99 ms",
         "tomgraph req/s", "oxigraph req/s", "rdflib-endpoint req/s",
         "p50 vs oxigraph", "throughput vs rdflib-endpoint"],
        rows,
    )

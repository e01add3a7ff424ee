"""Repeated reads: tomgraph's pages against Oxigraph's own server answering the same queries.

``python -m bench repeated``: on a generated model (10k capabilities when 10,000 is among the
sizes, else the smallest), with the ontology and shapes, in on-disk stores loaded from the
same file, three servers run in this process's lifetime on free loopback ports:

- ``tomgraph serve --store`` (result cache, rendered-page cache and ETags on, the default);
- the same with both caches off (``TOMGRAPH_QUERY_CACHE_ROWS=0``,
  ``TOMGRAPH_PAGE_CACHE_BYTES=0``): what every request cost before;
- ``oxigraph serve-read-only --union-default-graph``, asked the query behind each page (a
  named query's text as JSON results; ``DESCRIBE`` of the resource as Turtle).

For each kind of request (every named query page; resource pages of 32 capabilities) it
measures ``CLIENTS`` clients repeating the same requests for ``TOMGRAPH_BENCH_WEB_SECONDS``
(default 4): plain GETs, and for tomgraph also conditional GETs (``If-None-Match``, answered
304). Target: repeated requests ≥ 1× ``oxigraph serve``'s throughput. The servers are
started, and the clients run, by ``bench_web``'s helpers.

First requests (target: unchanged, with caches ≈ without) are measured apart, fairly: in
each of ``TOMGRAPH_BENCH_FIRST_ROUNDS`` rounds (default 3) a fresh server with caches and a
fresh one without run side by side, each over its own fresh copy of the store (so neither
pays for a cold disk cache the other then finds warm, as the first server started would),
and every distinct page is asked of both, one after the other, the order alternating from
page to page and round to round. Each page's median over the rounds with caches, divided by
its median without, gives a ratio per page; the table prints the median of those ("first
request cached / uncached", ≈ 1× when first requests are unchanged) beside the median
first-request times.

The ``requests`` threads spend more CPU per request than a server answering from memory, so
every repeated measurement is taken again with :mod:`bench.raw_client` (keep-alive sockets in
``TOMGRAPH_BENCH_RAW_PROCESSES`` processes, default 2), with each server's CPU per request
read from ``/proc``: the second table, where the servers, not the client, are measured.
"""

from __future__ import annotations

import os
import shutil
import signal
import statistics
import sys
import tempfile
import threading
import time
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

import requests

from bench.bench_web import (
    CAPABILITY_QUERY,
    CLIENTS,
    SOLUTIONS,
    concurrently,
    running,
    seconds_per_query,
    server_command,
)
from bench.common import machine, table
from bench.raw_client import child_listening_on, cpu_seconds, hammer, request_bytes

RAW_PROCESSES = int(os.environ.get("TOMGRAPH_BENCH_RAW_PROCESSES", "2"))
"""Processes of the raw client (each driving 4 keep-alive connections)."""
FIRST_ROUNDS = int(os.environ.get("TOMGRAPH_BENCH_FIRST_ROUNDS", "3"))
"""Rounds of first requests, each on a fresh server with caches and one without."""
NO_CACHES = {"TOMGRAPH_QUERY_CACHE_ROWS": "0", "TOMGRAPH_PAGE_CACHE_BYTES": "0"}
"""The environment of the tomgraph server without its result and page caches."""


@dataclass
class Request:
    """One read as each server is asked it: tomgraph's page, Oxigraph's query."""

    page: str
    query: str
    accept: str


@dataclass
class Run:
    first_ms: list[float] = field(default_factory=list)
    requests: int = 0
    seconds: float = 0.0
    errors: int = 0
    raw_requests: int = 0
    raw_seconds: float = 0.0
    server_cpu: float = 0.0

    @property
    def throughput(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    @property
    def raw_throughput(self) -> float:
        return self.raw_requests / self.raw_seconds if self.raw_seconds else 0.0

    @property
    def cpu_us(self) -> float:
        """Server CPU microseconds per request under the raw client."""
        return self.server_cpu / self.raw_requests * 1e6 if self.raw_requests else 0.0


def raw_measure(run: Run, server: str, base: str, work: list[Request], *,
                conditional: bool = False, tags: dict[str, str] | None = None) -> None:
    """The same requests from :mod:`bench.raw_client` (keep-alive sockets in
    ``RAW_PROCESSES`` processes), with the server's CPU time per request."""
    host, port = base.split("//", 1)[1].rsplit(":", 1)
    if server == "oxigraph":
        wire = [request_bytes(host, f"/query?query={quote(r.query, safe='')}",
                              {"Accept": r.accept}) for r in work]
    else:
        wire = [request_bytes(host, r.page, {"If-None-Match": tags[r.page]}
                              if conditional and tags and r.page in tags else None)
                for r in work]
    pid = child_listening_on(int(port))
    before = cpu_seconds(pid) if pid else 0.0
    answered, errors, seconds = hammer(host, int(port), wire, seconds=seconds_per_query(),
                                       processes=RAW_PROCESSES)
    run.server_cpu = (cpu_seconds(pid) - before) if pid else 0.0
    run.raw_requests, run.raw_seconds = answered, seconds
    run.errors += errors


def _ask(session: requests.Session, server: str, base: str, r: Request,
         etag: dict[str, str] | None = None) -> requests.Response:
    if server == "oxigraph":
        return session.get(f"{base}/query", params={"query": r.query},
                           headers={"Accept": r.accept}, timeout=120)
    headers = {}
    if etag is not None and r.page in etag:
        headers["If-None-Match"] = etag[r.page]
    return session.get(base + r.page, headers=headers, timeout=120)


def measure(server: str, base: str, work: list[Request], *, conditional: bool = False,
            first: bool = True) -> Run:
    run = Run()
    tags: dict[str, str] = {}
    with requests.Session() as session:
        for r in work:  # the first (cold) request of each, which also warms the caches
            start = time.perf_counter()
            response = _ask(session, server, base, r)
            if first:
                run.first_ms.append((time.perf_counter() - start) * 1000)
            if response.status_code != 200:
                run.errors += 1
            if "ETag" in response.headers:
                tags[r.page] = response.headers["ETag"]
    lock = threading.Lock()

    def send(session: requests.Session, n: int) -> None:
        response = _ask(session, server, base, work[n % len(work)],
                        tags if conditional else None)
        with lock:
            if response.status_code in (200, 304):
                run.requests += 1
            else:
                run.errors += 1

    run.seconds = concurrently(send)
    raw_measure(run, server, base, work, conditional=conditional, tags=tags)
    return run


def workload(oxigraph_base: str) -> dict[str, list[Request]]:
    from tomgraph.querylib import bound_text, list_queries

    named = [Request(f"/queries/{q.name}?run=1", bound_text(q, {}), SOLUTIONS)
             for q in list_queries() if not any(p.required for p in q.params)]
    rows = requests.post(f"{oxigraph_base}/query", data={"query": CAPABILITY_QUERY},
                         headers={"Accept": SOLUTIONS}, timeout=60).json()
    iris = [b["c"]["value"] for b in rows["results"]["bindings"]][:32]
    pages = [Request(f"/resource?iri={quote(iri, safe='')}", f"DESCRIBE <{iri}>", "text/turtle")
             for iri in iris]
    return {"named-query pages": named, "resource pages": pages}


def main(sizes: list[int]) -> None:
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))
    capabilities = 10_000 if 10_000 in sizes else min(sizes)
    print(f"Model: {capabilities:,} capabilities; {CLIENTS} clients; {machine()}", flush=True)
    runs: dict[str, dict[str, Run]] = {}
    work: dict[str, list[Request]] = {}
    for name in ("oxigraph", "tomgraph", "tomgraph, no caches"):
        command, url = server_command(name.split(",")[0], capabilities)
        env = {**os.environ, **NO_CACHES} if name == "tomgraph, no caches" else None
        base = url.rsplit("/", 1)[0]
        with running(command, url, env=env):
            if not work:
                work = workload(base)
            for kind, requests_ in work.items():
                runs.setdefault(kind, {})[name] = measure(name, base, requests_)
                if name == "tomgraph":
                    runs[kind]["tomgraph, If-None-Match"] = measure(
                        name, base, requests_, conditional=True, first=False)
                done = runs[kind][name]
                print(f"  {name:22} {kind:18} {done.throughput:8.1f} req/s (requests), "
                      f"{done.raw_throughput:8.1f} req/s (raw), "
                      f"{done.cpu_us:7.0f} µs server CPU/request", flush=True)
    firsts = first_requests(capabilities, work)
    print()
    print(report(runs, firsts))


@dataclass
class Firsts:
    """First-request milliseconds of each page, one value per round, with and without caches."""

    cached: dict[str, list[float]] = field(default_factory=dict)
    uncached: dict[str, list[float]] = field(default_factory=dict)

    def median_ms(self, cached: bool) -> float:
        by_page = self.cached if cached else self.uncached
        return statistics.median(statistics.median(v) for v in by_page.values())

    def ratio(self) -> float:
        """The median over pages of (median with caches / median without)."""
        return statistics.median(
            statistics.median(self.cached[page]) / statistics.median(self.uncached[page])
            for page in self.cached
        )


def _tomgraph_over(capabilities: int, store: Path) -> tuple[list[str], str]:
    """``server_command("tomgraph", capabilities)`` over another copy of its store."""
    command, url = server_command("tomgraph", capabilities)
    command[command.index("--store") + 1] = str(store)
    return command, url


def first_requests(capabilities: int, work: dict[str, list[Request]]) -> dict[str, Firsts]:
    """Each page asked once of a fresh server with caches and a fresh one without, side by
    side, :data:`FIRST_ROUNDS` times.

    Both servers run at once, each over its own copy of the store (made just before, so
    both find it in the OS cache), and each page is asked of one and then the other, the
    order alternating from page to page and round to round: a burst of other work on the
    machine lands on both alike.
    """
    from bench.bench_web import store_dirs

    source = store_dirs(capabilities)[0]
    firsts = {kind: Firsts() for kind in work}
    for round_ in range(FIRST_ROUNDS):
        with tempfile.TemporaryDirectory(prefix="tomgraph-bench-first-") as tmp:
            servers = []
            for cached in (True, False):
                copy = Path(tmp) / ("cached" if cached else "uncached")
                shutil.copytree(source, copy)
                command, url = _tomgraph_over(capabilities, copy)
                env = None if cached else {**os.environ, **NO_CACHES}
                servers.append((cached, command, url, env))
            with ExitStack() as stack:
                bases = {}
                for cached, command, url, env in servers:
                    stack.enter_context(running(command, url, env=env))
                    bases[cached] = url.rsplit("/", 1)[0]
                sessions = {c: stack.enter_context(requests.Session()) for c in bases}
                n = round_
                for kind, requests_ in work.items():
                    for r in requests_:
                        n += 1
                        for cached in ((True, False) if n % 2 else (False, True)):
                            start = time.perf_counter()
                            response = _ask(sessions[cached], "tomgraph", bases[cached], r)
                            elapsed = (time.perf_counter() - start) * 1000
                            into = firsts[kind].cached if cached else firsts[kind].uncached
                            into.setdefault(r.page, []).append(elapsed)
                            if response.status_code != 200:
                                print(f"  first request {r.page}: {response.status_code}",
                                      flush=True)
        print(f"  first requests, round {round_ + 1} of {FIRST_ROUNDS}: " + ", ".join(
            f"{kind} {f.median_ms(True):.1f} ms cached / {f.median_ms(False):.1f} ms uncached"
            f" ({f.ratio():.2f}×)" for kind, f in firsts.items()), flush=True)
    return firsts


def _ratio(a: float, b: float) -> str:
    return f"{a / b:.2f}×" if b else "–"


def report(runs: dict[str, dict[str, Run]], firsts: dict[str, Firsts]) -> str:
    rows, raw = [], []
    for kind, by in runs.items():
        ox, ours, bare, cond = (by["oxigraph"], by["tomgraph"], by["tomgraph, no caches"],
                                by["tomgraph, If-None-Match"])
        first = firsts[kind]
        rows.append([
            kind,
            f"{first.median_ms(True):.1f}", f"{first.median_ms(False):.1f}",
            f"{first.ratio():.2f}×", f"{statistics.median(ox.first_ms):.1f}",
            f"{ours.throughput:.0f}", f"{cond.throughput:.0f}", f"{bare.throughput:.0f}",
            f"{ox.throughput:.0f}",
            _ratio(ours.throughput, ox.throughput), _ratio(cond.throughput, ox.throughput),
            sum(r.errors for r in by.values()),
        ])
        raw.append([
            kind, f"{ours.raw_throughput:.0f}", f"{cond.raw_throughput:.0f}",
            f"{bare.raw_throughput:.0f}", f"{ox.raw_throughput:.0f}",
            _ratio(ours.raw_throughput, ox.raw_throughput),
            _ratio(cond.raw_throughput, ox.raw_throughput),
            f"{ours.cpu_us:.0f}", f"{cond.cpu_us:.0f}", f"{bare.cpu_us:.0f}", f"{ox.cpu_us:.0f}",
            _ratio(ox.cpu_us, ours.cpu_us),
        ])
    return ("### Repeated reads against oxigraph serve (target: ≥ 1×), requests client\n\n"
            + table(
        ["requests", "first ms (tomgraph)", "first ms (no caches)",
         "first request cached / uncached", "first ms (oxigraph)",
         "tomgraph req/s", "tomgraph 304 req/s", "no caches req/s", "oxigraph req/s",
         "tomgraph / oxigraph", "304 / oxigraph", "errors"],
        rows,
    ) + f"\n\n### The same with the raw keep-alive client ({RAW_PROCESSES} processes × 4 "
        "connections) and each server's CPU per request\n\n" + table(
        ["requests", "tomgraph req/s", "tomgraph 304 req/s", "no caches req/s",
         "oxigraph req/s", "tomgraph / oxigraph", "304 / oxigraph", "tomgraph CPU µs/req",
         "304 CPU µs/req", "no caches CPU µs/req", "oxigraph CPU µs/req",
         "oxigraph CPU / tomgraph CPU"],
        raw,
    ) + f"\n\nFirst requests: each page once of fresh servers, {FIRST_ROUNDS} rounds with and "
        "without caches side by side, asked in alternating order; ms are medians "
        "over pages of each page's median; \"cached / uncached\" is the median over pages of "
        "their ratio (target ≈ 1×). Oxigraph's first requests are from its one start.")

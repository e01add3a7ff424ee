"""Load and soak: a real ``tomgraph serve`` under a realistic mix of requests, on loopback.

``python -m bench load``: a generated 10k-capability store (with the ontology and shapes),
16 client threads for 60 s (``TOMGRAPH_BENCH_LOAD_CLIENTS`` / ``_SECONDS``) sending pages,
named queries, resource pages, the capability map, ad-hoc SPARQL and a few pathological
queries the server must stop with 503, and editor saves: signed-in sessions posting the
edit form with its CSRF token (``bench/load_editing.py``). Reports requests/s, p50/p99 per
kind, every error other than the expected 503s (and 409s where two editors edit one entity
on purpose), and the server's resident memory (web process plus query workers) before and
after.

``python -m bench.bench_load --soak 10`` runs for 10 minutes sampling memory every 10 s and
reports its growth after a warm-up (the first fifth of the run); ``--capabilities 0`` serves
the bundled example instead of a generated store (the short form the tests run).
Every loop is bounded by the deadline; the server listens on 127.0.0.1 only.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

import requests

from bench import load_editing
from bench.bench_web import free_port
from bench.common import CACHE, machine, table

RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
ADHOC = [
    "PREFIX tom: <https://w3id.org/tomgraph/ontology#> "
    "SELECT ?c WHERE { ?c a tom:Capability } LIMIT 50",
    "SELECT ?p (COUNT(*) AS ?n) WHERE { ?s ?p ?o } GROUP BY ?p ORDER BY DESC(?n) LIMIT 20",
    "ASK { ?s a <https://w3id.org/tomgraph/ontology#Capability> }",
    "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
    "SELECT ?s ?l WHERE { ?s rdfs:label ?l FILTER(CONTAINS(LCASE(STR(?l)), 'crime')) } LIMIT 25",
]
PAGES = ["/", "/queries", "/decisions", "/ontology", "/search?q=crime", "/validation"]
MIX = [  # kind, weight
    ("page", 20), ("named query", 20), ("resource page", 25), ("capability map", 10),
    ("ad-hoc SPARQL", 20), ("pathological", 1), ("save", 4),
]


@dataclass
class Result:
    """What the clients saw."""

    seconds: float = 0.0
    latencies: dict[str, list[float]] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    error_counts: Counter[tuple[str, int]] = field(default_factory=Counter)
    """Errors by (kind, HTTP status; 0 when the request itself failed)."""
    expected_503: int = 0
    expected_409: int = 0
    """Saves of the capability every client edits on purpose that met another's change."""
    rss_before: float = 0.0
    rss_after: float = 0.0
    samples: list[tuple[float, float, float]] = field(default_factory=list)
    """(seconds, web process MiB, query workers MiB)."""

    @property
    def requests(self) -> int:
        return sum(len(v) for v in self.latencies.values())

    def pct(self, q: float, kind: str | None = None) -> float:
        values = sorted(
            x for k, v in self.latencies.items() if kind in (None, k) for x in v
        )
        return values[min(len(values) - 1, int(q * len(values)))] * 1000 if values else 0.0


# -- the server ----------------------------------------------------------------------------


def store_dir(capabilities: int) -> Path:
    """An on-disk store of the generated model, ontology and shapes, built once in the cache."""
    from bench.bench_web import dataset_file

    path = CACHE / f"load-store-{capabilities}"
    if not path.exists():
        import pyoxigraph as ox

        data = dataset_file(capabilities)  # creates the cache folder too
        partial = path.with_name(path.name + ".partial")
        store = ox.Store(str(partial))
        store.bulk_load(path=str(data), format=ox.RdfFormat.N_QUADS)
        store.flush()
        del store
        partial.rename(path)
    return path


@contextmanager
def serving(
    store: Path | None, *, timeout: float, startup: float = 600, users: Path | None = None
) -> Iterator[tuple[str, int]]:
    """``tomgraph serve`` on a free loopback port; yields (base URL, pid) once it is ready."""
    port = free_port()
    command = [sys.executable, "-m", "tomgraph.cli", "serve", "--host", "127.0.0.1",
               "--port", str(port), "--query-timeout", str(timeout)]
    if store is not None:
        command += ["--store", str(store)]
    if users is not None:
        command += ["--users-file", str(users)]
    log = tempfile.TemporaryFile()
    env = {**os.environ, "TOMGRAPH_ACCESS_LOG": "false"}
    process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, env=env)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + startup
        while True:
            if process.poll() is not None:
                log.seek(0)
                raise RuntimeError(f"tomgraph serve exited: {log.read().decode()[-2000:]}")
            try:
                if requests.get(base + "/readyz", timeout=5).status_code == 200:
                    break
            except requests.RequestException:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError("tomgraph serve did not become ready")
            time.sleep(0.25)
        yield base, process.pid
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


def rss_mib(pid: int) -> float:
    """Resident memory of ``pid`` and its children (the query workers), in MiB."""
    return sum(rss_split(pid))


def rss_split(pid: int) -> tuple[float, float]:
    """Resident memory of the web process ``pid`` and of its children (the query workers),
    in MiB: a leak in one and a worker restarted in the other read differently."""
    web = workers = 0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            if int(entry.name) != pid and int(fields[1]) != pid:
                continue
            for line in (entry / "status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    if int(entry.name) == pid:
                        web += int(line.split()[1])
                    else:
                        workers += int(line.split()[1])
        except (OSError, IndexError, ValueError):
            continue
    return web / 1024, workers / 1024


# -- the clients ---------------------------------------------------------------------------


def targets(base: str) -> dict[str, list[str]]:
    """Concrete URLs for every kind of request, discovered from the running server."""
    from tomgraph.querylib import list_queries

    rows = requests.get(base + "/sparql", params={"query": ADHOC[0]}, timeout=60,
                        headers={"Accept": "application/sparql-results+json"}).json()
    iris = [b["c"]["value"] for b in rows["results"]["bindings"]]
    return {
        "page": PAGES,
        "named query": [f"/queries/{q.name}?run=1" for q in list_queries()],
        "resource page": [f"/resource?iri={quote(iri, safe='')}" for iri in iris] or ["/"],
        "capability map": ["/capabilities"],
        "ad-hoc SPARQL": [f"/sparql?query={quote(q)}" for q in ADHOC],
        "pathological": [f"/sparql?query={quote(RUNAWAY)}"],
        "save": iris,
    }


def drive(base: str, clients: int, seconds: float, *, seed: int = 16,
          sample: tuple[int, float] | None = None, saving: bool = True) -> Result:
    """``clients`` threads sending the mix for ``seconds``; ``sample`` = (pid, every s).

    ``saving``: editor saves are part of the mix (the server must have a users file with
    accounts ``editor0`` .. ``editor<clients-1>``)."""
    urls = targets(base)
    saves = bool(urls["save"]) and saving
    kinds = [k for k, _ in MIX if saves or k != "save"]
    weights = [w for k, w in MIX if saves or k != "save"]
    result = Result()
    lock = threading.Lock()
    started = time.monotonic()
    deadline = started + seconds

    def client(n: int) -> None:
        rng = random.Random(seed + n)
        session = requests.Session()
        if saves:
            load_editing.sign_in(session, base, f"editor{n}")
        edits = 0
        while time.monotonic() < deadline:
            kind = rng.choices(kinds, weights)[0]
            if kind == "save":
                url = load_editing.edit_target(urls["save"], n, clients, rng)
            else:
                url = rng.choice(urls[kind])
            t0 = time.perf_counter()
            try:
                if kind == "save":
                    edits += 1
                    status = load_editing.save(session, base, url, edits)
                else:
                    status = session.get(base + url, timeout=120,
                                         headers={"Accept": "text/html,*/*;q=0.8"}).status_code
            except requests.RequestException as exc:
                status = 0
                problem = f"{kind} {url}: {exc}"
            elapsed = time.perf_counter() - t0
            with lock:
                if kind == "pathological" and status == 503:
                    result.expected_503 += 1
                    continue
                result.latencies.setdefault(kind, []).append(elapsed)
                if kind == "save" and status == 409 and url == urls["save"][0]:
                    result.expected_409 += 1
                    continue
                if status == 0:
                    result.errors.append(problem)
                elif kind == "save" and status != 302:
                    result.errors.append(f"save {url[:80]}: HTTP {status}")
                elif status >= 400:
                    result.errors.append(f"{kind} {url[:80]}: HTTP {status}")
                else:
                    continue
                result.error_counts[kind, status] += 1
        session.close()

    threads = [threading.Thread(target=client, args=(i,), daemon=True) for i in range(clients)]
    for thread in threads:
        thread.start()
    if sample is not None:
        pid, every = sample
        while any(t.is_alive() for t in threads):
            result.samples.append((time.monotonic() - started, *rss_split(pid)))
            for thread in threads:
                thread.join(timeout=max(0.0, every / len(threads)))
    for thread in threads:
        thread.join(timeout=seconds + 180)
    result.seconds = time.monotonic() - started
    return result


def run(capabilities: int, clients: int, seconds: float, *, timeout: float = 5.0,
        sample_every: float | None = None) -> Result:
    """Start a server, warm it up, drive the mix, and measure its memory around the run.

    Saves change the store, so the server gets a copy of the cached one (and a users file
    with an editor account per client), both thrown away afterwards."""
    with tempfile.TemporaryDirectory(prefix="tomgraph-load-") as scratch:
        work = Path(scratch)
        store = None
        if capabilities:
            store = work / "store"
            shutil.copytree(store_dir(capabilities), store)
        users = load_editing.make_users(work / "users.json", max(clients, 2))
        with serving(store, timeout=timeout, users=users) as (base, pid):
            drive(base, 2, min(10.0, seconds / 4))  # warm-up: caches, lazy pages, workers
            before = rss_mib(pid)
            sample = (pid, sample_every) if sample_every else None
            result = drive(base, clients, seconds, sample=sample)
            result.rss_before, result.rss_after = before, rss_mib(pid)
    return result


# -- reports -------------------------------------------------------------------------------


def report(result: Result) -> str:
    rows = [[kind, len(v), f"{result.pct(0.5, kind):.0f}", f"{result.pct(0.99, kind):.0f}"]
            for kind, v in result.latencies.items()]
    rows.append(["all", result.requests, f"{result.pct(0.5):.0f}", f"{result.pct(0.99):.0f}"])
    lines = [
        table(["kind", "requests", "p50 ms", "p99 ms"], rows),
        "",
        f"throughput: {result.requests / result.seconds:.1f} requests/s over "
        f"{result.seconds:.0f} s; pathological queries stopped with 503: {result.expected_503}; "
        f"saves of the shared capability refused as stale (409): {result.expected_409}",
        f"errors (other than those 503s): {len(result.errors)}",
        *[f"  {kind}: HTTP {status or 'no answer'} × {n}"
          for (kind, status), n in sorted(result.error_counts.items())],
        *[f"  {e}" for e in result.errors[:10]],
        f"server RSS (web + workers): {result.rss_before:.0f} MiB before, "
        f"{result.rss_after:.0f} MiB after",
    ]
    return "\n".join(lines)


MAX_GROWTH = 0.10
"""The most the web process's memory may grow from the end of the warm-up to the end of a
soak (a fraction). The workers' memory is reported but not judged: a pathological query
swells a worker until it is killed and replaced, so it rises and falls with the mix."""


def soak_report(result: Result) -> str:
    samples = result.samples
    lines = [table(["seconds", "web MiB", "workers MiB", "RSS MiB"],
                   [[f"{t:.0f}", f"{w:.0f}", f"{k:.0f}", f"{w + k:.0f}"]
                    for t, w, k in samples])]
    for name, part in (("web process", 1), ("web + workers", None)):
        growth = warm_growth(result, part)
        if growth is not None:
            first, last, peak = growth
            lines.append(f"{name} after warm-up: {first:.0f} → {last:.0f} MiB "
                         f"({last - first:+.0f} MiB, {(last - first) / first * 100:+.1f}%), "
                         f"max {peak:.0f}")
    problem = memory_problem(result)
    lines.append(problem or f"memory flat: the web process grew less than "
                            f"{MAX_GROWTH:.0%} after warm-up")
    return "\n".join(lines)


def warm_growth(result: Result, part: int | None = None) -> tuple[float, float, float] | None:
    """RSS in MiB (first sample after the warm-up, the end, highest after warm-up): of the
    web process (``part`` 1), the workers (2) or both (``None``). The warm-up is the first
    fifth of the run; the end is the mean of the last three samples, so one sample taken as
    a large page is rendered does not decide. ``None`` with fewer than four samples after
    the warm-up."""
    warm = [s[part] if part else s[1] + s[2] for s in result.samples
            if s[0] >= result.seconds / 5]
    if len(warm) < 4:
        return None
    return warm[0], sum(warm[-3:]) / 3, max(warm)


def memory_problem(result: Result) -> str | None:
    """Why the soak's memory is not flat, or ``None`` (also when too short to tell)."""
    growth = warm_growth(result, 1)
    if growth is None:
        return None
    first, last, _ = growth
    if last - first > MAX_GROWTH * first:
        return (f"memory NOT flat: the web process grew {last - first:+.0f} MiB "
                f"({(last - first) / first:+.0%}) after warm-up; at most {MAX_GROWTH:.0%}")
    return None


def main(sizes: list[int]) -> None:
    """``python -m bench load``: the 10k-capability run (or the smallest size given)."""
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))
    capabilities = 10_000 if 10_000 in sizes else min(sizes)
    clients = int(os.environ.get("TOMGRAPH_BENCH_LOAD_CLIENTS", "16"))
    seconds = float(os.environ.get("TOMGRAPH_BENCH_LOAD_SECONDS", "60"))
    print(f"Model: {capabilities:,} capabilities; {clients} clients for {seconds:g} s; "
          f"{machine()}", flush=True)
    print(report(run(capabilities, clients, seconds)))


def cli(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.bench_load", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--capabilities", type=int, default=10_000,
                        help="generated model size (0: the bundled example)")
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--soak", type=float, metavar="MINUTES",
                        help="run this long, sampling the server's memory every 10 s")
    args = parser.parse_args(argv)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))
    seconds = args.soak * 60 if args.soak else args.seconds
    print(f"Model: {args.capabilities:,} capabilities; {args.clients} clients for "
          f"{seconds:g} s; {machine()}", flush=True)
    result = run(args.capabilities, args.clients, seconds,
                 sample_every=10.0 if args.soak else None)
    print(report(result))
    if args.soak:
        print()
        print(soak_report(result))
    return 1 if result.errors or (args.soak and memory_problem(result)) else 0


if __name__ == "__main__":
    sys.exit(cli())

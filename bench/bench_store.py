"""Store benchmark: load and analytic queries with tomgraph, raw pyoxigraph and rdflib.

``python -m bench store`` (``--sizes 1000,10000``). Each engine runs in a fresh process, so
memory and caches from one cannot help or hurt another. rdflib is slow on big models: each of
its queries runs in a forked child and is stopped after ``TOMGRAPH_BENCH_RDFLIB_TIMEOUT``
seconds (default 120), reported as ``> T s``.

Times are CPU seconds of the engine's process (``time.process_time``): all three engines load
and query on one thread, so on an idle machine this equals the wall-clock time, and on a busy
shared machine it is not inflated by other work.
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as a worker: python bench/bench_store.py ...
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.common import (
    generated_model,
    machine,
    ratio,
    ratio_cell,
    rdflib_query_times,
    rdflib_timeout,
    seconds_cell,
    table,
)
from bench.common import run_worker as common_run_worker

QUERIES = Path(__file__).parent / "queries"
ONTOLOGY = Path(__file__).resolve().parents[1] / "ontology" / "tom.ttl"
ENGINES = ["tomgraph", "pyoxigraph", "rdflib"]
REPEAT = 3
"""Fast engines run each query this many times; the best time counts."""
RDFLIB_TIMEOUT = 120.0
"""Seconds one rdflib query may take (``TOMGRAPH_BENCH_RDFLIB_TIMEOUT`` overrides it)."""


def query_names() -> list[str]:
    return sorted(p.stem for p in QUERIES.glob("*.rq"))


# -- workers: one engine, one model, in a fresh process --------------------------------------


def _time_queries(run: Callable[[str], int], repeat: int) -> dict[str, list[float]]:
    """{query: [best seconds, rows]} for every benchmark query."""
    results: dict[str, list[float]] = {}
    for name in query_names():
        text = (QUERIES / f"{name}.rq").read_text(encoding="utf-8")
        best, rows = float("inf"), 0
        for _ in range(repeat):
            start = time.process_time()
            rows = run(text)
            best = min(best, time.process_time() - start)
        results[name] = [best, rows]
    return results


def worker_tomgraph(model: Path) -> dict[str, Any]:
    from tomgraph.namespaces import ONTOLOGY_GRAPH
    from tomgraph.store import EmbeddedStore

    store = EmbeddedStore()
    store.load_files([ONTOLOGY], graph=ONTOLOGY_GRAPH)
    start = time.process_time()
    store.load_files([model])
    load = time.process_time() - start
    return {"load": load, "queries": _time_queries(lambda q: _rows(store.query(q)), REPEAT)}


def _rows(result: Any) -> int:
    """Rows of a SELECT result, read to the end (as a caller would)."""
    return sum(1 for _ in result)


def worker_pyoxigraph(model: Path) -> dict[str, Any]:
    import pyoxigraph as ox

    store = ox.Store()
    store.load(path=str(ONTOLOGY))
    start = time.process_time()
    store.load(path=str(model))
    load = time.process_time() - start
    return {"load": load, "queries": _time_queries(lambda q: _rows(store.query(q)), REPEAT)}


def worker_rdflib(model: Path) -> dict[str, Any]:
    import rdflib

    graph = rdflib.Graph()
    graph.parse(str(ONTOLOGY), format="turtle")
    start = time.process_time()
    graph.parse(str(model), format="nt")
    load = time.process_time() - start
    texts = {name: (QUERIES / f"{name}.rq").read_text(encoding="utf-8") for name in query_names()}
    queries = rdflib_query_times(graph, texts, rdflib_timeout(RDFLIB_TIMEOUT), time.process_time)
    return {"load": load, "queries": queries}


def run_worker(engine: str, model: Path) -> dict[str, Any]:
    """Run ``engine`` over ``model`` in a fresh Python and return what it measured."""
    return common_run_worker(__file__, engine, str(model))


# -- the table --------------------------------------------------------------------------------


def main(sizes: list[int]) -> None:
    limit = rdflib_timeout(RDFLIB_TIMEOUT)
    rows: list[list[Any]] = []
    mismatches: list[str] = []
    for size in sizes:
        model = generated_model(size)
        triples = sum(1 for line in model.open("rb") if not line.startswith(b"#"))
        runs = {engine: run_worker(engine, model) for engine in ENGINES}
        tg, ox, rl = (runs[e] for e in ENGINES)
        rows.append([
            f"{size:,}", f"{triples:,}", "load", f"{tg['load']:.3f}", f"{ox['load']:.3f}",
            f"{rl['load']:.1f}", ratio(tg["load"], ox["load"]), ratio(rl["load"], tg["load"]),
            "",
        ])
        for name in query_names():
            t, o, r = tg["queries"][name], ox["queries"][name], rl["queries"][name]
            counts = {int(t[1]), int(o[1])} | ({int(r[1])} if r else set())
            if len(counts) > 1:
                mismatches.append(f"{name} at {size:,}: rows differ {t[1]}/{o[1]}/{r and r[1]}")
            rows.append([
                f"{size:,}", "", name, seconds_cell(t, limit), seconds_cell(o, limit),
                seconds_cell(r, limit), ratio_cell(t, o, limit), ratio_cell(r, t, limit),
                f"{int(t[1]):,}",
            ])
        print(f"size {size:,} done", file=sys.stderr, flush=True)
    headers = ["capabilities", "triples", "operation", "tomgraph s", "pyoxigraph s", "rdflib s",
               "tomgraph/pyoxigraph", "rdflib/tomgraph", "rows"]
    print(table(headers, rows))
    print(f"\nmachine: {machine()}; CPU seconds; rdflib query timeout {limit:.0f} s "
          f"(wall clock); fast engines best of {REPEAT}.")
    for line in mismatches:
        print(f"MISMATCH: {line}")


if __name__ == "__main__":
    worker = {"tomgraph": worker_tomgraph, "pyoxigraph": worker_pyoxigraph,
              "rdflib": worker_rdflib}[sys.argv[1]]
    print(json.dumps(worker(Path(sys.argv[2]))))

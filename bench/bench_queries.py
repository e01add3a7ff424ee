"""Query-library benchmark: every named query on generated models, tomgraph's embedded store
against rdflib's in-memory engine, in the same run.

``python -m bench queries`` (``--sizes 10000,100000``). Each engine runs in a fresh process.
rdflib runs each query in a forked child, stopped after ``TOMGRAPH_BENCH_RDFLIB_TIMEOUT``
seconds (default 60) and reported as ``> T s``. Targets: every query at most 2 s on the
embedded store, and at least 30× faster than rdflib on the largest model.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as a worker: python bench/bench_queries.py ...
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.common import (
    generated_model,
    machine,
    ratio_cell,
    rdflib_query_times,
    rdflib_timeout,
    seconds_cell,
    table,
)
from bench.common import run_worker as common_run_worker

ONTOLOGY = Path(__file__).resolve().parents[1] / "ontology" / "tom.ttl"
REPEAT = 3
"""The embedded store runs each query up to this many times; the best time counts."""
RDFLIB_TIMEOUT = 60.0
"""Seconds one rdflib query may take (``TOMGRAPH_BENCH_RDFLIB_TIMEOUT`` overrides it)."""
TARGET_SECONDS = 2.0
TARGET_RATIO = 30.0
BUSIEST_FEATURE = (
    "PREFIX tom: <https://w3id.org/tomgraph/ontology#> SELECT ?f WHERE {"
    " ?d tom:dependsOn ?f . ?f a tom:ApplicationFeature } GROUP BY ?f"
    " ORDER BY DESC(COUNT(?d)) ?f LIMIT 1"
)
"""The impact analysis asks about the feature most dependencies wait on: its widest case."""


def query_texts(item: str) -> dict[str, str]:
    """Every library query with its parameters bound (defaults, and ``item`` for the impact)."""
    from tomgraph.querylib import bound_text, list_queries

    return {
        q.name: bound_text(q, {"item": f"<{item}>"} if q.name == "impact-analysis" else {})
        for q in list_queries()
    }


# -- workers: one engine, one model, in a fresh process --------------------------------------


def worker_tomgraph(model: Path) -> dict[str, Any]:
    from tomgraph.namespaces import ONTOLOGY_GRAPH
    from tomgraph.store import EmbeddedStore

    store = EmbeddedStore()
    store.load_files([ONTOLOGY], graph=ONTOLOGY_GRAPH)
    store.load_files([model])
    (row,) = list(store.query(BUSIEST_FEATURE))  # type: ignore[arg-type]
    item = row[0].value
    results: dict[str, list[float]] = {}
    for name, text in query_texts(item).items():
        best, rows = float("inf"), 0
        for _ in range(REPEAT):
            start = time.perf_counter()
            rows = sum(1 for _ in store.query(text))  # type: ignore[arg-type]
            best = min(best, time.perf_counter() - start)
            if best > 2 * TARGET_SECONDS:
                break  # a slow query is slow however often it runs
        results[name] = [best, rows]
    return {"item": item, "queries": results}


def worker_rdflib(model: Path, item: str) -> dict[str, Any]:
    import rdflib

    graph = rdflib.Graph()
    graph.parse(str(ONTOLOGY), format="turtle")
    graph.parse(str(model), format="nt")
    return {"queries": rdflib_query_times(graph, query_texts(item), rdflib_timeout(RDFLIB_TIMEOUT))}


def run_worker(*argv: str) -> dict[str, Any]:
    """Run a worker in a fresh Python and return what it measured."""
    return common_run_worker(__file__, *argv)


# -- the table --------------------------------------------------------------------------------


def main(sizes: list[int]) -> None:
    limit = rdflib_timeout(RDFLIB_TIMEOUT)
    rows: list[list[Any]] = []
    notes: list[str] = []
    for size in sizes:
        model = generated_model(size)
        ours = run_worker("tomgraph", str(model))
        theirs = run_worker("rdflib", str(model), ours["item"])
        for name, mine in ours["queries"].items():
            other = theirs["queries"][name]
            shown = ratio_cell(other, mine, limit)
            factor = (other[0] if other else limit) / mine[0] if mine[0] > 0 else float("inf")
            if other is not None and int(other[1]) != int(mine[1]):
                notes.append(f"{name} at {size:,}: rows differ ({mine[1]} vs rdflib {other[1]})")
            verdict = "ok" if mine[0] <= TARGET_SECONDS else "SLOW"
            if size == max(sizes) and factor < TARGET_RATIO:
                verdict += " (<30×)"
            rows.append([f"{size:,}", name, seconds_cell(mine, limit), seconds_cell(other, limit),
                         shown, f"{int(mine[1]):,}", verdict])
        print(f"size {size:,} done", file=sys.stderr, flush=True)
    headers = ["capabilities", "query", "tomgraph s", "rdflib s", "rdflib/tomgraph", "rows",
               "target"]
    print(table(headers, rows))
    print(f"\nmachine: {machine()}; tomgraph best of {REPEAT}; rdflib timeout {limit:.0f} s; "
          f"targets: ≤ {TARGET_SECONDS:.0f} s and ≥ {TARGET_RATIO:.0f}× at the largest size.")
    for line in notes:
        print(f"NOTE: {line}")


if __name__ == "__main__":
    if sys.argv[1] == "tomgraph":
        print(json.dumps(worker_tomgraph(Path(sys.argv[2]))))
    else:
        print(json.dumps(worker_rdflib(Path(sys.argv[2]), sys.argv[3])))

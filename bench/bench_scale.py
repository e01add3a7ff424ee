"""Scale benchmark: atomic loads into a persisted store and reasoning, against named peers.

``python -m bench scale`` (``--sizes 1000,10000``). Each measurement runs in a fresh process.

- **load**: ``EmbeddedStore(dir).load_files`` (atomic: bulk load into a checkpoint, then a
  directory swap) into an empty store and into one already holding the ontology, against raw
  pyoxigraph ``bulk_load`` of the same file into a fresh directory. Target: ≤ 1.5×.
- **reason**: the fast engine against HermiT (the reference, stopped after
  ``TOMGRAPH_BENCH_HERMIT_TIMEOUT`` s, default 300) and the OWL 2 RL reasoner ``reasonable``
  (PyPI; it materialises every RL entailment, so it is the peer for speed, not for the same
  answer). Targets: 10k capabilities < 60 s, 100k < 10 min.

Times are wall-clock seconds: loads write to disk and HermiT runs in a JVM of its own.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as a worker: python bench/bench_scale.py ...
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.common import generated_model, machine, ratio, table

ONTOLOGY = Path(__file__).resolve().parents[1] / "ontology" / "tom.ttl"
MODEL_GRAPH = "https://w3id.org/tomgraph/graph/model"


def peer_max() -> int:
    """Largest model the peers reason over (``TOMGRAPH_BENCH_PEER_MAX``, default 10,000):
    HermiT takes 43 min at 10k and ``reasonable`` 7 GB, so 100k is out of reach for both."""
    return int(os.environ.get("TOMGRAPH_BENCH_PEER_MAX", "10000"))


def hermit_timeout() -> float:
    return float(os.environ.get("TOMGRAPH_BENCH_HERMIT_TIMEOUT", "300"))


# -- workers ------------------------------------------------------------------------------------


def worker_raw_load(model: str, where: str) -> dict[str, Any]:
    import pyoxigraph as ox

    start = time.perf_counter()
    store = ox.Store(str(where))
    store.bulk_load(path=str(model), format=ox.RdfFormat.N_TRIPLES,
                    to_graph=ox.NamedNode(MODEL_GRAPH))
    store.flush()
    del store
    return {"seconds": time.perf_counter() - start}


def worker_load(model: str, where: str, non_empty: str) -> dict[str, Any]:
    from tomgraph.store import EmbeddedStore

    with EmbeddedStore(where) as store:
        if non_empty == "yes":
            store.load_files([ONTOLOGY], graph="https://w3id.org/tomgraph/graph/ontology")
        start = time.perf_counter()
        store.load_files([model])
    return {"seconds": time.perf_counter() - start}


def worker_reason(model: str, engine: str) -> dict[str, Any]:
    from tomgraph.reasoning import reason
    from tomgraph.store import EmbeddedStore, load_bundled

    store = EmbeddedStore()
    load_bundled(store, model=False)
    store.load_files([model])
    start = time.perf_counter()
    report = reason(store, engine=engine, write=False, timeout=hermit_timeout())
    return {"seconds": time.perf_counter() - start, "inferred": report.inferred_triples}


def worker_reasonable(model: str) -> dict[str, Any]:
    import resource

    import reasonable

    start = time.perf_counter()
    reasoner = reasonable.PyReasoner()
    reasoner.load_file(str(ONTOLOGY))
    with tempfile.TemporaryDirectory() as tmp:
        as_turtle = Path(tmp) / "model.ttl"  # it picks a parser by extension; N-Triples is Turtle
        as_turtle.symlink_to(Path(model).resolve())
        reasoner.load_file(str(as_turtle))
    triples = reasoner.reason()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"seconds": time.perf_counter() - start, "triples": len(triples), "peak_mib": peak}


WORKERS = {
    "raw_load": worker_raw_load,
    "load": worker_load,
    "reason": worker_reason,
    "reasonable": worker_reasonable,
}


def _run(kind: str, *argv: str, timeout: float = 3600) -> dict[str, Any] | None:
    """A worker in a fresh process; ``None`` when it fails or runs out of time."""
    try:
        out = subprocess.run([sys.executable, __file__, kind, *argv], capture_output=True,
                             text=True, timeout=timeout, check=True)
    except (subprocess.TimeoutExpired, subprocess.CalledProcessError):
        return None
    result: dict[str, Any] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def _cell(result: dict[str, Any] | None, limit: float | None = None) -> str:
    if result is None:
        return f"> {limit:.0f} s or failed" if limit else "failed"
    return f"{result['seconds']:.2f}" if result["seconds"] < 10 else f"{result['seconds']:.1f}"


def main(sizes: list[int]) -> None:
    print(machine())
    load_rows, reason_rows = [], []
    for size in sizes:
        model = generated_model(size)
        with tempfile.TemporaryDirectory(prefix="tomgraph-bench-") as tmp:
            raw = _run("raw_load", str(model), str(Path(tmp) / "raw"))
            empty = _run("load", str(model), str(Path(tmp) / "empty"), "no")
            full = _run("load", str(model), str(Path(tmp) / "full"), "yes")
        if raw and empty and full:
            load_rows.append([
                size, _cell(raw), _cell(empty), ratio(empty["seconds"], raw["seconds"]),
                _cell(full), ratio(full["seconds"], raw["seconds"]),
            ])
        fast = _run("reason", str(model), "fast")
        peers = size <= peer_max()
        hermit = _run("reason", str(model), "hermit", timeout=hermit_timeout() + 60) if peers \
            else None
        rl = _run("reasonable", str(model), timeout=600) if peers else None
        reason_rows.append([
            size,
            _cell(fast),
            fast["inferred"] if fast else "",
            _cell(hermit, hermit_timeout()) if peers else "not run",
            ratio(hermit["seconds"], fast["seconds"]) if hermit and fast else
            (f"> {hermit_timeout() / fast['seconds']:.0f}×" if fast and peers else "n/a"),
            _cell(rl, 600) if peers else "not run",
            ratio(rl["seconds"], fast["seconds"]) if rl and fast else "n/a",
            f"{rl['peak_mib']:.0f}" if rl else "",
        ])
    print("\n### Atomic load into a persisted store (seconds; target ≤ 1.5× raw bulk_load)\n")
    print(table(["capabilities", "raw bulk_load", "tomgraph, empty store", "ratio",
                 "tomgraph, non-empty store", "ratio"], load_rows))
    print("\n### Reasoning (seconds; targets: 10k < 60 s, 100k < 600 s)\n")
    print(table(["capabilities", "fast engine", "inferred triples", "HermiT", "HermiT / fast",
                 "reasonable", "reasonable / fast", "reasonable peak MiB"], reason_rows))


if __name__ == "__main__":
    kind, *args = sys.argv[1:]
    print(json.dumps(WORKERS[kind](*args)))

"""Diff benchmark: ``tomgraph diff`` of two generated models vs a full load of one of them.

``python -m bench diff`` (``--sizes 1000,10000`` for a quick run). For each size the
generated model is copied with 1% of its entities changed (a new label on every entity whose
IRI hashes into the 1%); the diff of the two N-Triples files (both sides read, compared and
described, without the validation delta) is timed against loading one file into a fresh
store. The target is diff ≤ 2× the load. Stable Turtle export is timed against Oxigraph's own
Turtle writer on the same model. CPU seconds of fresh worker processes.
"""

from __future__ import annotations

import hashlib
import json
import resource
import sys
import time
from pathlib import Path

if __package__ in (None, ""):  # run as a worker: python bench/bench_diff.py ...
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.common import CACHE, generated_model, machine, ratio, run_worker, table

TARGET = 2.0
LABEL = "<http://www.w3.org/2000/01/rdf-schema#label>"


def changed_copy(path: Path) -> tuple[Path, int]:
    """``path`` with 1% of its subjects relabelled; returns the copy and how many changed."""
    out = CACHE / f"{path.stem}-changed.nt"
    picked: set[str] = set()
    with path.open(encoding="utf-8") as src, out.open("w", encoding="utf-8") as dst:
        for line in src:
            subject, _, rest = line.partition(" ")
            if rest.startswith(LABEL) and hashlib.md5(subject.encode()).digest()[0] < 3:
                picked.add(subject)
                line = line.replace('" ', ' (revised)" ', 1).replace('"@', ' (revised)"@', 1)
            dst.write(line)
    return out, len(picked)


def worker(mode: str, old: str, new: str) -> dict[str, float]:
    import io

    from tomgraph.store import EmbeddedStore

    start = time.process_time()
    if mode == "load":
        store = EmbeddedStore()
        store.load_files([Path(old)])
    elif mode == "diff":
        from tomgraph.diff.compute import diff_paths

        assert diff_paths(Path(old), Path(new), validate=False).changed
    elif mode in ("stable", "oxigraph"):
        import pyoxigraph as ox

        from tomgraph.store.stable_turtle import write_stable_turtle

        store = EmbeddedStore()
        store.load_files([Path(old)])
        start = time.process_time()
        triples = store.query("CONSTRUCT WHERE { ?s ?p ?o }")
        sink = io.BytesIO()
        if mode == "stable":
            write_stable_turtle(triples, sink)  # type: ignore[arg-type]
        else:
            ox.serialize(triples, sink, ox.RdfFormat.TURTLE)  # type: ignore[arg-type]
    seconds = time.process_time() - start
    return {"seconds": seconds,
            "peak_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


def main(sizes: list[int]) -> None:
    print(machine())
    rows = []
    for size in sizes:
        old = generated_model(size)
        new, changed = changed_copy(old)
        load = run_worker(__file__, "load", str(old), str(new))
        diff = run_worker(__file__, "diff", str(old), str(new))
        stable = run_worker(__file__, "stable", str(old), str(new))
        oxi = run_worker(__file__, "oxigraph", str(old), str(new))
        rows.append([
            f"{size:,}", f"{changed:,}", f"{load['seconds']:.2f}", f"{diff['seconds']:.2f}",
            ratio(diff["seconds"], load["seconds"]), f"{diff['peak_mib']:.0f}",
            f"{stable['seconds']:.2f}", f"{oxi['seconds']:.2f}",
            ratio(stable["seconds"], oxi["seconds"]),
        ])
    print(table(["capabilities", "entities changed", "load s", "diff s", "diff/load",
                 "diff peak MiB", "stable Turtle s", "Oxigraph Turtle s", "stable/Oxigraph"],
                rows))
    print(f"target: diff ≤ {TARGET}× a full load of one model")


if __name__ == "__main__":
    print(json.dumps(worker(*sys.argv[1:4])))

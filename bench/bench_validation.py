"""SHACL validation end to end (model file → report) with three independent engines.

* ``fast``: tomgraph's SPARQL-compiled engine; the file is loaded into the embedded Oxigraph
  store (with the bundled ontology and shapes) and validated there ("validate s"), then
  labelled, scored and written as the JSON report, as ``tomgraph validate`` does ("report s").
* ``pyshacl``: the reference; files parsed by rdflib and validated by pySHACL directly.
* ``shacl-rust``: an independent Rust validator from PyPI, given the same model and ontology
  as one N-Triples file and the project's shapes as one Turtle file.

Each run happens in a fresh Python process that reports its own time and peak memory, so runs
cannot inflate each other's figures. Results are compared by key (focus node, path, severity,
source shape, constraint component, value); a run over its time limit reports "> T s".
``BENCH_VALIDATION_TIMEOUT`` (seconds, default 600) sets the limit per run;
``BENCH_VALIDATION_ENGINES`` (comma-separated, default all) picks engines.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

from bench.common import CACHE, generated_model, machine, table

TIMEOUT = float(os.environ.get("BENCH_VALIDATION_TIMEOUT", "600"))

_PRELUDE = """
import json, resource, sys, time
from pathlib import Path
model, out = Path(sys.argv[1]), sys.argv[2]
def finish(keys, load, validate, triples):
    json.dump(sorted(keys, key=str), open(out, "w"))
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(load, validate, triples, rss)
"""

FAST = _PRELUDE + """
from tomgraph.namespaces import MODEL_GRAPH, SHAPES_GRAPH
from tomgraph.store import EmbeddedStore, load_bundled
from tomgraph.validation import validate
from tomgraph.validation.report_json import render_json
start = time.perf_counter()
store = EmbeddedStore()
load_bundled(store, model=False)
store.load_files([model], graph=MODEL_GRAPH)
loaded = time.perf_counter()
report = validate(store, engine="fast")
Path(out + ".report.json").write_text(render_json(report), encoding="utf-8")
done = time.perf_counter()
outcome = report.outcome
assert outcome is not None and outcome.engine == "fast", outcome and outcome.notes
triples = store.count() - store.count(SHAPES_GRAPH)
print("report", done - loaded - outcome.seconds)
finish([r.key() for r in outcome.results], loaded - start, outcome.seconds, triples)
"""

PYSHACL = _PRELUDE + """
from tomgraph import bundled
from tomgraph.validation.engines.reference import parse_files, validate_rdflib
start = time.perf_counter()
data = parse_files([bundled.ontology_file(), model])
shapes = parse_files(bundled.rdf_files(bundled.shapes_dir()))
loaded = time.perf_counter()
outcome = validate_rdflib(data, shapes)
done = time.perf_counter()
finish([r.key() for r in outcome.results], loaded - start, done - loaded, len(data))
"""

SHACL_RUST = _PRELUDE + """
import shacl_rust
from tomgraph.validation.results import Severity
shapes_file = sys.argv[3]
start = time.perf_counter()
report = shacl_rust.validate_file(str(model), shapes_file)
done = time.perf_counter()
def key(r):
    value = r.get("value")
    return (r["focusNode"], r.get("resultPath"), int(Severity.from_iri(r["severity"][1:-1])),
            r["sourceShape"], r["sourceConstraintComponent"], value)
finish([key(r) for r in report["results"]], 0.0, done - start, 0)
"""

ENGINES = {"fast": FAST, "pyshacl": PYSHACL, "shacl-rust": SHACL_RUST}
CHOSEN = [e for e in os.environ.get("BENCH_VALIDATION_ENGINES", ",".join(ENGINES)).split(",")
          if e in ENGINES]


def inputs(capabilities: int) -> tuple[Path, Path, Path]:
    """The generated model, the model plus ontology as one file, and all shapes as one file."""
    from tomgraph import bundled

    model = generated_model(capabilities)
    merged = CACHE / f"model-{capabilities}-1+ontology.nt"
    if not merged.exists():
        import pyoxigraph as ox

        ontology = ox.serialize(ox.parse(path=str(bundled.ontology_file())),
                                format=ox.RdfFormat.N_TRIPLES)
        with open(merged, "wb") as out:
            out.write(ontology or b"")
            out.write(model.read_bytes())
    shapes = CACHE / "shapes.ttl"
    shapes.write_bytes(b"\n".join(f.read_bytes() for f in bundled.rdf_files(bundled.shapes_dir())))
    return model, merged, shapes


def run(engine: str, model: Path, merged: Path, shapes: Path) -> dict[str, object]:
    """One engine in its own process: times, triples, peak memory and result keys."""
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as fh:
        out = Path(fh.name)
    data = merged if engine == "shacl-rust" else model
    try:
        proc = subprocess.run(
            [sys.executable, "-c", ENGINES[engine], str(data), str(out), str(shapes)],
            capture_output=True, text=True, timeout=TIMEOUT, check=False,
        )
    except subprocess.TimeoutExpired:
        return {"engine": engine, "timeout": True}
    if proc.returncode != 0:
        return {"engine": engine, "error": proc.stderr.strip().splitlines()[-1:]}
    lines = proc.stdout.strip().splitlines()
    load, validate, triples, rss = lines[-1].split()
    report = next((float(line.split()[1]) for line in lines if line.startswith("report ")), 0.0)
    keys = Counter(tuple(k) for k in json.loads(out.read_text()))
    out.unlink()
    Path(f"{out}.report.json").unlink(missing_ok=True)
    return {"engine": engine, "load": float(load), "validate": float(validate),
            "report": report, "total": float(load) + float(validate) + report,
            "triples": int(triples), "rss": float(rss), "keys": keys}


def agreement(runs: list[dict[str, object]]) -> list[str]:
    """How each engine's results differ from the fast engine's (empty when identical)."""
    base = next((r for r in runs if r["engine"] == "fast" and "keys" in r), None)
    notes = []
    for r in runs:
        if base is None or r is base or "keys" not in r:
            continue
        mine, theirs = base["keys"], r["keys"]  # type: ignore[index]
        missing, extra = theirs - mine, mine - theirs  # type: ignore[operator]
        if missing or extra:
            if _without_value(mine) == _without_value(theirs):
                notes.append(f"{r['engine']}: same results except sh:value on "
                             f"{sum(missing.values()):,} of them, e.g. {next(iter(missing))}")
                continue
            notes.append(f"{r['engine']}: {sum(missing.values())} results only it reports, "
                         f"{sum(extra.values())} only fast reports; e.g. "
                         f"{next(iter(missing or extra))}")
        else:
            notes.append(f"{r['engine']}: identical ({sum(theirs.values()):,} results)")
    return notes


def _without_value(keys: Counter[tuple[object, ...]]) -> Counter[tuple[object, ...]]:
    out: Counter[tuple[object, ...]] = Counter()
    for k, n in keys.items():
        out[k[:5]] += n
    return out


def main(sizes: list[int]) -> None:
    print(f"machine: {machine()}; load average {os.getloadavg()[0]:.1f}; "
          f"time limit {TIMEOUT:.0f} s per run\n")
    rows = []
    for n in sizes:
        model, merged, shapes = inputs(n)
        runs = [run(e, model, merged, shapes) for e in CHOSEN]
        fast = next((r for r in runs if r["engine"] == "fast"), {})
        for r in runs:
            if r.get("timeout"):
                rows.append([f"{n:,}", r["engine"], "", "", "", f"> {TIMEOUT:.0f}", "", "", "",
                             f"> {TIMEOUT / fast['total']:.0f}×" if "total" in fast else ""])
                continue
            if "error" in r:
                rows.append([f"{n:,}", r["engine"], "", "", "", "error", "", "", str(r["error"]),
                             ""])
                continue
            results = sum(r["keys"].values())  # type: ignore[attr-defined]
            speed = (f"{r['total'] / fast['total']:.1f}×" if "total" in fast and r is not fast
                     else "1×")
            rows.append([f"{n:,}", r["engine"], r["load"], r["validate"], r["report"] or "",
                         r["total"],
                         f"{r['rss']:.0f}", f"{r['triples']:,}" if r["triples"] else "",
                         f"{results:,}", speed])
        print(f"capabilities {n:,}: " + "; ".join(agreement(runs)), flush=True)
    print()
    print(table(["capabilities", "engine", "load s", "validate s", "report s", "total s",
                 "peak MiB",
                 "triples", "results", "× fast"], rows))

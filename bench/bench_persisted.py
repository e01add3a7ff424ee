"""Validation of a persisted store against the same model validated from its file.

``python -m bench persisted`` (``--sizes 1000,10000``). Each run is the whole command in a
fresh process, as a person runs it, so opening, loading and writing the report count:

- **from file**: ``tomgraph validate model.nt`` (parsed into a store in memory).
- **store**: ``tomgraph validate --store DIR`` (the graphs copied into memory, then validated).
- **store, in place**: the same command with the copy turned off (the checks run on the
  on-disk store, as before the copy existed): the peer the copy is measured against.

Target: **store ≤ 1× from file**. The JSON reports of all three must be identical (the
``seconds`` field aside); a difference is printed and fails the run.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.common import generated_model, machine, ratio, table

IN_PLACE = (
    "import sys\n"
    "from tomgraph.store import snapshot_memory\n"
    "snapshot_memory.available_memory = lambda: 1  # no room: validate on disk\n"
    "from tomgraph.cli import main\n"
    "sys.exit(main(sys.argv[1:]))\n"
)


def _cli(*args: str, in_place: bool = False) -> tuple[float, dict[str, Any]]:
    """Seconds one ``tomgraph`` command takes, and its JSON report (exit 0 or 1 is fine)."""
    with tempfile.NamedTemporaryFile(suffix=".json") as out:
        command = [sys.executable, "-c", IN_PLACE] if in_place else \
            [sys.executable, "-m", "tomgraph.cli"]
        start = time.perf_counter()
        done = subprocess.run([*command, *args, "--format", "json", "-o", out.name],
                              capture_output=True, text=True)
        seconds = time.perf_counter() - start
        if done.returncode not in (0, 1):
            raise RuntimeError(f"tomgraph {' '.join(args)} failed: {done.stderr[-2000:]}")
        report: dict[str, Any] = json.loads(Path(out.name).read_text(encoding="utf-8"))
    report.pop("seconds", None)
    return seconds, report


def _load(model: Path, store: Path) -> None:
    """The store a server keeps: the ontology, the shapes and the model, each in its graph."""
    from tomgraph import bundled
    from tomgraph.namespaces import MODEL_GRAPH, ONTOLOGY_GRAPH, SHAPES_GRAPH

    for graph, files in ((ONTOLOGY_GRAPH, [bundled.ontology_file()]),
                         (SHAPES_GRAPH, bundled.rdf_files(bundled.shapes_dir())),
                         (MODEL_GRAPH, [model])):
        subprocess.run([sys.executable, "-m", "tomgraph.cli", "load", *map(str, files),
                        "--graph", graph, "--store", str(store)], check=True,
                       capture_output=True)


def main(sizes: list[int]) -> None:
    print(machine())
    rows = []
    for size in sizes:
        model = generated_model(size)
        with tempfile.TemporaryDirectory(prefix="tomgraph-bench-") as tmp:
            store = Path(tmp) / "db"
            _load(model, store)
            from_file, expected = _cli("validate", str(model))
            copied, via_copy = _cli("validate", "--store", str(store))
            in_place, on_disk = _cli("validate", "--store", str(store), in_place=True)
        same = via_copy == expected and on_disk == expected
        rows.append([size, from_file, copied, ratio(copied, from_file), in_place,
                     ratio(in_place, from_file), ratio(in_place, copied),
                     "yes" if same else "NO"])
        if not same:
            print(f"reports differ at {size:,} capabilities", file=sys.stderr)
    print("\n### Validation: persisted store against the file (seconds, whole command; "
          "target: store ≤ 1× file)\n")
    print(table(["capabilities", "validate model.nt", "validate --store", "store / file",
                 "--store in place (old)", "in place / file", "in place / store",
                 "identical reports"], rows))
    if any(row[-1] != "yes" for row in rows):
        raise SystemExit("validation reports differ between a file and a persisted store")

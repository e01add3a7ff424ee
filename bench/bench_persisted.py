"""Validation of a persisted store against the same model validated from its file.

``python -m bench persisted`` (``--sizes 1000,10000``). Each run is the whole command in a
fresh process, as a person runs it, so opening, loading and writing the report count:

- **from file**: ``tomgraph validate model.nt`` (parsed into a store in memory).
- **store**: ``tomgraph validate --store DIR``: the files the store was loaded from (its file
  replica, ``store/file_replica.py``) parsed into memory, then validated.
- **store, copy from RocksDB**: the same command with the replica turned off, as after an
  edit: the graphs are read out of RocksDB into memory (``store/snapshot_memory.py``).
- **store, in place**: the same command with both turned off (the checks run on the on-disk
  store, as before the copy existed).

Target: **store ≤ 1× from file**. The JSON reports of all four must be identical (the
``seconds`` field aside); a difference is printed and fails the run. Each command's CPU
seconds (its own and its worker processes') are shown beside its wall-clock seconds: on a
shared machine the wall-clock ratio depends on how many cores other work leaves free, the CPU
ratio much less. The load average before and after each size is printed with the table.

A third table: the same store after :data:`EDITS` saves as the editor makes them (a
compare-and-set per entity, then the store closed), which the replica follows: ``validate
--store`` against the file (a model the same size) and against the copy from RocksDB, whose
report must be identical.

A second table shows where the difference lies, measured in this process: the store's graphs
put into memory by parsing its file replica, and by copying them out of RocksDB (with the
threads it chose for the load average at that moment, and on one thread), against parsing the
model file into memory, the step the file path has in its place. Seconds are wall-clock, CPU
seconds in brackets.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench.common import generated_model, machine, table

IN_PLACE = (
    "import sys\n"
    "from tomgraph.store import snapshot_memory\n"
    "snapshot_memory.available_memory = lambda: 1  # no room: validate on disk\n"
    "from tomgraph.cli import main\n"
    "sys.exit(main(sys.argv[1:]))\n"
)


FROM_ROCKSDB = (
    "import sys\n"
    "from tomgraph.store import EmbeddedStore\n"
    "EmbeddedStore.current_replica = lambda self: None  # as after an edit\n"
    "from tomgraph.cli import main\n"
    "sys.exit(main(sys.argv[1:]))\n"
)


EDITS = 500
"""Saves made before the third table's runs."""


def _edit(store: Path, saves: int) -> None:
    """``saves`` renames, each a guarded save as the editor makes it, then a clean close."""
    import pyoxigraph as ox

    from tomgraph.namespaces import MODEL_GRAPH
    from tomgraph.store import EmbeddedStore

    label = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
    model = ox.NamedNode(MODEL_GRAPH)
    with EmbeddedStore(store) as opened:
        named = opened.oxigraph.quads_for_pattern(None, label, None, model)
        for i, old in zip(range(saves), list(named), strict=False):
            new = ox.Quad(old.subject, label, ox.Literal(f"Renamed {i}"), model)
            expected = list(opened.oxigraph.quads_for_pattern(old.subject, None, None, model))
            assert opened.apply_guarded([new], [old], subject=old.subject, expected=expected,
                                        proof=new)
        assert opened.current_replica() is not None, "the replica follows the saves"


def _children_cpu() -> float:
    """CPU seconds (user + system) of every finished child process of this one so far."""
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


def _load_average() -> str:
    """The 1-minute load average now (how busy the machine is), or ``?`` where unknown."""
    try:
        return f"{os.getloadavg()[0]:.1f}"
    except OSError:
        return "?"


def _ratio(slow: float, fast: float) -> str:
    """``slow / fast`` to two decimals: the target is 1×, so 1.1× and 1.14× differ."""
    return f"{slow / fast:.2f}×" if fast > 0 else "n/a"


def _cli(*args: str, code: str | None = None) -> tuple[float, float, dict[str, Any]]:
    """Wall-clock and CPU seconds one ``tomgraph`` command takes (run by ``code`` instead of
    the CLI's module when given), and its JSON report (exit 0 or 1 is fine)."""
    with tempfile.NamedTemporaryFile(suffix=".json") as out:
        command = [sys.executable, "-c", code] if code else [sys.executable, "-m", "tomgraph.cli"]
        start, cpu = time.perf_counter(), _children_cpu()
        done = subprocess.run([*command, *args, "--format", "json", "-o", out.name],
                              capture_output=True, text=True)
        seconds, cpu = time.perf_counter() - start, _children_cpu() - cpu
        if done.returncode not in (0, 1):
            raise RuntimeError(f"tomgraph {' '.join(args)} failed: {done.stderr[-2000:]}")
        report: dict[str, Any] = json.loads(Path(out.name).read_text(encoding="utf-8"))
    report.pop("seconds", None)
    return seconds, cpu, report


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


def _timed(work: Callable[[], object]) -> tuple[float, float]:
    """Wall-clock and CPU seconds (all threads of this process) ``work`` takes."""
    wall, cpu = time.perf_counter(), time.process_time()
    work()
    return time.perf_counter() - wall, time.process_time() - cpu


def _copy_against_parse(model: Path, store: Path) -> list[object]:
    """The copy into memory (as chosen, and on one thread) against parsing the model file."""
    from tomgraph.namespaces import MODEL_GRAPH, ONTOLOGY_GRAPH, SHAPES_GRAPH
    from tomgraph.store import EmbeddedStore, snapshot_memory

    graphs = (MODEL_GRAPH, ONTOLOGY_GRAPH, SHAPES_GRAPH)

    def parse() -> None:
        with EmbeddedStore() as memory:
            memory.load_files([model], graph=MODEL_GRAPH)

    def copy(from_files: bool = False) -> None:
        copied = snapshot_memory.memory_copy(source, graphs, from_files=from_files)
        assert copied is not None, "the copy should fit in memory"
        copied.close()

    threads = snapshot_memory.copy_threads()
    with EmbeddedStore(store, read_only=True) as source:
        assert source.current_replica() is not None, "a store loaded from files keeps them"
        replica = _timed(lambda: copy(from_files=True))
        chosen = _timed(copy)
        chooser = snapshot_memory.copy_threads
        snapshot_memory.copy_threads = lambda: 1
        try:
            single = _timed(copy)
        finally:
            snapshot_memory.copy_threads = chooser
    parsed = _timed(parse)
    return [f"{replica[0]:.1f} ({replica[1]:.1f})",
            f"{chosen[0]:.1f} ({chosen[1]:.1f}), {threads} thread(s)",
            f"{single[0]:.1f} ({single[1]:.1f})", f"{parsed[0]:.1f} ({parsed[1]:.1f})",
            _ratio(replica[0], parsed[0]), _ratio(chosen[0], parsed[0]),
            _ratio(single[1], parsed[1])]


def main(sizes: list[int]) -> None:
    print(machine())
    rows = []
    parts = []
    after: list[list[object]] = []
    for size in sizes:
        model = generated_model(size)
        with tempfile.TemporaryDirectory(prefix="tomgraph-bench-") as tmp:
            store = Path(tmp) / "db"
            _load(model, store)
            before = _load_average()
            from_file, file_cpu, expected = _cli("validate", str(model))
            files, files_cpu, via_files = _cli("validate", "--store", str(store))
            copied, copied_cpu, via_copy = _cli("validate", "--store", str(store),
                                                code=FROM_ROCKSDB)
            in_place, in_place_cpu, on_disk = _cli("validate", "--store", str(store),
                                                   code=IN_PLACE)
            parts.append([size, *_copy_against_parse(model, store)])
            _edit(store, EDITS)
            edited, edited_cpu, via_edited = _cli("validate", "--store", str(store))
            edited_copy, edited_copy_cpu, via_edited_copy = _cli(
                "validate", "--store", str(store), code=FROM_ROCKSDB)
            load = f"{before} → {_load_average()}"
        after.append([size, f"{from_file:.1f} ({file_cpu:.1f})",
                      f"{edited:.1f} ({edited_cpu:.1f})", _ratio(edited, from_file),
                      f"{edited_copy:.1f} ({edited_copy_cpu:.1f})",
                      _ratio(edited_copy, from_file),
                      "yes" if via_edited == via_edited_copy else "NO"])
        same = via_files == expected and via_copy == expected and on_disk == expected
        rows.append([size, f"{from_file:.1f} ({file_cpu:.1f})", f"{files:.1f} ({files_cpu:.1f})",
                     _ratio(files, from_file), _ratio(files_cpu, file_cpu),
                     f"{copied:.1f} ({copied_cpu:.1f})", _ratio(copied, from_file),
                     f"{in_place:.1f} ({in_place_cpu:.1f})", _ratio(in_place, from_file),
                     _ratio(in_place_cpu, file_cpu), "yes" if same else "NO", load])
        if not same:
            print(f"reports differ at {size:,} capabilities", file=sys.stderr)
    print("\n### Validation: persisted store against the file (seconds, whole command, CPU "
          "seconds in brackets; target: store ≤ 1× file)\n")
    print(table(["capabilities", "validate model.nt", "validate --store", "store / file",
                 "store / file, CPU", "--store, copy from RocksDB", "copy / file",
                 "--store in place (old)", "in place / file", "in place / file, CPU",
                 "identical reports", "load average"], rows))
    print("\n### Where the difference lies: the store's graphs into memory against parsing "
          "the file (seconds, CPU seconds in brackets)\n")
    print(table(["capabilities", "parse the file replica", "copy from RocksDB (as chosen)",
                 "copy, one thread", "parse model.nt", "replica / parse", "copy / parse",
                 "copy on one thread / parse, CPU"], parts))
    print(f"\n### After {EDITS} saves through the editor's compare-and-set (seconds, CPU "
          "seconds in brackets)\n")
    print(table(["capabilities", "validate model.nt", "validate --store", "store / file",
                 "--store, copy from RocksDB", "copy / file",
                 "identical reports (replica, copy)"], after))
    if any(row[-2] != "yes" for row in rows) or any(row[-1] != "yes" for row in after):
        raise SystemExit("validation reports differ between a file and a persisted store")

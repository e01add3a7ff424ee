"""Spreadsheet benchmark: importing a design workbook vs loading the same model as N-Triples.

``python -m bench spreadsheets`` (``--sizes 1000,10000`` for a quick run). For each size a
generated model is loaded into a store and written with ``export --format xlsx`` (timed:
*export*); then, each in a fresh process, the N-Triples file is loaded (*N-Triples load*) and
the workbook imported into a store holding only the ontology and shapes (*xlsx import*: read,
convert, resolve references, one changeset commit). The target is import ≤ 3× the N-Triples
load. Times are CPU seconds of the worker process (``time.process_time``), so a busy
shared machine does not inflate them. The two streaming readers are also timed on their
own, reading every cell of the workbook: python-calamine (used) and openpyxl's read-only mode.
"""

from __future__ import annotations

import json
import resource
import sys
import time
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as a worker: python bench/bench_spreadsheets.py ...
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.common import CACHE, generated_model, machine, ratio, run_worker, table

TARGET = 3.0


def _peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _fresh_store() -> Any:
    from tomgraph.store import EmbeddedStore, load_bundled

    store = EmbeddedStore()
    load_bundled(store, model=False)
    return store


def worker(mode: str, path: str) -> dict[str, float]:
    """One measurement in this (fresh) process: seconds and peak memory."""
    from tomgraph.namespaces import MODEL_GRAPH

    start = time.process_time()
    cells = 0
    if mode == "ntriples":
        store = _fresh_store()
        start = time.process_time()
        store.load_files([Path(path)], graph=MODEL_GRAPH)
    elif mode == "import":
        from tomgraph.spreadsheets.importer import import_workbook

        store = _fresh_store()
        start = time.process_time()
        import_workbook(Path(path), store)
    elif mode == "calamine":
        from python_calamine import CalamineWorkbook

        book = CalamineWorkbook.from_path(path)
        cells = sum(len(r) for n in book.sheet_names
                    for r in book.get_sheet_by_name(n).iter_rows())
    elif mode == "openpyxl":
        from openpyxl import load_workbook

        book = load_workbook(path, read_only=True, data_only=True)
        cells = sum(len(r) for ws in book.worksheets for r in ws.iter_rows(values_only=True))
    else:
        raise SystemExit(f"unknown mode {mode}")
    seconds = time.process_time() - start
    return {"seconds": seconds, "peak_mib": _peak_mib(), "cells": float(cells)}


def workbook_for(capabilities: int) -> tuple[Path, Path, float]:
    """The N-Triples model, its workbook (made once, cached), and the export seconds."""
    from tomgraph.namespaces import MODEL_GRAPH
    from tomgraph.spreadsheets.exporter import export_workbook
    from tomgraph.spreadsheets.layout import layout_for

    nt = generated_model(capabilities)
    xlsx = CACHE / f"model-{capabilities}-1.xlsx"
    store = _fresh_store()
    store.load_files([nt], graph=MODEL_GRAPH)
    start = time.process_time()
    export_workbook(store, xlsx, layout=layout_for(store))
    return nt, xlsx, time.process_time() - start


def main(sizes: list[int]) -> None:
    print(machine())
    script = str(Path(__file__).resolve())
    rows = []
    readers = []
    for size in sizes:
        nt, xlsx, export_s = workbook_for(size)
        load = run_worker(script, "ntriples", str(nt))
        imp = run_worker(script, "import", str(xlsx))
        cal = run_worker(script, "calamine", str(xlsx))
        opx = run_worker(script, "openpyxl", str(xlsx))
        verdict = "ok" if imp["seconds"] <= TARGET * load["seconds"] else "over target"
        rows.append([size, export_s, load["seconds"], imp["seconds"],
                     ratio(imp["seconds"], load["seconds"]) + f" ({verdict})",
                     f"{load['peak_mib']:.0f}", f"{imp['peak_mib']:.0f}",
                     f"{xlsx.stat().st_size / 2**20:.1f}"])
        readers.append([size, cal["seconds"], opx["seconds"],
                        ratio(opx["seconds"], cal["seconds"])])
    print()
    print(table(["capabilities", "export s", "N-Triples load s", "xlsx import s",
                 f"import / load (target ≤ {TARGET:.0f}×)", "load peak MiB",
                 "import peak MiB", "xlsx MiB"], rows))
    print()
    print("Reading every cell of the workbook (streaming readers):")
    print(table(["capabilities", "python-calamine s", "openpyxl read-only s",
                 "openpyxl / calamine"], readers))


if __name__ == "__main__":
    print(json.dumps(worker(sys.argv[1], sys.argv[2])))

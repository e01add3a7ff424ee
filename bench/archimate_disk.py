"""ArchiMate import into a store on disk, against Oxigraph's raw ``bulk_load`` of the same quads.

Rows, each step in a fresh process, into an empty store and then again into the store it
left (non-empty: the same model already there, so a re-import):

* ``bulk_load (peer)``: pyoxigraph's ``Store.bulk_load`` of the import's own N-Quads (the
  model and nothing else; not atomic: a kill leaves part of the file);
* ``import``: ``tomgraph import`` as it runs, one changeset with its history, bulk-loaded
  into a checkpoint beside the store and swapped in (atomic);
* ``import, one transaction``: the same import written as one Oxigraph transaction (what
  an import into a store on disk did before the swap; ``swap_above = None``).
"""

from __future__ import annotations

import multiprocessing as mp
import time
from pathlib import Path

STEPS = {"bulk": "bulk_load (peer)", "import": "import (checkpoint + swap)",
         "transaction": "import, one transaction (before)"}


def _run(step: str, xml: str, nq: str, db: str, out: mp.Queue) -> None:
    import pyoxigraph as ox

    from tomgraph.archimate import import_file
    from tomgraph.store import EmbeddedStore

    start = time.perf_counter()
    if step == "dump":
        store = EmbeddedStore()
        import_file(store, Path(xml))
        with open(nq, "wb") as fh:
            store.oxigraph.dump(fh, ox.RdfFormat.N_QUADS)
    elif step == "bulk":
        raw = ox.Store(db)
        raw.bulk_load(path=nq, format=ox.RdfFormat.N_QUADS)
        raw.flush()
        del raw
    else:
        disk = EmbeddedStore(db)
        if step == "transaction":
            disk.swap_above = None
        import_file(disk, Path(xml))
        disk.close()
    out.put(time.perf_counter() - start)


def _measure(step: str, xml: Path, nq: Path, db: Path) -> float:
    q: mp.Queue = mp.Queue()
    p = mp.get_context("fork").Process(target=_run, args=(step, str(xml), str(nq), str(db), q))
    p.start()
    seconds: float = q.get()
    p.join()
    return seconds


def disk_rows(xml: Path, tmp: Path, *, steps: tuple[str, ...] = tuple(STEPS)) -> None:
    """Print the on-disk import table for the exchange file ``xml`` (stores made in ``tmp``)."""
    nq = tmp / "import.nq"
    _measure("dump", xml, nq, tmp)
    times = {}
    for step in steps:
        db = tmp / f"db-{step}"
        times[step] = (_measure(step, xml, nq, db), _measure(step, xml, nq, db))
    bulk = times.get("bulk")
    print("\n| on disk | empty store s | vs bulk_load | non-empty store s | vs bulk_load |")
    print("|---|---|---|---|---|")
    for step, (empty, full) in times.items():
        ratio = (f"{empty / bulk[0]:.2f}×", f"{full / bulk[1]:.2f}×") if bulk else ("", "")
        print(f"| {STEPS[step]} | {empty:.1f} | {ratio[0]} | {full:.1f} | {ratio[1]} |",
              flush=True)

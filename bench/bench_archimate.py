"""ArchiMate exchange files: streaming import and export against a plain DOM parse.

A generated exchange file with N elements and 3N relationships is imported (streaming
parse, checks, conversion to quads, schema validation and the store write), and exported
back; the peer is parsing the same file with ``xml.dom.minidom`` (a whole-document DOM, no
conversion at all). Each step runs in a fresh process so its peak memory (max RSS) is its own.
Rows: ``read`` is the streaming parse with every check but the schema (the part that
replaces a DOM parse), ``validate`` the streaming XSD validation alone, ``import`` the whole
import (read, checks, conversion, validation, one changeset committed to an in-memory store),
``export`` writing the imported model back. Target: ≥ 5× faster than the DOM parse, bounded
memory.
"""

from __future__ import annotations

import multiprocessing as mp
import resource
import tempfile
import time
from pathlib import Path

TYPES = ["Capability", "BusinessProcess", "ApplicationComponent", "WorkPackage", "Goal",
         "Node", "DataObject", "BusinessActor"]
KINDS = ["Serving", "Realization", "Association", "Flow", "Triggering", "Composition"]


def generate(path: Path, elements: int) -> None:
    ns = ('<model xmlns="http://www.opengroup.org/xsd/archimate/3.0/" '
          'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" identifier="id-bench">')
    with path.open("w", encoding="utf-8") as fh:
        fh.write('<?xml version="1.0" encoding="UTF-8"?>\n' + ns)
        fh.write('<name xml:lang="en">Bench</name><elements>\n')
        for i in range(elements):
            fh.write(f'<element identifier="e{i}" xsi:type="{TYPES[i % len(TYPES)]}">'
                     f'<name xml:lang="en">Element {i}</name></element>\n')
        fh.write("</elements><relationships>\n")
        for i in range(3 * elements):
            fh.write(f'<relationship identifier="r{i}" xsi:type="{KINDS[i % len(KINDS)]}" '
                     f'source="e{i % elements}" target="e{(i * 7 + 1) % elements}"/>\n')
        fh.write("</relationships></model>\n")


def _run(step: str, path: str, out: mp.Queue) -> None:
    from tomgraph.archimate import export_graph, import_file
    from tomgraph.store import EmbeddedStore

    start = time.perf_counter()
    if step == "dom":
        from xml.dom import minidom

        doc = minidom.parse(path)
        count = len(doc.getElementsByTagName("element"))
    elif step == "read":
        from tomgraph.archimate.reader import read_records

        count = sum(1 for _ in read_records(Path(path)))
    elif step == "validate":
        from tomgraph.archimate.validate import schema_errors

        count = len(schema_errors(Path(path)))
    elif step == "import":
        store = EmbeddedStore()
        count = import_file(store, Path(path)).quads
    else:  # export: time the export only, after an import
        store = EmbeddedStore()
        import_file(store, Path(path))
        start = time.perf_counter()
        with open(path + ".out.xml", "wb") as fh:
            count = len(export_graph(store, fh).elements)
    seconds = time.perf_counter() - start
    out.put((seconds, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, count))


def measure(step: str, path: Path) -> tuple[float, float, int]:
    q: mp.Queue = mp.Queue()
    p = mp.get_context("fork").Process(target=_run, args=(step, str(path), q))
    p.start()
    result = q.get()
    p.join()
    return result


def main(sizes: list[int]) -> None:
    elements = max(sizes) if sizes else 100_000
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.xml"
        generate(path, elements)
        mb = path.stat().st_size / 1e6
        print(f"exchange file: {elements} elements, {3 * elements} relationships, {mb:.0f} MB")
        dom = measure("dom", path)
        print("| step | seconds | peak RSS MB | ratio vs minidom parse |\n|---|---|---|---|")
        print(f"| minidom parse (peer) | {dom[0]:.1f} | {dom[1]:.0f} | 1.0× |")
        for step in ("read", "validate", "import", "export"):
            sec, rss, _ = measure(step, path)
            print(f"| {step} | {sec:.1f} | {rss:.0f} | {dom[0] / sec:.1f}× |", flush=True)

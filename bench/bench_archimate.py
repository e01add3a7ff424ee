"""ArchiMate exchange files: streaming import and export against a plain DOM approach.

A generated exchange file with N elements and 3N relationships is imported (streaming
parse, identity checks, conversion to N-Quads, schema validation and one changeset committed
with its history to an in-memory store) and exported back. The peer is a plain DOM approach
on the same file: ``xml.dom.minidom.parse`` alone ("parse"), and the parse plus a walk of
its elements collecting what the import collects of each element and relationship
(identifier, type, names, source and target: "parse + walk", the headline peer). Each step
runs in a fresh process so its peak memory (max RSS) is its own. Rows: ``read`` is the
streaming parse with every check but the schema, ``validate`` the schema validation an import
runs (structure; the reader checks the identity constraints), ``import`` the whole import,
``export`` writing the imported model back. Target: ≥ 5× faster than the DOM approach, with
bounded memory.
"""

from __future__ import annotations

import contextlib
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

    start, cpu = time.perf_counter(), _cpu()
    if step in ("dom", "dom-walk"):
        from xml.dom import minidom

        doc = minidom.parse(path)
        count = _walk(doc) if step == "dom-walk" else 0
    elif step == "read":
        from tomgraph.archimate.reader import read_records

        count = sum(1 for _ in read_records(Path(path)))
    elif step == "validate":
        from tomgraph.archimate.validate import schema_errors

        count = len(schema_errors(Path(path), structure_only=True))
    elif step == "import":
        store = EmbeddedStore()
        count = import_file(store, Path(path)).quads
    else:  # export: time the export only, after an import
        store = EmbeddedStore()
        import_file(store, Path(path))
        _reset_peak()
        start, cpu = time.perf_counter(), _cpu()
        with open(path + ".out.xml", "wb") as fh:
            count = export_graph(store, fh).elements
    seconds = time.perf_counter() - start
    out.put((seconds, _peak_mb(), count, _cpu() - cpu))


def _cpu() -> float:
    """CPU seconds of this process and of its finished children (the parallel validation):
    on a busy machine a fairer measure than the wall clock."""
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + children.ru_utime + children.ru_stime


def _reset_peak() -> None:
    """Start the peak RSS afresh (Linux), so the export's peak is not the import's."""
    with contextlib.suppress(OSError):
        Path("/proc/self/clear_refs").write_text("5")


def _peak_mb() -> float:
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _walk(doc) -> int:  # type: ignore[no-untyped-def]
    """What an import collects of each element and relationship, the DOM way."""
    xsi = "http://www.w3.org/2001/XMLSchema-instance"
    found = []
    for el in doc.getElementsByTagName("element"):
        names = [n.firstChild.data if n.firstChild else "" for n in el.getElementsByTagName("name")]
        found.append((el.getAttribute("identifier"), el.getAttributeNS(xsi, "type"), names))
    for el in doc.getElementsByTagName("relationship"):
        names = [n.firstChild.data if n.firstChild else "" for n in el.getElementsByTagName("name")]
        found.append((el.getAttribute("identifier"), el.getAttributeNS(xsi, "type"),
                      el.getAttribute("source"), el.getAttribute("target"), names))
    return len(found)


def measure(step: str, path: Path) -> tuple[float, float, int, float]:
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
        walk = measure("dom-walk", path)
        dom = measure("dom", path)
        print("| step | seconds | CPU s | peak RSS MB | vs DOM parse + walk | "
              "vs DOM parse only | CPU vs parse + walk |")
        print("|---|---|---|---|---|---|---|")
        print(f"| minidom parse + walk (peer) | {walk[0]:.1f} | {walk[3]:.1f} | {walk[1]:.0f} "
              f"| 1.0× | {dom[0] / walk[0]:.1f}× | 1.0× |")
        print(f"| minidom parse only (peer) | {dom[0]:.1f} | {dom[3]:.1f} | {dom[1]:.0f} | "
              f"{walk[0] / dom[0]:.1f}× | 1.0× | {walk[3] / dom[3]:.1f}× |", flush=True)
        for step in ("read", "validate", "import", "export"):
            sec, rss, _, cpu = measure(step, path)
            print(f"| {step} | {sec:.1f} | {cpu:.1f} | {rss:.0f} | {walk[0] / sec:.1f}× | "
                  f"{dom[0] / sec:.1f}× | {walk[3] / cpu:.1f}× |", flush=True)

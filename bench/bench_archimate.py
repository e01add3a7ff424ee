"""ArchiMate exchange files: streaming import and export against a plain DOM approach.

A generated exchange file with N elements and 3N relationships is imported (streaming
parse, identity checks, conversion to N-Quads, schema validation and one changeset committed
with its history to an in-memory store, which loads the quads while the file is still being
read) and exported back (the graph streamed out of the store and written as XML text, one
record at a time). Each step runs in a fresh process so its peak memory (max RSS) is its own.

The peers, all a plain DOM approach (``xml.dom.minidom``) on the same file:

* ``minidom parse``: ``minidom.parse`` alone, what the issue names ("parsing the same file
  with a plain DOM approach");
* ``minidom parse + walk``: the parse plus a walk reading every element's attributes and
  every text node's data, depth first: the headline peer (a plain DOM reading of the file;
  it does not check, convert or write anything);
* ``DOM import``: the whole import done the DOM way: the parse and walk building the same
  records, then the same conversion and the same commit (same job, DOM parse);
* ``DOM export``: the export done the DOM way: the model read from the store (the graph's
  N-Triples grouped by subject in memory, as the exporter did before it streamed), a minidom
  tree built of it and written with ``writexml`` (same job, DOM tree).

Memory: the peak RSS of the step's process, and how far it grew during the step (for the
export, from what the process held after the import: the in-memory store itself).

Rows: ``read`` is the streaming parse with every check but the schema, ``validate`` the
schema validation an import runs (structure; the reader checks the identity constraints),
``store-write`` Oxigraph alone loading the import's N-Quads into an empty in-memory store (a
floor under any import into that store, whatever parses the file), ``import`` the whole
import (one parse reads, checks, validates and converts the file), ``export`` writing the
imported model back (its peak memory counted from the start of the export). Below the
table, the import's and export's ratios against the target, the import's CPU split between
its main thread (read, validate, convert) and the store's write beside it, and the ceiling
the ``store-write`` row sets for any import into an in-memory store. A second table: the
import into a store on disk against raw ``bulk_load`` of the same quads (see
``archimate_disk``). Target: ≥ 5× faster than the DOM approach, with bounded memory.
"""

from __future__ import annotations

import contextlib
import io
import multiprocessing as mp
import resource
import tempfile
import time
from pathlib import Path

from bench.archimate_disk import disk_rows
from tomgraph.generate.exchange_file import write_exchange_file

TYPES = ["Capability", "BusinessProcess", "ApplicationComponent", "WorkPackage", "Goal",
         "Node", "DataObject", "BusinessActor"]
KINDS = ["Serving", "Realization", "Association", "Flow", "Triggering", "Composition"]


def generate(path: Path, elements: int) -> None:
    write_exchange_file(path, elements, element_types=TYPES, relationship_types=KINDS,
                        name="Bench")


def _run(step: str, path: str, out: mp.Queue) -> None:
    from tomgraph.archimate import export_graph, import_file
    from tomgraph.store import EmbeddedStore

    base = _status_mb("VmRSS:")
    start, cpu, main = time.perf_counter(), _cpu(), time.thread_time()
    if step in ("dom", "dom-walk"):
        from xml.dom import minidom

        doc = minidom.parse(path)
        count = _walk(doc) if step == "dom-walk" else 0
    elif step == "dom-import":
        count = _dom_import(EmbeddedStore(), path)
    elif step == "read":
        from tomgraph.archimate.reader import read_records

        count = sum(1 for _ in read_records(Path(path)))
    elif step == "validate":
        from tomgraph.archimate.validate import schema_errors

        count = len(schema_errors(Path(path), structure_only=True))
    elif step == "import":
        store = EmbeddedStore()
        count = import_file(store, Path(path)).quads
    elif step == "store-write":
        import pyoxigraph as ox

        from tomgraph.archimate.importer import convert_file

        quads = convert_file(Path(path), validate=False).nquads()
        base = _status_mb("VmRSS:")
        start, cpu, main = time.perf_counter(), _cpu(), time.thread_time()
        ox.Store().load(quads.reader(), ox.RdfFormat.N_QUADS, lenient=True)
        count = quads.count
    else:  # export, dom-export: time the export only, after an import
        store = EmbeddedStore()
        import_file(store, Path(path))
        _reset_peak()
        base = _status_mb("VmRSS:")
        start, cpu, main = time.perf_counter(), _cpu(), time.thread_time()
        with open(path + ".out.xml", "wb") as fh:
            count = (_dom_export(store, fh) if step == "dom-export"
                     else export_graph(store, fh).elements)
    seconds = time.perf_counter() - start
    out.put((seconds, _peak_mb(), count, _cpu() - cpu, _peak_mb() - base,
             time.thread_time() - main))


def _dom_import(store, path: str) -> int:  # type: ignore[no-untyped-def]
    """The import with a DOM parse: minidom, a walk building the reader's records, then the
    same conversion and the same one-changeset commit."""
    from xml.dom import minidom

    import pyoxigraph as ox

    from tomgraph.archimate.mapping import default_mapping
    from tomgraph.archimate.model import Element, ModelHeader, Relationship
    from tomgraph.archimate.to_rdf import Converter
    from tomgraph.changes import Changeset, commit
    from tomgraph.namespaces import MODEL_GRAPH

    xsi = "http://www.w3.org/2001/XMLSchema-instance"
    xml = "http://www.w3.org/XML/1998/namespace"
    doc = minidom.parse(path)

    def names(el):  # type: ignore[no-untyped-def]
        return [(n.firstChild.data if n.firstChild else "", n.getAttributeNS(xml, "lang") or None)
                for n in el.getElementsByTagName("name")]

    def records():  # type: ignore[no-untyped-def]
        for el in doc.getElementsByTagName("element"):
            yield Element(el.getAttribute("identifier"), el.getAttributeNS(xsi, "type"),
                          names(el))
        for el in doc.getElementsByTagName("relationship"):
            yield Relationship(el.getAttribute("identifier"), el.getAttributeNS(xsi, "type"),
                               el.getAttribute("source"), el.getAttribute("target"), names(el))
        root = doc.documentElement
        yield ModelHeader(root.getAttribute("identifier"), None,
                          names(root.getElementsByTagName("name")[0].parentNode)[:1])

    conv = Converter(default_mapping(), ox.NamedNode(MODEL_GRAPH))
    conv.convert(records())
    quads = conv.nquads()
    commit(store, Changeset(added_nquads=quads, activity="import", source=Path(path).name))
    return quads.count


def _dom_export(store, out) -> int:  # type: ignore[no-untyped-def]
    """The export with a DOM tree: the model read into memory, a minidom tree of it, then
    ``writexml``."""
    from xml.dom import minidom

    from tomgraph.archimate.exporter import model_of
    from tomgraph.archimate.vocabulary import NS, XSI

    model = model_of(store)
    doc = minidom.getDOMImplementation().createDocument(NS, "model", None)
    root = doc.documentElement
    root.setAttribute("xmlns", NS)
    root.setAttribute("xmlns:xsi", XSI)
    root.setAttribute("identifier", model.header.identifier)

    def texts(parent, values):  # type: ignore[no-untyped-def]
        for text, lang in values:
            n = doc.createElement("name")
            if lang:
                n.setAttribute("xml:lang", lang)
            n.appendChild(doc.createTextNode(text))
            parent.appendChild(n)

    texts(root, model.header.names)
    elements = root.appendChild(doc.createElement("elements"))
    for e in model.elements:
        el = doc.createElement("element")
        el.setAttribute("identifier", e.identifier)
        el.setAttribute("xsi:type", e.type)
        texts(el, e.names)
        elements.appendChild(el)
    relationships = root.appendChild(doc.createElement("relationships"))
    for r in model.relationships:
        el = doc.createElement("relationship")
        el.setAttribute("identifier", r.identifier)
        el.setAttribute("xsi:type", r.type)
        el.setAttribute("source", r.source)
        el.setAttribute("target", r.target)
        texts(el, r.names)
        relationships.appendChild(el)
    writer = io.TextIOWrapper(out, encoding="utf-8")
    doc.writexml(writer, encoding="UTF-8")
    writer.flush()
    writer.detach()
    return len(model.elements)


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
    return _status_mb("VmHWM:") or resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _status_mb(key: str) -> float:
    """A memory figure of this process from /proc (Linux; 0 elsewhere)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith(key):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def _walk(doc) -> int:  # type: ignore[no-untyped-def]
    """A plain DOM reading of the whole document: every element's attributes and every text
    node's data, depth first (what any DOM-based reader of the file has to touch)."""
    found = 0
    stack = [doc.documentElement]
    while stack:
        node = stack.pop()
        if node.nodeType == node.ELEMENT_NODE:
            found += len(node.attributes.items())
            stack.extend(node.childNodes)
        elif node.nodeType == node.TEXT_NODE:
            found += len(node.data) > 0
    return found


Result = tuple[float, float, int, float, float, float]
"""Seconds, peak RSS MB, count, CPU seconds (all threads and children), RSS growth MB, CPU
seconds of the main thread."""


def measure(step: str, path: Path) -> Result:
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
        peers = {step: measure(step, path)
                 for step in ("dom-walk", "dom", "dom-import", "dom-export")}
        walk, dom = peers["dom-walk"], peers["dom"]
        print("| step | seconds | CPU s | peak RSS MB | RSS growth MB | vs DOM parse + walk | "
              "vs DOM parse | vs DOM, same job | CPU vs parse + walk |")
        print("|---|---|---|---|---|---|---|---|---|")
        names = {"dom-walk": "minidom parse + walk (peer)", "dom": "minidom parse (peer)",
                 "dom-import": "DOM import (peer)", "dom-export": "DOM export (peer)"}
        for step, (sec, rss, _, cpu, grown, _main) in peers.items():
            print(f"| {names[step]} | {sec:.1f} | {cpu:.1f} | {rss:.0f} | {grown:.0f} | "
                  f"{walk[0] / sec:.1f}× | {dom[0] / sec:.1f}× | | {walk[3] / cpu:.1f}× |",
                  flush=True)
        same = {"import": peers["dom-import"], "export": peers["dom-export"]}
        ours: dict[str, Result] = {}
        for step in ("read", "validate", "store-write", "import", "export"):
            sec, rss, _, cpu, grown, _main = ours[step] = measure(step, path)
            job = f"{same[step][0] / sec:.1f}×" if step in same else ""
            print(f"| {step} | {sec:.1f} | {cpu:.1f} | {rss:.0f} | {grown:.0f} | "
                  f"{walk[0] / sec:.1f}× | "
                  f"{dom[0] / sec:.1f}× | {job} | {walk[3] / cpu:.1f}× |", flush=True)
        print_ceiling(walk, ours)
        disk_rows(path, Path(tmp))


def print_ceiling(walk: Result, ours: dict[str, Result]) -> None:
    """The import's and export's ratios against the target, and the most an import into an
    in-memory store could reach: Oxigraph's own write of the same quads (``store-write``,
    one thread, however the file is read) with nothing else."""
    imp, exp, floor = ours["import"], ours["export"], ours["store-write"]
    print(f"\nratios vs minidom parse + walk (target ≥ 5×): import {walk[0] / imp[0]:.1f}× "
          f"wall, {walk[3] / imp[3]:.1f}× CPU; export {walk[0] / exp[0]:.1f}× wall, "
          f"{walk[3] / exp[3]:.1f}× CPU")
    print(f"import: {imp[3]:.1f} CPU s, of which the main thread (read, validate, convert) "
          f"{imp[5]:.1f} s and the threads beside it (the store's write) {imp[3] - imp[5]:.1f} s; "
          f"{imp[0] / floor[0]:.2f}× the time of the store's write alone")
    print(f"ceiling for any import into an in-memory store (its write alone, no XML): "
          f"{walk[0] / floor[0]:.1f}× wall, {walk[3] / floor[3]:.1f}× CPU", flush=True)

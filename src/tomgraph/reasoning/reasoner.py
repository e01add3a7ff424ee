"""Run the reasoner over a store and write what it concludes into the inferred graph."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pyoxigraph import Literal, NamedNode, RdfFormat

from ..errors import ReasonerError
from ..namespaces import INFERRED_GRAPH, SHAPES_GRAPH, TOM
from ..store import Store
from .explain import Clash, find_clashes

STAGING_GRAPH = INFERRED_GRAPH + "/staging"
RUN_IRI = INFERRED_GRAPH + "#run"

DEFAULT_TIMEOUT = 600.0
"""Seconds before a run is stopped; a 10k-capability model takes well under a minute."""


FAST_ABOVE_TRIPLES = 10_000
"""``--engine auto`` uses the fast engine for stores bigger than this (quads): HermiT takes
about 5 s on the example (3k triples) and 27 s at 19k triples, the fast engine under 1 s."""


@dataclass
class ReasoningReport:
    """What one run found."""

    consistent: bool
    inferred_triples: int = 0
    engine: str = "HermiT"
    unsatisfiable: list[str] = field(default_factory=list)
    clashes: list[Clash] = field(default_factory=list)
    seconds: float = 0.0
    written: bool = False
    inferred_ntriples: str = ""

    @property
    def explanation(self) -> str:
        if self.consistent:
            return ""
        if not self.clashes:
            return (
                f"{self.engine} found the ontology and model inconsistent "
                "(no single clash pinned down)"
            )
        return "; ".join(c.describe() for c in self.clashes)


def reason(
    store: Store,
    *,
    timeout: float = DEFAULT_TIMEOUT,
    write: bool = True,
    java_memory_mb: int = 4000,
    graphs: tuple[str, ...] | None = None,
    property_values: bool = False,
    engine: str = "hermit",
) -> ReasoningReport:
    """Reason over ``graphs`` of ``store``; with ``write``, replace the inferred graph.

    By default every graph but the shapes and earlier inferences is reasoned over: the
    ontology, the model and whatever else was loaded beside them. ``property_values`` asks
    HermiT to classify property values too: it roughly triples the time and, with this
    ontology, adds nothing beyond what the inferred types say, so it is off by default.

    ``engine="fast"`` computes the same inferred triples inside the store with SPARQL rules
    (:mod:`.fast`); ``"auto"`` picks it for models above :data:`FAST_ABOVE_TRIPLES`.
    """
    if graphs is None:
        skip = {SHAPES_GRAPH, INFERRED_GRAPH, STAGING_GRAPH, INFERRED_GRAPH + "/work"}
        graphs = tuple(g for g in store.graphs() if g not in skip)
    if engine == "auto":
        big = store.count() > FAST_ABOVE_TRIPLES
        engine = "fast" if big and not property_values else "hermit"
    if engine == "fast":
        if property_values:
            raise ReasonerError("--property-values needs --engine hermit")
        return _reason_fast(store, graphs, write)
    if shutil.which(os.environ.get("TOMGRAPH_JAVA", "java")) is None:
        raise ReasonerError("HermiT needs Java, and no 'java' was found (run 'make setup')")
    with tempfile.TemporaryDirectory(prefix="tomgraph-reason-") as tmp:
        source = Path(tmp) / "input.nt"
        with open(source, "wb") as out:
            present = set(store.graphs())
            for graph in graphs:
                if graph in present:
                    store.export(out, RdfFormat.N_TRIPLES, graph=graph)
        result = _run_worker(
            source, Path(tmp) / "result.json", timeout, java_memory_mb, property_values
        )
    report = ReasoningReport(
        consistent=bool(result["consistent"]),
        unsatisfiable=[str(c) for c in result.get("unsatisfiable", [])],
        seconds=float(result.get("seconds", 0.0)),
        inferred_ntriples=str(result.get("inferred", "")),
    )
    report.inferred_triples = report.inferred_ntriples.count("\n")
    if not report.consistent:
        report.clashes = find_clashes(store)
    if write:
        _write(store, report)
        report.written = True
    return report


def _reason_fast(store: Store, graphs: tuple[str, ...], write: bool) -> ReasoningReport:
    from .fast import infer

    started = time.perf_counter()
    consistent, clashes, inferred = infer(store, graphs)
    report = ReasoningReport(consistent=consistent, engine="fast", inferred_ntriples=inferred)
    report.inferred_triples = inferred.count("\n")
    report.clashes = clashes
    report.seconds = time.perf_counter() - started
    if write:
        _write(store, report)
        report.written = True
    return report


def _run_worker(
    source: Path, output: Path, timeout: float, memory: int, property_values: bool
) -> dict[str, Any]:
    command = [sys.executable, "-m", "tomgraph.reasoning.worker", str(source), str(output)]
    command += [str(memory), "values" if property_values else "types"]
    # A session of its own, so a timeout kills HermiT's JVM along with the worker.
    proc = subprocess.Popen(
        command,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        log, _ = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()
        raise ReasonerError(
            f"the reasoner did not finish within {timeout:g} s and was stopped; "
            "nothing was written (raise --timeout for larger models)"
        ) from None
    if proc.returncode != 0 or not output.exists():
        tail = log.decode("utf-8", "replace").strip().splitlines()[-3:]
        raise ReasonerError(f"the reasoner crashed (exit {proc.returncode}): {' / '.join(tail)}")
    result: dict[str, Any] = json.loads(output.read_text(encoding="utf-8"))
    if "error" in result:
        raise ReasonerError(f"the reasoner failed: {result['error']}")
    return result


def _write(store: Store, report: ReasoningReport) -> None:
    """Replace the inferred graph with this run's facts and a record of the run, atomically."""
    if STAGING_GRAPH in store.graphs():
        store.clear(STAGING_GRAPH)
    body = report.inferred_ntriples + _run_record(report)
    store.load_bytes(body.encode("utf-8"), RdfFormat.N_TRIPLES, graph=STAGING_GRAPH)
    store.update(f"MOVE SILENT GRAPH <{STAGING_GRAPH}> TO GRAPH <{INFERRED_GRAPH}>")


def _run_record(report: ReasoningReport) -> str:
    """N-Triples describing the run, so pages can show consistency without re-reasoning."""
    xsd = "http://www.w3.org/2001/XMLSchema#"
    now = dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()
    consistent = Literal(str(report.consistent).lower(), datatype=NamedNode(xsd + "boolean"))
    facts: list[tuple[str, NamedNode | Literal]] = [
        ("http://www.w3.org/1999/02/22-rdf-syntax-ns#type", NamedNode(TOM + "ReasoningRun")),
        ("http://www.w3.org/2000/01/rdf-schema#label", Literal(f"{report.engine} reasoning run")),
        (TOM + "consistent", consistent),
        (
            "http://www.w3.org/ns/prov#endedAtTime",
            Literal(now, datatype=NamedNode(xsd + "dateTime")),
        ),
    ]
    if not report.consistent:
        facts.append((TOM + "explanation", Literal(report.explanation)))
    facts += [(TOM + "unsatisfiableClass", NamedNode(iri)) for iri in report.unsatisfiable]
    run = NamedNode(RUN_IRI)
    return "".join(f"{run} {NamedNode(p)} {o} .\n" for p, o in facts)

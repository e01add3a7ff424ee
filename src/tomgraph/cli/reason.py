"""``tomgraph reason``: OWL consistency and inferred knowledge with HermiT."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from ..namespaces import INFERRED_GRAPH, shorten
from ..reasoning import ReasoningReport, reason
from ..reasoning.reasoner import DEFAULT_TIMEOUT, FAST_ABOVE_TRIPLES
from ..store import EmbeddedStore, Store, load_bundled
from .common import add_command, add_store_options, output_stream, store_from_args


def register(sub: argparse._SubParsersAction) -> None:
    p = add_command(
        sub,
        "reason",
        "Check the model is consistent OWL and infer what follows (HermiT, needs Java).",
        "  tomgraph reason                          # the bundled example: report only\n"
        "  tomgraph reason --store ./mystore        # writes the inferred graph into the store\n"
        "  tomgraph reason model.ttl -o inferred.nt # files, with the inferences saved\n"
        "  tomgraph reason --store ./mystore --no-write --format json\n"
        "exit codes: 0 consistent, 1 inconsistent, 2 usage or input error, 3 reasoner failure",
    )
    p.add_argument("files", nargs="*", type=Path, metavar="FILE", help="model files to reason over")
    p.add_argument(
        "--timeout",
        type=float,
        default=DEFAULT_TIMEOUT,
        metavar="SECONDS",
        help=f"stop the reasoner after this long (default {DEFAULT_TIMEOUT:g})",
    )
    p.add_argument(
        "--engine",
        choices=["auto", "fast", "hermit"],
        default="auto",
        help="fast: the ontology compiled to SPARQL rules run in the store (any backend); "
        "hermit: the OWL reasoner, the reference (needs Java); auto (default): fast for "
        f"stores above {FAST_ABOVE_TRIPLES:,} triples",
    )
    p.add_argument(
        "--java-memory", type=int, default=4000, metavar="MB", help="JVM heap for HermiT"
    )
    p.add_argument(
        "--property-values",
        action="store_true",
        help="also classify property values (slower; types are inferred either way)",
    )
    p.add_argument(
        "--no-write", action="store_true", help=f"report only; leave {INFERRED_GRAPH} as it is"
    )
    p.add_argument("--format", choices=["text", "json"], default="text", help="report format")
    p.add_argument(
        "-o",
        "--output",
        type=Path,
        metavar="FILE",
        help="also save the inferred triples (N-Triples)",
    )
    add_store_options(p)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    with _open(args) as store:
        write = store.persistent and not args.no_write
        report = reason(
            store,
            timeout=args.timeout,
            write=write,
            java_memory_mb=args.java_memory,
            property_values=args.property_values,
            engine=args.engine,
        )
    if args.output:
        with output_stream(args.output) as out:
            out.write(report.inferred_ntriples)
    print(render_json(report) if args.format == "json" else render_text(report))
    return 0 if report.consistent else 1


def _open(args: argparse.Namespace) -> Store:
    if args.files:
        store = EmbeddedStore()
        load_bundled(store, model=False)
        store.load_files(args.files)
        return store
    return store_from_args(args, read_only=args.no_write)


def render_text(report: ReasoningReport) -> str:
    """The report a design lead reads."""
    lines = [
        "consistent: yes" if report.consistent else "consistent: NO",
        f"reasoner time: {report.seconds:.1f} s ({report.engine})",
    ]
    if not report.consistent:
        lines.append("why:")
        lines += [f"  - {c.describe()}" for c in report.clashes] or [f"  {report.explanation}"]
    if report.unsatisfiable:
        lines.append(
            "unsatisfiable classes: " + ", ".join(shorten(c) for c in report.unsatisfiable)
        )
    lines.append(f"inferred triples: {report.inferred_triples:,}")
    if report.written:
        lines.append(f"written to {INFERRED_GRAPH}")
    return "\n".join(lines)


def render_json(report: ReasoningReport) -> str:
    """A stable machine-readable report."""
    return json.dumps(
        {
            "consistent": report.consistent,
            "explanation": report.explanation,
            "clashes": [c.describe() for c in report.clashes],
            "unsatisfiable": report.unsatisfiable,
            "inferred_triples": report.inferred_triples,
            "written": report.written,
            "seconds": round(report.seconds, 3),
            "engine": report.engine,
        },
        indent=2,
    )

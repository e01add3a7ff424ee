"""``tomgraph load``: add RDF files to a store, all or nothing."""

from __future__ import annotations

import argparse
from pathlib import Path

from ..formats import RDF_FORMATS, rdf_format
from ..namespaces import MODEL_GRAPH
from .common import add_command, add_store_options, store_from_args


def register(sub: argparse._SubParsersAction) -> None:
    p = add_command(
        sub,
        "load",
        "Load RDF files into a store (one transaction: a bad file loads nothing).",
        "  tomgraph load ontology/tom.ttl examples/met-programme/*.ttl --store ./mystore\n"
        "  tomgraph load extra.nq --store ./mystore                # quads keep their graphs\n"
        "  tomgraph load data.txt --format ntriples --store ./mystore\n"
        "  tomgraph load hld.ttl --graph https://example.org/hld --store ./mystore\n",
    )
    p.add_argument("files", nargs="+", type=Path, metavar="FILE", help="RDF files to load")
    p.add_argument(
        "--format",
        metavar="FORMAT",
        help=f"input format, one of {', '.join(RDF_FORMATS)} (default: from the extension)",
    )
    p.add_argument(
        "--graph",
        metavar="IRI",
        default=MODEL_GRAPH,
        help=f"named graph for triples (default: {MODEL_GRAPH})",
    )
    add_store_options(p, required=True)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    if args.format:
        rdf_format(args.format)  # an unknown name fails here, before the store is opened
    with store_from_args(args, read_only=False) as store:
        report = store.load_files(args.files, format=args.format, graph=args.graph, progress=True)
    print(f"loaded {len(report.files)} file(s); the store now holds {report.quads:,} triples")
    return 0

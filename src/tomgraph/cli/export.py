"""``tomgraph export``: write a store, or one graph of it, as RDF."""

from __future__ import annotations

import argparse
from pathlib import Path

from ..errors import StoreError, UsageError
from ..formats import RDF_FORMATS, rdf_format
from .common import add_command, add_store_options, output_stream, store_from_args


def register(sub: argparse._SubParsersAction) -> None:
    p = add_command(
        sub,
        "export",
        "Export a store (or one named graph) as Turtle, N-Triples, N-Quads, TriG, RDF/XML "
        "or JSON-LD.",
        "  tomgraph export --store ./mystore --format trig -o backup.trig\n"
        "  tomgraph export --store ./mystore --format turtle "
        "--graph https://w3id.org/tomgraph/graph/model\n"
        "  tomgraph export --format nquads            # the bundled example, to stdout\n"
        "\nWith no --graph, quad formats (nquads, trig, jsonld) keep every graph; triple\n"
        "formats get the union of all graphs, each triple once. -o FILE is written\n"
        "atomically: FILE appears (or is replaced) only when the export has finished.\n",
    )
    p.add_argument(
        "--format", required=True, metavar="FORMAT",
        help=f"output format, one of {', '.join(RDF_FORMATS)}, archimate",
    )
    p.add_argument("--graph", metavar="IRI", help="export only this named graph")
    p.add_argument(
        "-o", "--output", type=Path, metavar="FILE", help="file to write (default: stdout)"
    )
    add_store_options(p)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    if args.format.lower() == "archimate":
        return _archimate(args)
    fmt = rdf_format(args.format)
    with store_from_args(args) as store:
        if args.graph and args.graph not in store.graphs():
            raise UsageError(f"no graph {args.graph} in {store.location}")
        with output_stream(args.output, binary=True) as out:
            try:
                store.export(out, fmt, graph=args.graph)
            except BrokenPipeError:
                raise
            except (OSError, ValueError) as exc:
                raise StoreError(f"cannot export as {args.format}: {exc}") from exc
    return 0


def _archimate(args: argparse.Namespace) -> int:
    """An ArchiMate Model Exchange File of the model graph (see docs/archimate.md)."""
    from ..archimate import export_graph
    from ..namespaces import MODEL_GRAPH

    with store_from_args(args) as store, output_stream(args.output, binary=True) as out:
        export_graph(store, out, graph=args.graph or MODEL_GRAPH)
    return 0

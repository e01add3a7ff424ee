"""``tomgraph export``: write a store, or one graph of it, as RDF."""

from __future__ import annotations

import argparse
from pathlib import Path

from pyoxigraph import RdfFormat

from ..errors import StoreError, UsageError
from ..formats import RDF_FORMATS, rdf_format
from ..sparql import internal_query
from ..store import UNION, Dataset, GraphResult
from .common import add_command, add_store_options, output_stream, store_from_args


def register(sub: argparse._SubParsersAction) -> None:
    p = add_command(
        sub,
        "export",
        "Export a store (or one named graph) as Turtle, N-Triples, N-Quads, TriG, RDF/XML "
        "or JSON-LD, as a design workbook (xlsx) or as an ArchiMate exchange file.",
        "  tomgraph export --store ./mystore --format trig -o backup.trig\n"
        "  tomgraph export --store ./mystore --format turtle "
        "--graph https://w3id.org/tomgraph/graph/model\n"
        "  tomgraph export --format nquads            # the bundled example, to stdout\n"
        "  tomgraph export --store ./mystore --format xlsx -o design.xlsx   # a workbook\n"
        "  tomgraph export --store ./mystore --format archimate -o model.xml  # for Archi\n"
        "\nTurtle is written sorted and prefix-compact, byte-identical for an unchanged\n"
        "model, so exported models diff cleanly in git.\n"
        "\nWith no --graph, quad formats (nquads, trig, jsonld) keep every graph; triple\n"
        "formats get the union of all graphs, each triple once. -o FILE is written\n"
        "atomically: FILE appears (or is replaced) only when the export has finished.\n",
    )
    p.add_argument(
        "--format", required=True, metavar="FORMAT",
        help=f"output format, one of {', '.join(RDF_FORMATS)}, xlsx (design workbook) or "
        "archimate (ArchiMate Model Exchange File)",
    )
    p.add_argument("--graph", metavar="IRI", help="export only this named graph")
    p.add_argument(
        "-o", "--output", type=Path, metavar="FILE", help="file to write (default: stdout)"
    )
    add_store_options(p)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    if args.format.lower() == "xlsx":
        return _export_xlsx(args)
    if args.format.lower() == "archimate":
        return _archimate(args)
    fmt = rdf_format(args.format)
    if fmt == RdfFormat.TURTLE:
        return _export_stable_turtle(args)
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


def _export_stable_turtle(args: argparse.Namespace) -> int:
    """Turtle that is byte-identical for an unchanged model, sorted and prefix-compact."""
    from ..store.stable_turtle import write_stable_turtle

    with store_from_args(args) as store:
        if args.graph and args.graph not in store.graphs():
            raise UsageError(f"no graph {args.graph} in {store.location}")
        result = store.query(
            internal_query("union-triples"),
            dataset=Dataset(default_graphs=(args.graph,)) if args.graph else UNION,
        )
        assert isinstance(result, GraphResult)
        with output_stream(args.output, binary=True) as out:
            write_stable_turtle(result, out)
    return 0


def _export_xlsx(args: argparse.Namespace) -> int:
    """The model as a design workbook; what the workbook cannot hold is listed, not lost."""
    import sys

    from ..spreadsheets.exporter import export_workbook
    from ..spreadsheets.layout import layout_for

    if args.output is None or str(args.output) == "-":
        raise UsageError("--format xlsx writes a workbook: give -o FILE.xlsx")
    with store_from_args(args) as store:
        if args.graph and args.graph not in store.graphs():
            raise UsageError(f"no graph {args.graph} in {store.location}")
        layout = layout_for(store)
        with output_stream(args.output, binary=True) as out:
            report = export_workbook(store, out, layout=layout, graph=args.graph)
    print(f"wrote {args.output}: " + ", ".join(f"{n} {k}" for k, n in report.rows.items()),
          file=sys.stderr)
    if report.not_expressed_count:
        print(f"{report.not_expressed_count} statements have no place in the workbook; "
              "they are listed on its 'Not expressed' sheet", file=sys.stderr)
    return 0


def _archimate(args: argparse.Namespace) -> int:
    """An ArchiMate Model Exchange File of the model graph (see docs/archimate.md)."""
    from ..archimate import export_graph
    from ..namespaces import MODEL_GRAPH

    with store_from_args(args) as store, output_stream(args.output, binary=True) as out:
        export_graph(store, out, graph=args.graph or MODEL_GRAPH)
    return 0

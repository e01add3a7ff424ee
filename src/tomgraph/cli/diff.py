"""``tomgraph diff``: what changed between two versions of a design, in the programme's words."""

from __future__ import annotations

import argparse
from pathlib import Path

from ..diff.compute import diff_paths
from ..diff.writers import DIFF_FORMATS, WRITERS
from .common import add_command, output_stream


def register(sub: argparse._SubParsersAction) -> None:
    p = add_command(
        sub,
        "diff",
        "Show what changed between two models: entities added, removed and changed, grouped "
        "by project, and the validation delta. Exit 0: no change; 1: changed; 2: bad input.",
        "  tomgraph diff old.ttl new.ttl\n"
        "  tomgraph diff design-v1.xlsx design-v2.xlsx --format html -o changes.html\n"
        "  tomgraph diff ./store-before ./store-after --graph https://w3id.org/tomgraph/graph/model\n"
        "  tomgraph diff main.ttl branch.ttl --format json --no-validation   # for CI\n"
        "  tomgraph diff ./store ./store --new-graph https://example.org/graph/draft\n"
        "\nOLD and NEW are RDF files, design workbooks (.xlsx) or folders of CSV sheets, or\n"
        "embedded store directories. Only the model is compared: the ontology, shapes,\n"
        "inferred and history graphs are left out.\n",
    )
    p.add_argument("old", type=Path, metavar="OLD", help="the earlier version")
    p.add_argument("new", type=Path, metavar="NEW", help="the later version")
    p.add_argument("--format", "-f", choices=DIFF_FORMATS, default="text",
                   help="output format (default: text)")
    p.add_argument("--graph", metavar="IRI",
                   help="compare only this named graph of each side (stores and quad files)")
    p.add_argument("--old-graph", metavar="IRI", help="the named graph of OLD (over --graph)")
    p.add_argument("--new-graph", metavar="IRI", help="the named graph of NEW (over --graph)")
    p.add_argument("--no-validation", action="store_true",
                   help="leave out the validation delta (faster)")
    p.add_argument("-o", "--output", type=Path, metavar="FILE", help="write here, not stdout")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    diff = diff_paths(args.old, args.new, graph=args.graph, old_graph=args.old_graph,
                      new_graph=args.new_graph, validate=not args.no_validation)
    with output_stream(args.output) as out:
        out.write(WRITERS[args.format](diff))
    return 1 if diff.changed else 0

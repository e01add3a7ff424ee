"""``tomgraph import``: read a model from another tool's file into a store.

The input's kind picks its importer from :data:`IMPORTERS` (ArchiMate exchange files for
``.xml``); every importer writes one changeset through :func:`tomgraph.changes.commit`.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

from ..errors import UsageError
from ..namespaces import MODEL_GRAPH
from .common import add_command, add_store_options, store_from_args


def _archimate(args: argparse.Namespace) -> int:
    from ..archimate import import_file
    from ..archimate.mapping import build_mapping, default_mapping, load_property_map

    mapping = build_mapping(load_property_map(args.map)) if args.map else default_mapping()
    with store_from_args(args, read_only=args.dry_run) as store:
        report = import_file(
            store, args.input, graph=args.graph, mapping=mapping, dry_run=args.dry_run
        )
    for warning in report.warnings:
        print(f"warning: {args.input}: {warning}", file=sys.stderr)
    c = report.counts
    verb = "would import" if args.dry_run else "imported"
    print(f"{verb} {c['elements']} elements ({c['mapped']} mapped onto the ontology), "
          f"{c['relationships']} relationships, {c['views']} views: {report.quads} quads "
          f"into {args.graph}")
    return 0


IMPORTERS: dict[str, Callable[[argparse.Namespace], int]] = {
    "archimate": _archimate,
}
"""Input kind → importer."""


def input_kind(path: Path) -> str:
    if path.suffix.lower() == ".xml":
        return "archimate"
    raise UsageError(f"{path}: cannot tell what to import (expected an ArchiMate .xml file)")


def register(sub: argparse._SubParsersAction) -> None:
    p = add_command(
        sub,
        "import",
        "Import a model from another tool: an ArchiMate Model Exchange File (.xml).",
        "  tomgraph import model.xml --store ./mystore\n"
        "  tomgraph import model.xml --store ./mystore --map properties.yaml --dry-run\n"
        "\nNothing is written unless the whole file is valid. See docs/archimate.md.\n",
    )
    p.add_argument("input", type=Path, metavar="FILE", help="the file to import")
    p.add_argument("--graph", metavar="IRI", default=MODEL_GRAPH,
                   help=f"named graph to import into (default: {MODEL_GRAPH})")
    p.add_argument("--map", type=Path, metavar="FILE",
                   help="JSON or YAML property-name map over the defaults")
    p.add_argument("--dry-run", action="store_true", help="check and count, write nothing")
    add_store_options(p, required=True)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    if not args.input.is_file():
        raise UsageError(f"{args.input}: no such file")
    return IMPORTERS[input_kind(args.input)](args)

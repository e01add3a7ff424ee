"""``tomgraph import``: bring a design team's workbook (or folder of CSV files), or an Archi
model (an ArchiMate Model Exchange File), into a store.

The command is named ``import`` (a Python keyword, hence this module's name). What kind of
input a path is decides the importer, through :data:`IMPORTERS`: one entry per kind, so a
new format is one more entry.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..errors import UsageError
from ..namespaces import MODEL_GRAPH
from ..store import EmbeddedStore, Store, load_bundled
from .common import add_command, add_store_options, store_from_args

COMMAND = "import"


@dataclass(frozen=True)
class Importer:
    """One kind of input: how to recognise it and how to import it."""

    name: str
    accepts: Callable[[Path], bool]
    run: Callable[[Path, Store, argparse.Namespace], int]


def _is_spreadsheet(path: Path) -> bool:
    return path.is_dir() or path.suffix.lower() in (".xlsx", ".xlsm", ".xls")


def _import_spreadsheet(path: Path, store: Store, args: argparse.Namespace) -> int:
    from ..spreadsheets.importer import import_workbook
    from ..validation import validate
    from ..validation.report_text import render_summary

    plan = import_workbook(path, store, graph=args.graph, skip_bad_rows=args.skip_bad_rows,
                           dry_run=args.dry_run)
    for w in plan.warnings:
        print(f"{path.name}: warning: {w}", file=sys.stderr)
    if plan.skipped_rows:
        for p in plan.errors:
            print(f"{path.name}: skipped row: {p}", file=sys.stderr)
    change = plan.change
    verb = "would change" if args.dry_run else "changed"
    print(f"{path.name}: {len(plan.converted.expressed)} rows; {verb} the store: "
          f"+{len(change.added)} -{len(change.removed)} statements"
          + (f"; {len(plan.skipped_rows)} bad rows skipped" if plan.skipped_rows else ""))
    if args.dry_run:
        return 0
    print()
    print(render_summary(validate(store)), end="")
    return 0


def _is_archimate(path: Path) -> bool:
    return path.is_file() and path.suffix.lower() == ".xml"


def _import_archimate(path: Path, store: Store, args: argparse.Namespace) -> int:
    from ..archimate import import_file
    from ..archimate.mapping import build_mapping, default_mapping, load_property_map

    mapping = build_mapping(load_property_map(args.map)) if args.map else default_mapping()
    graph = args.graph or MODEL_GRAPH
    report = import_file(store, path, graph=graph, mapping=mapping, dry_run=args.dry_run)
    for warning in report.warnings:
        print(f"warning: {path}: {warning}", file=sys.stderr)
    c = report.counts
    verb = "would import" if args.dry_run else "imported"
    print(f"{verb} {c['elements']} elements ({c['mapped']} mapped onto the ontology), "
          f"{c['relationships']} relationships, {c['views']} views: {report.quads} quads "
          f"into {graph}")
    return 0


IMPORTERS: list[Importer] = [
    Importer("ArchiMate Model Exchange File (.xml)", _is_archimate, _import_archimate),
    Importer("spreadsheet (.xlsx workbook or folder of .csv files)", _is_spreadsheet,
             _import_spreadsheet),
]
"""Kinds of input, tried in order; the first that accepts the path imports it."""


def register(sub: argparse._SubParsersAction) -> None:
    p = add_command(
        sub,
        COMMAND,
        "Import a design workbook (.xlsx), a folder of CSV files, or an ArchiMate Model "
        "Exchange File (.xml) into a store.",
        "  tomgraph template -o design.xlsx            # fill it in, then:\n"
        "  tomgraph import design.xlsx --store ./mystore\n"
        "  tomgraph import model.xml --store ./mystore --map properties.yaml  # from Archi\n"
        "  tomgraph import ./csv-folder --store ./mystore --dry-run\n"
        "  tomgraph import design.xlsx --store ./mystore --skip-bad-rows\n"
        "\nEvery bad cell is reported as Sheet!C12 with what is wrong and what is allowed;\n"
        "nothing is imported unless all are fixed or --skip-bad-rows is given. After an\n"
        "import the validation summary (findings and completeness scores) is printed.\n"
        "An ArchiMate file is refused whole when it is not valid (see docs/archimate.md).\n"
        "Without --store or --endpoint the workbook is checked against the bundled\n"
        "ontology and shapes in memory, and nothing is kept.\n"
        "\nexit status: 0 imported, 2 bad input (nothing imported), 3 store error",
    )
    p.add_argument("input", type=Path, metavar="FILE",
                   help="an .xlsx workbook, a folder with one .csv file per sheet, or an "
                   "ArchiMate exchange .xml file")
    p.add_argument("--graph", metavar="IRI", help="named graph to import into "
                   "(default: the model graph)")
    p.add_argument("--dry-run", action="store_true",
                   help="check the input and report what would change; write nothing")
    p.add_argument("--skip-bad-rows", action="store_true",
                   help="import the good rows and skip (and list) rows with a bad cell")
    p.add_argument("--map", type=Path, metavar="FILE",
                   help="ArchiMate: a JSON or YAML property-name map over the defaults")
    add_store_options(p)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    if not args.input.exists():
        raise UsageError(f"{args.input}: no such file")
    importer = next((i for i in IMPORTERS if i.accepts(args.input)), None)
    if importer is None:
        kinds = "; ".join(i.name for i in IMPORTERS)
        raise UsageError(f"{args.input}: cannot import this kind of file; allowed: {kinds}")
    with _open(args) as store:
        return importer.run(args.input, store, args)


def _open(args: argparse.Namespace) -> Store:
    if args.store or args.endpoint:
        return store_from_args(args, read_only=False)
    store = EmbeddedStore()
    load_bundled(store, model=False)
    return store

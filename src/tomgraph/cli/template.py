"""``tomgraph template``: write the design workbook generated from the shapes."""

from __future__ import annotations

import argparse
from pathlib import Path

from ..errors import UsageError
from .common import add_command, add_store_options, output_stream, store_from_args


def register(sub: argparse._SubParsersAction) -> None:
    p = add_command(
        sub,
        "template",
        "Write an empty design workbook (.xlsx) generated from the ontology and shapes.",
        "  tomgraph template -o design.xlsx\n"
        "  tomgraph template --store ./mystore -o design.xlsx   # that store's shapes\n"
        "\nOne sheet per kind of thing, one column per property shape; fill it in and\n"
        "load it with 'tomgraph import design.xlsx --store ./mystore'.\n",
    )
    p.add_argument("-o", "--output", type=Path, required=True, metavar="FILE",
                   help="the .xlsx file to write")
    add_store_options(p)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from ..spreadsheets.layout import layout_for
    from ..spreadsheets.template import write_template

    if args.output.suffix.lower() != ".xlsx":
        raise UsageError(f"{args.output}: the template is an Excel workbook; name it *.xlsx")
    with store_from_args(args) as store:
        layout = layout_for(store)
    with output_stream(args.output, binary=True) as out:
        write_template(layout, out)
    print(f"wrote {args.output}: {len(layout.sheets)} sheets "
          f"({', '.join(s.name for s in layout.sheets)})")
    return 0

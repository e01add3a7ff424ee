"""``tomgraph query``: run a library query, a ``.rq`` file or stdin, with typed parameters."""

from __future__ import annotations

import argparse
from pathlib import Path

from ..errors import UsageError
from ..provenance import stated_only
from ..querylib import read_query_argument, run_query
from ..results import OUTPUT_FORMATS, write_result
from ..store import SelectResult
from .common import add_command, add_store_options, output_stream, store_from_args


def register(sub: argparse._SubParsersAction) -> None:
    p = add_command(
        sub,
        "query",
        "Run a SPARQL query: a named query of the library, a .rq file, or - for stdin.",
        "  tomgraph queries                                  # what the library offers\n"
        "  tomgraph query undelivered-gaps --param minGap=2\n"
        "  tomgraph query impact-analysis --param item=met:project-custody-digital-booking\n"
        "  tomgraph query capability-heatmap --format csv -o heatmap.csv\n"
        "  tomgraph query decision-record --stated-only     # only what PCD 269 states\n"
        "  tomgraph query my-question.rq --store ./mystore --format json\n"
        "  echo 'SELECT * WHERE { ?s ?p ?o } LIMIT 5' | tomgraph query -\n",
    )
    p.add_argument("query", metavar="QUERY", help="library query name, .rq file, or - (stdin)")
    p.add_argument(
        "--param", "-p", action="append", default=[], metavar="NAME=VALUE",
        help="a parameter the query declares (repeatable); IRIs as prefix:name or <http://...>",
    )
    p.add_argument(
        "--format", "-f", choices=OUTPUT_FORMATS, default=None,
        help="output format (default: table, or turtle for CONSTRUCT)",
    )
    p.add_argument("--output", "-o", type=Path, metavar="FILE", help="write here, not stdout")
    p.add_argument(
        "--no-inferred", action="store_true",
        help="leave out the facts 'tomgraph reason' inferred (asserted facts only)",
    )
    p.add_argument(
        "--stated-only", action="store_true",
        help="leave out rows that mention a resource marked illustrative (tom:provenance): "
        "only what a source such as PCD 269 states",
    )
    add_store_options(p)
    p.set_defaults(func=run)


def parse_params(pairs: list[str]) -> dict[str, str]:
    """``NAME=VALUE`` pairs as a mapping; a pair without ``=`` or given twice is an error."""
    params: dict[str, str] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        name = name.strip()
        if not sep or not name:
            raise UsageError(f"--param {pair!r}: write NAME=VALUE")
        if name in params:
            raise UsageError(f"--param {name} is given twice")
        params[name] = value
    return params


def run(args: argparse.Namespace) -> int:
    query = read_query_argument(args.query)
    params = parse_params(args.param)
    with store_from_args(args) as store:
        result = run_query(store, query, params, include_inferred=not args.no_inferred)
        if args.stated_only:
            if not isinstance(result, SelectResult):
                raise UsageError("--stated-only filters the rows of SELECT queries only")
            result = stated_only(result, store)
        with output_stream(args.output, binary=True) as out:
            write_result(result, args.format, out, store=store)
    return 0

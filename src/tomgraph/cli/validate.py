"""``tomgraph validate``: how complete is the design, what exactly is missing, and a CI gate.

Exit 0 when nothing at or above ``--fail-on`` is found, 1 when something is, 2 when the
command was used wrongly or an input (data or shapes) is malformed.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path

from .. import bundled
from ..errors import UsageError
from ..namespaces import MODEL_GRAPH, ONTOLOGY_GRAPH, SHAPES_GRAPH
from ..store import EmbeddedStore, Store, example_store
from ..validation import Severity, ValidationReport, validate
from ..validation.engines import DEFAULT_ENGINE, ENGINE_NAMES, ENGINES
from .common import add_command, add_store_options, output_stream, store_from_args

FORMATS = ("text", "json", "turtle", "html")
FAIL_ON = {"violation": Severity.VIOLATION, "warning": Severity.WARNING, "info": Severity.INFO}


def register(sub: argparse._SubParsersAction) -> None:
    p = add_command(
        sub,
        "validate",
        "Check the design for completeness against the SHACL shapes and score it.",
        "  tomgraph validate                                  # the bundled example programme\n"
        "  tomgraph validate model/*.ttl --fail-on warning    # a CI gate on your own files\n"
        "  tomgraph validate --store ./mystore --format html -o report.html\n"
        "  tomgraph validate model.ttl --shapes ./our-shapes --format json\n"
        "\nexit status: 0 nothing at or above --fail-on, 1 something is, 2 usage or input error",
    )
    p.add_argument(
        "files", nargs="*", type=Path, metavar="FILE",
        help="RDF files of the model, validated with the bundled ontology (default: --store, "
        "or the bundled example)",
    )
    p.add_argument("--shapes", type=Path, metavar="DIR", help="a directory of shapes files (*.ttl) "
                   "to use instead of the bundled shapes")
    p.add_argument("--engine", choices=ENGINE_NAMES, default=DEFAULT_ENGINE,
                   help="SHACL engine: " + "; ".join(f"{e.name}: {e.description}"
                                                      for e in ENGINES.values())
                   + f" (default: {DEFAULT_ENGINE})")
    p.add_argument(
        "--format", choices=FORMATS, default="text", help="report format (default: text)"
    )
    p.add_argument("--fail-on", choices=tuple(FAIL_ON), default="violation",
                   help="lowest severity that makes the exit status 1 (default: violation)")
    p.add_argument("--include-inferred", action="store_true",
                   help="also validate facts added by 'tomgraph reason'")
    p.add_argument("-o", "--output", type=Path, metavar="FILE", help="write the report here")
    add_store_options(p)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    if args.files and (args.store or args.endpoint):
        raise UsageError("give model FILES or --store/--endpoint, not both")
    with _open(args) as store:
        report = validate(
            store, engine=args.engine, shapes=args.shapes, include_inferred=args.include_inferred
        )
    with output_stream(args.output) as out:
        out.write(RENDERERS[args.format](report))
    return 1 if report.at_or_above(FAIL_ON[args.fail_on]) else 0


def _open(args: argparse.Namespace) -> Store:
    """The store to validate: the FILES in a fresh store, the named store, or the example."""
    if args.files:
        store = EmbeddedStore()
        try:
            store.load_files([bundled.ontology_file()], graph=ONTOLOGY_GRAPH)
            if args.shapes is None:
                store.load_files(bundled.rdf_files(bundled.shapes_dir()), graph=SHAPES_GRAPH)
            store.load_files(args.files, graph=MODEL_GRAPH)
        except BaseException:
            store.close()
            raise
        return store
    if args.store or args.endpoint:
        return store_from_args(args)
    return example_store()


def _text(report: ValidationReport) -> str:
    from ..validation.report_text import render_text

    return render_text(report)


def _json(report: ValidationReport) -> str:
    from ..validation.report_json import render_json

    return render_json(report)


def _turtle(report: ValidationReport) -> str:
    from ..validation.report_turtle import render_turtle

    return render_turtle(report)


def _html(report: ValidationReport) -> str:
    from ..validation.report_html import render_html

    return render_html(report)


RENDERERS: dict[str, Callable[[ValidationReport], str]] = {
    "text": _text, "json": _json, "turtle": _turtle, "html": _html,
}

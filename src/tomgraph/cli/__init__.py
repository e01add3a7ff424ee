"""The ``tomgraph`` command line: one module per command, registered in :data:`COMMANDS`.

Each command module exposes ``register(subparsers)``, which adds its parser and sets
``func`` to a function taking the parsed arguments and returning an exit code. User errors
are typed (:class:`~tomgraph.errors.TomgraphError`) and become one line on stderr.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from .. import __version__
from ..errors import TomgraphError

COMMANDS = [
    "info", "load", "import_data", "query", "queries", "export", "diff", "validate", "reason",
    "generate", "serve", "template", "backup", "users",
]
"""Command modules, in the order ``tomgraph --help`` lists them."""

MODULE_COMMANDS = {"import_data": "import"}
"""Modules whose command has another name (``import`` is a Python keyword)."""


def command_name(module: str) -> str:
    """The command a module of :data:`COMMANDS` registers."""
    return MODULE_COMMANDS.get(module, module)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="tomgraph",
        description="A knowledge graph for designing target operating models.",
        epilog="With no --store, read-only commands use the bundled example programme.\n"
        "Run 'tomgraph COMMAND --help' for a command's options and examples.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"tomgraph {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMANDS:
        importlib.import_module(f".{name}", __name__).register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    try:
        return int(args.func(args) or 0)
    except TomgraphError as exc:
        print(f"tomgraph {args.command}: error: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # e.g. piped into head
        return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())

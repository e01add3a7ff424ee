"""``tomgraph generate``: a synthetic model of any size for tests and benchmarks."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from ..errors import UsageError
from ..generate import FORMATS, MAX_CAPABILITIES, MIN_CAPABILITIES, generate, generate_file
from .common import add_command


def register(sub: argparse._SubParsersAction) -> None:
    p = add_command(
        sub,
        "generate",
        "Generate a synthetic programme model shaped like the example, of any size.",
        "  tomgraph generate --capabilities 1000 -o model.nt\n"
        "  tomgraph generate --capabilities 100000 --seed 7 -o big.nt    # ~1.9M triples\n"
        "  tomgraph generate --capabilities 500 -o small.ttl             # Turtle\n"
        "  tomgraph generate --capabilities 200 --format turtle -o -     # to stdout\n"
        "\nThe same --capabilities and --seed always give the same bytes. A few percent of\n"
        "owners, maturities, design statuses and mitigations are left out on purpose, so\n"
        "that validation has gaps to find.\n",
    )
    p.add_argument(
        "--capabilities",
        type=int,
        required=True,
        metavar="N",
        help=f"capabilities in the model ({MIN_CAPABILITIES:,} to {MAX_CAPABILITIES:,})",
    )
    p.add_argument("--seed", type=int, default=1, help="random seed (default: 1)")
    p.add_argument(
        "-o", "--output", type=Path, required=True, metavar="FILE",
        help="file to write (.nt or .ttl), or - for stdout",
    )
    p.add_argument(
        "--format", help=f"output format: {' or '.join(FORMATS)} (default: from the extension)"
    )
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    start = time.perf_counter()
    if str(args.output) == "-":
        generate(sys.stdout, args.capabilities, seed=args.seed, fmt=_stdout_format(args.format))
        return 0
    if not args.output.parent.is_dir():
        raise UsageError(f"{args.output}: no such directory {args.output.parent}")
    try:
        result = generate_file(args.output, args.capabilities, seed=args.seed, fmt=args.format)
    except OSError as exc:
        raise UsageError(f"{args.output}: cannot write: {exc.strerror or exc}") from exc
    print(
        f"wrote {args.output}: {result.triples:,} triples, {result.sizes.capabilities:,} "
        f"capabilities, {result.sizes.projects:,} projects "
        f"in {time.perf_counter() - start:.1f} s",
        file=sys.stderr,
    )
    return 0


def _stdout_format(explicit: str | None) -> str:
    from ..generate import output_format

    return output_format(None, explicit) if explicit else "ntriples"

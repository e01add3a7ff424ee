"""Run the benchmarks: ``python -m bench`` for all, ``python -m bench store validation`` for some.

Each area is a module ``bench/bench_AREA.py`` with ``main(sizes: list[int]) -> None`` that
prints its own table. Sizes are capability counts of generated models.
"""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import sys
from pathlib import Path

DEFAULT_SIZES = [1_000, 10_000, 100_000]


def areas() -> list[str]:
    here = Path(__file__).parent
    return sorted(
        m.name.removeprefix("bench_")
        for m in pkgutil.iter_modules([str(here)])
        if m.name.startswith("bench_")
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("areas", nargs="*", help=f"areas to run (default: all of {areas()})")
    parser.add_argument(
        "--sizes",
        type=lambda s: [int(x) for x in s.split(",")],
        default=DEFAULT_SIZES,
        help="capability counts of the generated models (default: 1000,10000,100000)",
    )
    args = parser.parse_args(argv)
    for area in args.areas or areas():
        if area not in areas():
            parser.error(f"no benchmark area {area!r} (known: {', '.join(areas())})")
        print(f"\n## {area}\n", flush=True)
        importlib.import_module(f"bench.bench_{area}").main(args.sizes)
    return 0


if __name__ == "__main__":
    sys.exit(main())

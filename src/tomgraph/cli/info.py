"""``tomgraph info``: what a store holds, at a glance."""

from __future__ import annotations

import argparse

from ..store import Store
from ..store.stats import CLASS_COUNTS, class_counts
from .common import add_command, add_store_options, store_from_args


def register(sub: argparse._SubParsersAction) -> None:
    p = add_command(
        sub,
        "info",
        "Show triples, graphs and counts per main class.",
        "  tomgraph info                      # the bundled example programme\n"
        "  tomgraph info --store ./mystore\n",
    )
    add_store_options(p)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    with store_from_args(args) as store:
        print(render(store))
    return 0


def render(store: Store) -> str:
    """The report ``tomgraph info`` prints."""
    lines = [f"store:   {store.location}", f"triples: {store.count():,}"]
    files = store.validation_files()
    if files is not None:
        lines.append(f"files for validation: {files}")
    lines.append("graphs:")
    for graph in store.graphs():
        lines.append(f"  {graph}  ({store.count(graph):,} triples)")
    lines.append("entities:")
    counts = class_counts(store)
    width = max(len(label) for label in CLASS_COUNTS)
    for label in CLASS_COUNTS:
        lines.append(f"  {label:<{width}}  {counts[label]:>9,}")
    return "\n".join(lines)



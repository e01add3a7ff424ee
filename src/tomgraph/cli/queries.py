"""``tomgraph queries``: what the query library offers, its parameters, and one query in full."""

from __future__ import annotations

import argparse
import textwrap

from ..querylib import NamedQuery, get_query, list_queries
from ..querylib.params import Param
from .common import add_command


def register(sub: argparse._SubParsersAction) -> None:
    p = add_command(
        sub,
        "queries",
        "List the named queries of the library with their titles and parameters.",
        "  tomgraph queries                      # every query, one paragraph each\n"
        "  tomgraph queries impact-analysis      # one query: description, parameters, SPARQL\n",
    )
    p.add_argument("name", nargs="?", help="show this query in full")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    if args.name:
        print(describe(get_query(args.name)))
    else:
        print(listing(list_queries()))
    return 0


def param_line(p: Param) -> str:
    """``--param name=TYPE`` with what is optional, the default and an example."""
    facts = ["required" if p.required else "optional"]
    if p.default is not None:
        facts.append(f"default {p.default}")
    if p.example is not None:
        facts.append(f"e.g. {p.example}")
    line = f"--param {p.name}={p.type.upper()}  ({'; '.join(facts)})"
    return f"{line}  {p.description}" if p.description else line


def listing(queries: list[NamedQuery]) -> str:
    """Every query: name and title, then its parameters indented beneath."""
    width = max((len(q.name) for q in queries), default=0)
    lines = []
    for q in queries:
        lines.append(f"{q.name:<{width}}  {q.title}")
        lines += [f"{'':<{width}}    {param_line(p)}" for p in q.params]
    lines.append(f"\n{len(queries)} queries; 'tomgraph queries NAME' shows one in full.")
    return "\n".join(lines)


def describe(q: NamedQuery) -> str:
    """One query in full: title, question, output kind, parameters, and its SPARQL."""
    lines = [f"{q.name}: {q.title}", ""]
    lines += textwrap.wrap(q.description, 96) or ["(no description)"]
    lines += ["", f"output: {q.output}"]
    if q.params:
        lines += ["parameters:"] + [f"  {param_line(p)}" for p in q.params]
    else:
        lines.append("parameters: none")
    lines += ["", f"file: {q.source}", "", q.text.rstrip()]
    return "\n".join(lines)

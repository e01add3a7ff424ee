"""Options and helpers shared by several commands: choosing the store, writing output."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from ..errors import StoreError, UsageError
from ..store import Store, StoreConfig, open_store

HELP_FORMAT = argparse.RawDescriptionHelpFormatter


def add_command(
    sub: argparse._SubParsersAction, name: str, summary: str, examples: str
) -> argparse.ArgumentParser:
    """A sub-command parser whose help ends with ``examples``."""
    return sub.add_parser(
        name,
        help=summary,
        description=summary,
        epilog="examples:\n" + examples,
        formatter_class=HELP_FORMAT,
    )


def add_store_options(parser: argparse.ArgumentParser, *, required: bool = False) -> None:
    """``--store`` (embedded, a directory) and the remote endpoint options."""
    group = parser.add_argument_group("store")
    # --store or --endpoint: a command that needs a store is satisfied by either one.
    choice = group.add_mutually_exclusive_group(
        required=required and not os.environ.get("TOMGRAPH_ENDPOINT")
    )
    choice.add_argument(
        "--store",
        type=Path,
        metavar="PATH",
        default=os.environ.get("TOMGRAPH_STORE") or None,
        help="directory of an embedded store"
        + ("" if required else " (default: the bundled example model, in memory)"),
    )
    choice.add_argument(
        "--endpoint",
        metavar="URL",
        default=os.environ.get("TOMGRAPH_ENDPOINT"),
        help="SPARQL 1.1 query endpoint of a remote triplestore",
    )
    group.add_argument(
        "--update-endpoint",
        metavar="URL",
        default=os.environ.get("TOMGRAPH_UPDATE_ENDPOINT"),
        help="SPARQL 1.1 update endpoint (default: same as --endpoint)",
    )
    group.add_argument(
        "--gsp-endpoint",
        metavar="URL",
        default=os.environ.get("TOMGRAPH_GSP_ENDPOINT"),
        help="SPARQL 1.1 Graph Store Protocol endpoint for bulk load and export",
    )


def store_config(args: argparse.Namespace, *, read_only: bool) -> StoreConfig:
    """The :class:`StoreConfig` the parsed options describe."""
    if getattr(args, "store", None) and getattr(args, "endpoint", None):
        raise UsageError("give either --store or --endpoint, not both")
    return StoreConfig(
        path=getattr(args, "store", None),
        endpoint=getattr(args, "endpoint", None),
        update_endpoint=getattr(args, "update_endpoint", None),
        gsp_endpoint=getattr(args, "gsp_endpoint", None),
        username=os.environ.get("TOMGRAPH_USERNAME"),
        password=os.environ.get("TOMGRAPH_PASSWORD"),
        token=os.environ.get("TOMGRAPH_TOKEN"),
        verify_tls=os.environ.get("TOMGRAPH_VERIFY_TLS", "1") not in ("0", "false", "no"),
        read_only=read_only,
    )


def store_from_args(args: argparse.Namespace, *, read_only: bool = True) -> Store:
    """Open the store the options name (the bundled example when none is named)."""
    return open_store(store_config(args, read_only=read_only))


@contextmanager
def output_stream(path: Path | None, *, binary: bool = False) -> Iterator[IO]:
    """``path`` opened for writing (atomically replaced on success), or stdout.

    The output goes to a hidden temporary file beside ``path`` that is renamed over it only
    when the writer finishes: a failure half-way leaves any earlier file as it was.
    """
    if path is None or str(path) == "-":
        yield sys.stdout.buffer if binary else sys.stdout
        sys.stdout.flush()
        return
    if not path.parent.is_dir():
        raise UsageError(f"{path}: no such directory {path.parent}")
    if path.is_dir():
        raise UsageError(f"{path}: is a directory")
    tmp = path.with_name(f".{path.name}.partial")
    try:
        try:
            fh = open(tmp, "wb") if binary else open(tmp, "w", encoding="utf-8")
        except OSError as exc:
            raise UsageError(f"{path}: cannot write: {exc.strerror or exc}") from exc
        with fh:
            yield fh
        try:
            os.replace(tmp, path)
        except OSError as exc:
            raise StoreError(f"{path}: cannot write: {exc.strerror or exc}") from exc
    finally:
        if tmp.exists():
            tmp.unlink()

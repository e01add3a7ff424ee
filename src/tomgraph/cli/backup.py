"""``tomgraph backup`` and ``tomgraph restore``: a consistent copy of a store, and back."""

from __future__ import annotations

import argparse
from pathlib import Path

from ..store.backup import backup, restore
from .common import add_command, add_store_options, store_from_args


def register(sub: argparse._SubParsersAction) -> None:
    p = add_command(
        sub,
        "backup",
        "Write a consistent snapshot of a store into a new directory (safe while serving).",
        "  tomgraph backup --store ./db backups/2026-12-04\n"
        "  tomgraph info --store backups/2026-12-04        # a backup is a store itself\n",
    )
    p.add_argument("directory", type=Path, metavar="DIR",
                   help="new (or empty) directory to write the backup into")
    add_store_options(p, required=True)
    p.set_defaults(func=run_backup)

    r = add_command(
        sub,
        "restore",
        "Restore a backup into a store directory (refuses to overwrite without --force).",
        "  tomgraph restore backups/2026-12-04 --store ./db2\n"
        "  tomgraph restore backups/2026-12-04 --store ./db --force   # server stopped\n",
    )
    r.add_argument("directory", type=Path, metavar="DIR", help="a directory written by backup")
    r.add_argument("--store", type=Path, metavar="PATH", required=True,
                   help="store directory to restore into")
    r.add_argument("--force", action="store_true",
                   help="replace the store already there (it must not be in use)")
    r.set_defaults(func=run_restore)


def run_backup(args: argparse.Namespace) -> int:
    with store_from_args(args, read_only=True) as store:
        backup(store, args.directory)
    print(f"backed up {store.location} into {args.directory}")
    return 0


def run_restore(args: argparse.Namespace) -> int:
    quads = restore(args.directory, args.store, force=args.force)
    print(f"restored {quads:,} quads from {args.directory} into {args.store}")
    return 0

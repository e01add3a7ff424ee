"""Backup and restore of embedded stores, all or nothing.

Both write into a hidden directory beside the target and rename it into place only once it
is complete and opens as a store, so a full disk, a permission error or a kill half-way
leaves no half-written backup or store behind, and never touches the source.

``backup`` reads through a read-only handle, so it works while ``tomgraph serve`` holds the
store (docs/decisions/0003-backup-of-a-live-store.md). A backup directory is itself an
Oxigraph store: ``tomgraph info --store BACKUP`` inspects it.
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pyoxigraph as ox

from ..errors import InputError, StoreError, UsageError
from .base import Store


def _reason(exc: Exception) -> str:
    return getattr(exc, "strerror", None) or str(exc)


def _non_empty(path: Path) -> bool:
    return path.exists() and (not path.is_dir() or any(path.iterdir()))


@contextmanager
def _staged(target: Path, what: str) -> Iterator[Path]:
    """A fresh hidden directory beside ``target``, removed unless the caller renames it."""
    parent = target.resolve().parent
    if not parent.is_dir():
        raise UsageError(f"{target}: no such directory {parent}")
    staging = parent / f".{target.name}.partial-{uuid.uuid4().hex[:8]}"
    try:
        yield staging
    except (OSError, RuntimeError) as exc:  # RuntimeError: RocksDB's own I/O failures
        raise StoreError(f"{target}: {what} failed: {_reason(exc)}; nothing was written "
                         "and the source is unchanged") from exc
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def backup(store: Store, target: Path) -> None:
    """Snapshot ``store`` into ``target``, a new or empty directory."""
    if _non_empty(target):
        raise UsageError(f"{target}: already exists and is not empty; "
                         "back up into a new directory")
    if not store.can_backup:
        store.backup(target)  # raises the backend's "not supported" error
    with _staged(target, "backup") as staging:
        store.backup(staging)
        _check_opens(staging, target)
        if target.exists():
            target.rmdir()
        os.replace(staging, target)


def restore(source: Path, target: Path, *, force: bool = False) -> int:
    """Copy the backup ``source`` into the store directory ``target``; returns its quads.

    ``target`` must be absent or empty unless ``force``, and never in use by a process.
    """
    if not source.is_dir():
        raise InputError("no backup here (a directory written by tomgraph backup)", source=source)
    quads = _check_opens(source, source)
    if _non_empty(target):
        if not force:
            raise UsageError(f"{target}: already holds a store; restore into a new directory, "
                             "or add --force to replace it")
        _require_unused(target)
    with _staged(target, "restore") as staging:
        shutil.copytree(source, staging)
        _check_opens(staging, target)
        if target.exists():
            old = target.with_name(f".{target.name}.old-{uuid.uuid4().hex[:8]}")
            os.replace(target, old)
            try:
                os.replace(staging, target)
            except OSError:
                os.replace(old, target)
                raise
            shutil.rmtree(old, ignore_errors=True)
        else:
            os.replace(staging, target)
    return quads


def _check_opens(directory: Path, named: Path) -> int:
    """Open ``directory`` read-only and count it; a clear error if it is not a store."""
    try:
        store = ox.Store.read_only(str(directory))
        quads = len(store)
    except (OSError, RuntimeError) as exc:  # RuntimeError: RocksDB found corruption
        raise StoreError(
            f"{named}: not a readable Oxigraph store ({_reason(exc)}); "
            "use a directory written by tomgraph backup"
        ) from exc
    del store
    return quads


def _require_unused(target: Path) -> None:
    """Refuse to replace a store another process (a server) has open."""
    try:
        handle = ox.Store(str(target))
    except (OSError, RuntimeError) as exc:
        if "lock" in str(exc).lower():
            raise StoreError(f"{target}: the store is in use by another process; "
                             "stop the server before restoring over it") from exc
        return  # damaged: replacing it is exactly what --force is for
    handle.flush()
    del handle

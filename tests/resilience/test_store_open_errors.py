"""A store another process holds, or a damaged one: a clear error, never corruption."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from resilience_helpers import env, start_writer, state, stop_writer, wait_for_commits

from tomgraph.store import EmbeddedStore


def tomgraph(*argv: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "tomgraph.cli", *map(str, argv)],
                          capture_output=True, text=True, env=env(), timeout=120)


def test_a_second_process_writing_a_held_store_gets_a_clear_error_and_changes_nothing(
    tmp_path: Path,
) -> None:
    db = tmp_path / "db"
    data = tmp_path / "more.ttl"
    data.write_text("<https://example.org/x> <https://example.org/y> 'z' .\n")
    writer = start_writer(db, steps=3)
    try:
        wait_for_commits(writer, 3)
        for argv in (("load", data, "--store", db), ("serve", "--store", db, "--port", "0")):
            done = tomgraph(*argv)
            assert done.returncode == 3, done
            assert "in use by another process" in done.stderr
            assert "Traceback" not in done.stderr
    finally:
        stop_writer(writer)
    with EmbeddedStore(db) as store:
        assert state(store) == 2


def test_a_second_process_may_read_a_held_store(tmp_path: Path) -> None:
    db = tmp_path / "db"
    writer = start_writer(db, steps=2)
    try:
        wait_for_commits(writer, 2)
        done = tomgraph("info", "--store", db)
    finally:
        stop_writer(writer)
    assert done.returncode == 0, done.stderr


def damage_current(db: Path) -> None:
    (db / "CURRENT").write_text("garbage\n")


def damage_manifest(db: Path) -> None:
    for manifest in db.glob("MANIFEST-*"):
        manifest.unlink()


@pytest.mark.parametrize("damage", [damage_current, damage_manifest])
@pytest.mark.parametrize("command", ["info", "load"])
def test_a_damaged_store_is_a_clear_error_naming_the_fix(
    damage, command: str, tmp_path: Path  # type: ignore[no-untyped-def]
) -> None:
    db = tmp_path / "db"
    with EmbeddedStore(db) as store:
        store.update("INSERT DATA { GRAPH <urn:g> { <urn:a> <urn:b> <urn:c> } }")
    damage(db)
    data = tmp_path / "more.ttl"
    data.write_text("<https://example.org/x> <https://example.org/y> 'z' .\n")
    argv = ("info", "--store", db) if command == "info" else ("load", data, "--store", db)
    done = tomgraph(*argv)
    assert done.returncode == 3, done
    assert "Traceback" not in done.stderr
    assert "damaged" in done.stderr and "tomgraph restore" in done.stderr

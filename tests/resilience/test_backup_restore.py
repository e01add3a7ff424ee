"""tomgraph backup and restore: a consistent snapshot, even of a store being written."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox
import pytest
from cli_runner import Run
from oxigraph_server import OxigraphServer
from resilience_helpers import env, quads, start_writer, state, stop_writer, wait_for_commits

from tomgraph.errors import UsageError
from tomgraph.generate import generate_file
from tomgraph.store import EmbeddedStore, load_bundled
from tomgraph.store.backup import backup
from tomgraph.store.remote import RemoteStore


@pytest.fixture
def db(example_directory: Path) -> Path:
    """A store on disk holding the ontology, shapes and example programme."""
    return example_directory


def snapshot(path: Path) -> set[ox.Quad]:
    store = ox.Store.read_only(str(path))
    try:
        return quads(store)
    finally:
        del store


def test_a_backup_restores_to_exactly_the_same_quads(cli: Callable[..., Run], db: Path,
                                                     tmp_path: Path) -> None:
    before = snapshot(db)
    run = cli("backup", "--store", db, tmp_path / "bk")
    assert run.code == 0, run
    run = cli("restore", tmp_path / "bk", "--store", tmp_path / "db2")
    assert run.code == 0, run
    assert f"restored {len(before):,} quads" in run.out
    assert snapshot(tmp_path / "db2") == before == snapshot(db)


def test_a_backup_is_itself_a_store_the_cli_can_read(cli: Callable[..., Run], db: Path,
                                                     tmp_path: Path) -> None:
    assert cli("backup", "--store", db, tmp_path / "bk").code == 0
    info = cli("info", "--store", tmp_path / "bk")
    assert info.code == 0 and "triples:" in info.out


def test_a_backup_of_a_store_held_by_a_writer_holds_whole_changesets_only(
    tmp_path: Path,
) -> None:
    db = tmp_path / "db"
    writer = start_writer(db)
    try:
        wait_for_commits(writer, 3)
        seen = []
        for i in range(4):
            # Another process, as an operator's cron job would be, while the writer commits.
            target = tmp_path / f"bk{i}"
            done = subprocess.run(
                [sys.executable, "-m", "tomgraph.cli", "backup", "--store", str(db), str(target)],
                capture_output=True, text=True, env=env(), timeout=120,
            )
            assert done.returncode == 0, done.stderr
            restored = tmp_path / f"restored{i}"
            done = subprocess.run(
                [sys.executable, "-m", "tomgraph.cli", "restore", str(target),
                 "--store", str(restored)],
                capture_output=True, text=True, env=env(), timeout=120,
            )
            assert done.returncode == 0, done.stderr
            with EmbeddedStore(restored, read_only=True) as store:
                seen.append(state(store))
            wait_for_commits(writer, 2)
    finally:
        stop_writer(writer)
    assert seen == sorted(seen) and seen[0] >= 2 and seen[-1] > seen[0]


def test_a_backup_never_writes_into_an_existing_non_empty_directory(
    cli: Callable[..., Run], db: Path, tmp_path: Path
) -> None:
    target = tmp_path / "bk"
    target.mkdir()
    (target / "notes.txt").write_text("keep me")
    run = cli("backup", "--store", db, target)
    assert run.code == 2 and "already exists and is not empty" in run.err
    assert (target / "notes.txt").read_text() == "keep me"


def test_a_remote_store_says_backup_is_not_supported(oxigraph_server: OxigraphServer,
                                                     tmp_path: Path) -> None:
    store = RemoteStore(oxigraph_server.query_url, update_endpoint=oxigraph_server.update_url)
    assert not store.can_backup
    with pytest.raises(UsageError, match="use your triplestore's own backup"):
        backup(store, tmp_path / "bk")
    assert not (tmp_path / "bk").exists()


def test_restore_refuses_to_replace_a_store_without_force(cli: Callable[..., Run], db: Path,
                                                          tmp_path: Path) -> None:
    other = tmp_path / "other"
    with EmbeddedStore(other) as store:
        store.update("INSERT DATA { GRAPH <urn:g> { <urn:a> <urn:b> <urn:c> } }")
    kept = snapshot(other)
    assert cli("backup", "--store", db, tmp_path / "bk").code == 0
    run = cli("restore", tmp_path / "bk", "--store", other)
    assert run.code == 2 and "--force" in run.err
    assert snapshot(other) == kept
    run = cli("restore", tmp_path / "bk", "--store", other, "--force")
    assert run.code == 0, run
    assert snapshot(other) == snapshot(db)
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []


def test_restore_refuses_to_replace_a_store_in_use(cli: Callable[..., Run], db: Path,
                                                   tmp_path: Path) -> None:
    assert cli("backup", "--store", db, tmp_path / "bk").code == 0
    holder = start_writer(tmp_path / "live", steps=1)
    try:
        holder.communicate(timeout=60)
        holder = start_writer(tmp_path / "live", steps=0)  # holds the store, idle
        run = cli("restore", tmp_path / "bk", "--store", tmp_path / "live", "--force")
    finally:
        stop_writer(holder)
    assert run.code == 3 and "in use by another process" in run.err


def test_restoring_something_that_is_not_a_backup_is_a_clear_error(
    cli: Callable[..., Run], tmp_path: Path
) -> None:
    junk = tmp_path / "junk"
    junk.mkdir()
    (junk / "CURRENT").write_text("garbage\n")
    run = cli("restore", junk, "--store", tmp_path / "db2")
    assert run.code == 3 and "not a readable Oxigraph store" in run.err
    assert "Traceback" not in run.err and not (tmp_path / "db2").exists()
    missing = cli("restore", tmp_path / "nothing", "--store", tmp_path / "db2")
    assert missing.code == 2 and "no backup here" in missing.err


def larger_store(tmp_path: Path) -> Path:
    """A store of a few MiB: more than the tiny disk holds."""
    model = tmp_path / "model.nt"
    generate_file(model, 400, seed=3)
    path = tmp_path / "big"
    with EmbeddedStore(path) as store:
        load_bundled(store, model=False)
        store.load_files([model])
    return path


def test_a_full_disk_during_backup_is_a_clear_error_and_leaves_nothing(
    cli: Callable[..., Run], tiny_disk: Path, tmp_path: Path
) -> None:
    big = larger_store(tmp_path)
    before = snapshot(big)
    run = cli("backup", "--store", big, tiny_disk / "bk")
    assert run.code == 3, run
    assert "backup failed" in run.err and "nothing was written" in run.err
    assert "Traceback" not in run.err
    assert list(tiny_disk.iterdir()) == []
    assert snapshot(big) == before


def test_a_full_disk_during_restore_leaves_the_old_store(
    cli: Callable[..., Run], tiny_disk: Path, tmp_path: Path
) -> None:
    big = larger_store(tmp_path)
    assert cli("backup", "--store", big, tmp_path / "bk").code == 0
    run = cli("restore", tmp_path / "bk", "--store", tiny_disk / "db")
    assert run.code == 3 and "restore failed" in run.err, run
    assert list(tiny_disk.iterdir()) == []


def test_a_full_disk_during_export_is_a_clear_error_and_leaves_no_file(
    cli: Callable[..., Run], tiny_disk: Path, tmp_path: Path
) -> None:
    big = larger_store(tmp_path)
    run = cli("export", "--store", big, "--format", "nquads", "--output", tiny_disk / "all.nq")
    assert run.code in (2, 3), run
    assert "Traceback" not in run.err and "No space left" in run.err
    assert list(tiny_disk.iterdir()) == []


def unprivileged() -> list[str]:
    """A command prefix under which file modes apply (root ignores them otherwise)."""
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.skip("running as root without setpriv: permissions cannot be tested")
    return [setpriv, "--bounding-set", "-dac_override,-dac_read_search"]


def test_permission_denied_for_the_backup_directory_is_a_clear_error(
    db: Path, tmp_path: Path
) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        done = subprocess.run(
            [*unprivileged(), sys.executable, "-m", "tomgraph.cli", "backup", "--store", str(db),
             str(locked / "bk")],
            capture_output=True, text=True, env=env(), timeout=120,
        )
    finally:
        locked.chmod(0o700)
    assert done.returncode in (2, 3), done
    assert "Traceback" not in done.stderr
    assert "ermission denied" in done.stderr
    assert list(locked.iterdir()) == []


def test_a_full_disk_during_load_is_a_clear_error_and_keeps_the_old_state(
    cli: Callable[..., Run], tiny_disk: Path, tmp_path: Path
) -> None:
    db = tiny_disk / "db"
    small = tmp_path / "small.ttl"
    small.write_text("<https://example.org/a> <https://example.org/b> 'kept' .\n")
    assert cli("load", small, "--store", db).code == 0
    model = tmp_path / "model.nt"
    generate_file(model, 400, seed=3)
    run = cli("load", model, "--store", db)
    assert run.code in (2, 3), run
    assert "Traceback" not in run.err and "No space left" in run.err
    for leftover in tiny_disk.glob("*.nt"):
        leftover.unlink()
    with EmbeddedStore(db, read_only=True) as store:
        assert store.count() == 1


def test_permission_denied_during_load_and_export_is_a_clear_error(
    db: Path, tmp_path: Path
) -> None:
    before = snapshot(db)
    locked = tmp_path / "locked"
    locked.mkdir()
    data = tmp_path / "more.ttl"
    data.write_text("<https://example.org/a> <https://example.org/b> 'new' .\n")
    db.chmod(0o555)
    locked.chmod(0o500)
    try:
        runs = [subprocess.run(
            [*unprivileged(), sys.executable, "-m", "tomgraph.cli", *argv],
            capture_output=True, text=True, env=env(), timeout=120,
        ) for argv in (
            ["load", str(data), "--store", str(db)],
            ["export", "--store", str(db), "--format", "nquads", "-o", str(locked / "a.nq")],
        )]
    finally:
        db.chmod(0o755)
        locked.chmod(0o700)
    for done in runs:
        assert done.returncode in (2, 3), done
        assert "Traceback" not in done.stderr
        assert "ermission denied" in done.stderr, done.stderr
    assert list(locked.iterdir()) == []
    assert snapshot(db) == before

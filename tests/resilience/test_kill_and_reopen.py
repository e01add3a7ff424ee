"""kill -9 in the middle of a write, then reopen: the old state or the new one, never a mix."""

from __future__ import annotations

import random
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
from oxigraph_server import free_port
from resilience_helpers import (
    env,
    kill_cli_after,
    start_writer,
    state,
    stop_writer,
    wait_for_commits,
)

from tomgraph.errors import StoreError
from tomgraph.generate import generate_file
from tomgraph.store import EmbeddedStore
from tomgraph.store.embedded import FIRST_LOAD_MARKER

TOKEN = "kill-test-token-0123456789abcdef"


@pytest.fixture(scope="module")
def model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A generated model that takes the loader about a second."""
    path = tmp_path_factory.mktemp("model") / "model.nt"
    generate_file(path, 3000, seed=5)
    return path


@pytest.fixture(scope="module")
def loaded_count(model: Path, tmp_path_factory: pytest.TempPathFactory) -> int:
    with EmbeddedStore(tmp_path_factory.mktemp("ref") / "db") as store:
        return store.load_files([model]).quads


def count_after_reopen(path: Path) -> int:
    """Quads in the store at ``path`` when a new process opens it for writing (as a restart)."""
    code = ("import sys; from tomgraph.store import EmbeddedStore; "
            "print(EmbeddedStore(sys.argv[1]).count())")
    done = subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True,
                          text=True, env=env(), timeout=120)
    assert done.returncode == 0, done.stderr
    return int(done.stdout)


@pytest.mark.slow
def test_a_load_killed_into_an_empty_store_leaves_it_empty_or_complete(
    model: Path, loaded_count: int, tmp_path: Path
) -> None:
    hits = 0
    for i, delay in enumerate((0.6, 0.9, 1.2, 1.5)):
        db = tmp_path / f"db{i}"
        hits += kill_cli_after(delay, "load", str(model), "--store", str(db))
        if db.exists():
            assert count_after_reopen(db) in (0, loaded_count)
    assert hits, "the loader always finished before the kill: use a larger model"


@pytest.mark.slow
def test_a_load_killed_into_a_store_with_data_leaves_the_old_or_the_new_state(
    model: Path, loaded_count: int, tmp_path: Path
) -> None:
    old = tmp_path / "old.ttl"
    old.write_text("<https://example.org/a> <https://example.org/b> 'kept' .\n")
    hits = 0
    for i, delay in enumerate((0.6, 0.9, 1.2, 1.5)):
        db = tmp_path / f"db{i}"
        with EmbeddedStore(db) as store:
            store.load_files([old])
        hits += kill_cli_after(delay, "load", str(model), "--store", str(db))
        assert count_after_reopen(db) in (1, loaded_count + 1)
    assert hits, "the loader always finished before the kill: use a larger model"


def test_an_interrupted_first_load_is_emptied_on_the_next_writable_open(tmp_path: Path) -> None:
    db = tmp_path / "db"
    with EmbeddedStore(db) as store:
        store.update("INSERT DATA { GRAPH <urn:g> { <urn:a> <urn:b> <urn:c> } }")
    (db / FIRST_LOAD_MARKER).write_text("as a killed bulk load leaves it\n")
    with pytest.raises(StoreError, match="first load .* was interrupted"):
        EmbeddedStore(db, read_only=True)
    with EmbeddedStore(db) as store:
        assert store.count() == 0
    assert not (db / FIRST_LOAD_MARKER).exists()


def test_a_changeset_commit_killed_at_any_moment_is_all_or_nothing(tmp_path: Path) -> None:
    rng = random.Random(16)
    db = tmp_path / "db"
    reached = []
    for _ in range(3):
        writer = start_writer(db, pause=0)
        try:
            wait_for_commits(writer, 2)
            time.sleep(rng.uniform(0.0, 0.2))
        finally:
            stop_writer(writer)
        with EmbeddedStore(db) as store:
            reached.append(state(store))
        # The next writer starts again at changeset 0: start from an empty store each time.
        with EmbeddedStore(db) as store:
            store.clear()
    assert all(n >= 1 for n in reached)


@pytest.fixture
def served_store(tmp_path: Path) -> Iterator[tuple[subprocess.Popen[bytes], str, Path]]:
    """``tomgraph serve`` over an on-disk store with updates allowed; killed at the end."""
    db = tmp_path / "db"
    with EmbeddedStore(db) as store:
        store.update("INSERT DATA { GRAPH <urn:g> { <urn:a> <urn:b> 'old' } }")
    token = tmp_path / "token"
    token.write_text(TOKEN)
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "tomgraph.cli", "serve", "--store", str(db), "--port", str(port),
         "--allow-updates", "--token-file", str(token), "--workers", "1"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env(),
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            if requests.get(base + "/healthz", timeout=1).status_code == 200:
                break
        except requests.ConnectionError:
            time.sleep(0.1)
    try:
        yield process, base, db
    finally:
        process.kill()
        process.wait()


def big_update(n: int) -> str:
    triples = "\n".join(f"<urn:item:{i}> <urn:label> 'item {i}' ." for i in range(n))
    return "INSERT DATA { GRAPH <urn:g> {\n" + triples + "\n} }"


@pytest.mark.slow
def test_a_server_killed_during_a_sparql_update_keeps_the_old_or_the_new_state(
    served_store: tuple[subprocess.Popen[bytes], str, Path],
) -> None:
    process, base, db = served_store
    n = 60_000
    body = big_update(n).encode()

    def send() -> None:
        try:
            requests.post(base + "/sparql", data=body, timeout=60, headers={
                "Content-Type": "application/sparql-update",
                "Authorization": f"Bearer {TOKEN}"})
        except requests.RequestException:
            pass  # the server died under it, as intended

    import threading

    thread = threading.Thread(target=send)
    thread.start()
    time.sleep(0.4)
    assert process.poll() is None
    process.send_signal(signal.SIGKILL)
    process.wait()
    thread.join(60)
    assert count_after_reopen(db) in (1, n + 1)

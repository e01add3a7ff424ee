"""A load into a persisted store is all or nothing even when the process is killed outright.

``tomgraph load`` runs as a real process and is sent SIGKILL at moments spread over a whole
load (parsing, bulk loading, swapping directories); reopening the store then shows the old
state or the new one, never a mix, and no staging directory is left behind. The files the
store keeps for validation (its file replica) are then either its content or gone.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from store_helpers import child_env, replica_quads, same_content

from tomgraph.generate import generate_file
from tomgraph.namespaces import MODEL_GRAPH, ONTOLOGY_GRAPH
from tomgraph.store import EmbeddedStore

ONTOLOGY = Path(__file__).resolve().parents[2] / "ontology" / "tom.ttl"
MOMENTS = 9
"""Kill points, spread evenly from start-up to just past the end of an unhindered load."""


def load_command(model: Path, store: Path) -> list[str]:
    return [sys.executable, "-m", "tomgraph.cli", "load", str(model), "--store", str(store)]


def replica_holds(store: Path) -> bool:
    """Whether the store keeps a file replica; if it does, it must parse to its content."""
    graphs = (MODEL_GRAPH, ONTOLOGY_GRAPH)
    with EmbeddedStore(store) as opened:
        if opened.current_replica() is None:
            return False
        same_content(opened, replica_quads(opened, graphs), graphs)
        return True


def sizes(store: Path) -> tuple[int, int]:
    """(all quads, model-graph triples) of the store in ``store``."""
    with EmbeddedStore(store) as opened:
        return opened.count(), opened.count(MODEL_GRAPH)


@pytest.fixture
def old_store(tmp_path: Path) -> Path:
    """A persisted store that already holds the ontology: the 'old state'."""
    path = tmp_path / "template"
    with EmbeddedStore(path) as store:
        store.load_files([ONTOLOGY], graph=ONTOLOGY_GRAPH)
    return path


@pytest.mark.slow
def test_a_load_killed_at_any_moment_leaves_the_old_state_or_the_new_never_a_mix(
    old_store, tmp_path
):
    model = tmp_path / "model.nt"
    generate_file(model, 3_000)
    old = sizes(old_store)

    finished = tmp_path / "finished"
    shutil.copytree(old_store, finished)
    start = time.monotonic()
    subprocess.run(load_command(model, finished), env=child_env(), check=True,
                   capture_output=True, timeout=300)
    duration = time.monotonic() - start
    new = sizes(finished)
    assert new[1] > 0 and new[0] == old[0] + new[1]
    assert replica_holds(finished), "a load of files keeps them"

    seen = set()
    for moment in range(MOMENTS):
        target = tmp_path / f"db-{moment}"
        shutil.copytree(old_store, target)
        child = subprocess.Popen(load_command(model, target), env=child_env(),
                                 stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(duration * 1.1 * moment / (MOMENTS - 1))
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=60)

        state = sizes(target)
        assert state in (old, new), f"killed after {moment}/{MOMENTS - 1}: {state}"
        replica_holds(target)
        seen.add(state)
        leftovers = [p.name for p in tmp_path.iterdir() if ".staging-" in p.name]
        assert leftovers == [], "reopening for writing removes what the killed load left"
    assert old in seen, "some kill landed before the swap"


def test_a_staging_directory_left_by_a_dead_process_is_removed_on_open(old_store, tmp_path):
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True)
    leftover = tmp_path / f".{old_store.name}.staging-{dead.stdout.strip()}-abcd"
    shutil.copytree(old_store, leftover)

    with EmbeddedStore(old_store) as store:
        assert store.count(ONTOLOGY_GRAPH) > 0

    assert not leftover.exists()


def test_a_store_killed_between_the_two_renames_of_the_fallback_swap_gets_its_old_state_back(
    old_store, tmp_path
):
    old = sizes(old_store)
    aside = tmp_path / f".{old_store.name}.staging-999999999-abcd.previous"
    os.rename(old_store, aside)

    assert sizes(old_store) == old
    assert not aside.exists()


def test_loading_twice_into_a_persisted_store_keeps_both_and_the_handle_stays_usable(
    old_store, tmp_path
):
    model = tmp_path / "model.nt"
    generate_file(model, 100)
    with EmbeddedStore(old_store) as store:
        before = store.count()
        store.load_files([model])
        middle = store.count()
        store.load_files([model], graph="https://example.org/copy")
        assert middle > before
        assert store.count() == middle + (middle - before)
        assert store.count("https://example.org/copy") == middle - before


def test_a_persisted_store_shared_with_another_handle_still_loads_atomically(old_store, tmp_path):
    model = tmp_path / "model.nt"
    generate_file(model, 100)
    with EmbeddedStore(old_store) as store:
        engine_view = store.oxigraph  # an engine holding the raw store: no swap under it
        store.load_files([model])
        assert len(engine_view) == store.count() > 0

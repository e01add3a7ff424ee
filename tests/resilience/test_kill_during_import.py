"""kill -9 during a large ArchiMate import into a store on disk (bulk-loaded beside the store
and swapped in), then reopen: the old state or the new one with its history, never a mix."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from resilience_helpers import env, kill_cli_after

from tomgraph.archimate import import_file
from tomgraph.changes import HISTORY_GRAPH, list_changesets
from tomgraph.generate.exchange_file import write_exchange_file
from tomgraph.namespaces import MODEL_GRAPH
from tomgraph.store import EmbeddedStore


@pytest.fixture(scope="module")
def model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An exchange file whose import takes a few seconds (about 160k quads)."""
    return write_exchange_file(tmp_path_factory.mktemp("model") / "model.xml", 12_000)


@pytest.fixture(scope="module")
def imported_count(model: Path, tmp_path_factory: pytest.TempPathFactory) -> int:
    store = EmbeddedStore()
    return import_file(store, model).quads


def state_after_reopen(path: Path) -> tuple[int, int, int]:
    """(model quads, history quads, changesets) when a new process opens the store."""
    code = ("import sys; from tomgraph.store import EmbeddedStore; "
            "from tomgraph.changes import HISTORY_GRAPH, list_changesets; "
            "from tomgraph.namespaces import MODEL_GRAPH; s = EmbeddedStore(sys.argv[1]); "
            "print(s.count(MODEL_GRAPH), s.count(HISTORY_GRAPH), len(list_changesets(s)))")
    done = subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True,
                          text=True, env=env(), timeout=300)
    assert done.returncode == 0, done.stderr
    model, history, changesets = done.stdout.split()
    return int(model), int(history), int(changesets)


@pytest.mark.slow
def test_an_import_killed_at_any_moment_leaves_the_old_state_or_the_new_with_its_history(
    model: Path, imported_count: int, tmp_path: Path
) -> None:
    old = tmp_path / "old.ttl"
    old.write_text("<https://example.org/a> <https://example.org/b> 'kept' .\n")
    outcomes = []
    for i, delay in enumerate((1.0, 2.0, 3.0, 4.5, 6.0)):
        db = tmp_path / f"db{i}"
        with EmbeddedStore(db) as store:
            store.load_files([old])
            before = (store.count(MODEL_GRAPH), store.count(HISTORY_GRAPH),
                      len(list_changesets(store)))
        running = kill_cli_after(delay, "import", str(model), "--store", str(db))
        after = state_after_reopen(db)
        if after == before:
            outcomes.append("old")
        else:
            assert after[0] == before[0] + imported_count
            assert after[2] == before[2] + 1, "the new state holds its history entry"
            assert after[1] > before[1]
            outcomes.append("new")
        assert not [p for p in tmp_path.iterdir() if ".staging-" in p.name], \
            "the reopen removed what the killed import left beside the store"
        if not running:
            break
    assert "old" in outcomes, "the import always finished before the kill: use a larger model"

"""A writer process that commits numbered changesets, and the check that a store holds whole ones.

Changeset ``k`` replaces the counter's value ``k-1`` by ``k`` and adds ``ITEMS`` labels of
group ``k``, with its history entry. A store is consistent when it holds exactly one
counter value ``n``, every group ``0..n`` complete, no other group, and ``n+1`` history
entries: old or new state per changeset, never a mix.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pyoxigraph as ox

from tomgraph.changes import HISTORY_GRAPH
from tomgraph.namespaces import MODEL_GRAPH
from tomgraph.store import Dataset, Store

ITEMS = 20
SRC = Path(__file__).resolve().parents[2] / "src"
COUNTER = "https://example.org/counter"
VALUE = "https://example.org/value"
LABEL = "http://www.w3.org/2000/01/rdf-schema#label"

WRITER = f"""
import sys, time, pyoxigraph as ox
from tomgraph.changes import Changeset, commit
from tomgraph.store import EmbeddedStore
M = ox.NamedNode({MODEL_GRAPH!r})
C, V, L = ox.NamedNode({COUNTER!r}), ox.NamedNode({VALUE!r}), ox.NamedNode({LABEL!r})
store = EmbeddedStore(sys.argv[1])
print("ready", flush=True)
for k in range(int(sys.argv[2])):
    added = [ox.Quad(C, V, ox.Literal(str(k)), M)] + [
        ox.Quad(ox.NamedNode(f"https://example.org/item/{{k}}/{{j}}"), L,
                ox.Literal(f"{{k}}-{{j}}"), M)
        for j in range({ITEMS})
    ]
    removed = [ox.Quad(C, V, ox.Literal(str(k - 1)), M)] if k else []
    commit(store, Changeset(added=tuple(added), removed=tuple(removed), comment=f"step {{k}}"))
    print(k, flush=True)
    time.sleep(float(sys.argv[3]))
sys.stdin.read()  # hold the store until told to let go
store.close()
"""


def env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(SRC)}


def start_writer(
    path: Path, steps: int = 100_000, pause: float = 0.01
) -> subprocess.Popen[str]:
    """A process holding the store at ``path`` and committing changesets, once it is ready.

    ``pause`` seconds between commits keep the store small over a test's few seconds.
    """
    process = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(path), str(steps), str(pause)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env=env(),
    )
    assert process.stdout is not None
    line = process.stdout.readline()
    assert line.strip() == "ready", process.stderr.read() if process.stderr else line
    return process


def stop_writer(process: subprocess.Popen[str]) -> None:
    """Kill the writer (SIGKILL: no clean-up of any kind) and close its pipes."""
    process.kill()
    process.communicate()


def wait_for_commits(process: subprocess.Popen[str], n: int, timeout: float = 60.0) -> None:
    """Block until the writer has printed ``n`` finished commits."""
    assert process.stdout is not None
    deadline = time.monotonic() + timeout
    done = 0
    while done < n and time.monotonic() < deadline:
        if process.stdout.readline():
            done += 1
    assert done >= n, "the writer did not commit in time"


def state(store: Store) -> int:
    """The number of whole changesets ``store`` holds (-1: none); fails on any half one."""
    values = [int(row[0].value) for row in store.query(  # type: ignore[union-attr]
        f"SELECT ?v WHERE {{ <{COUNTER}> <{VALUE}> ?v }}"
    )]
    groups: dict[int, int] = {}
    for row in store.query(f"SELECT ?s WHERE {{ ?s <{LABEL}> ?l }}"):
        iri = row[0].value  # type: ignore[union-attr]
        if iri.startswith("https://example.org/item/"):
            k = int(iri.split("/")[-2])
            groups[k] = groups.get(k, 0) + 1
    history = list(store.query(
        "SELECT ?c WHERE { ?c a ?t }", dataset=Dataset((HISTORY_GRAPH,))
    ))
    if not values:
        assert groups == {} and history == []
        return -1
    assert len(values) == 1, f"several counter values: {values}"
    n = values[0]
    assert groups == dict.fromkeys(range(n + 1), ITEMS), f"counter {n}, groups {groups}"
    assert len({row[0] for row in history}) == n + 1
    return n


def quads(store: ox.Store) -> set[ox.Quad]:
    return set(store.quads_for_pattern(None, None, None, None))


def kill_cli_after(delay: float, *arguments: str) -> bool:
    """Start ``tomgraph ARGUMENTS`` in a process of its own and SIGKILL it after ``delay``
    seconds; whether it was still running then (a kill that came after the end proves
    nothing)."""
    process = subprocess.Popen(
        [sys.executable, "-m", "tomgraph.cli", *arguments],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env(),
    )
    time.sleep(delay)
    running = process.poll() is None
    process.send_signal(signal.SIGKILL)
    process.wait()
    return running

"""The server closes the store it opened as it stops, so a store on disk is flushed and the
files it keeps for validation (edits followed) become trustworthy to other processes."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest

import tomgraph
from tomgraph.namespaces import MODEL_GRAPH
from tomgraph.store import EmbeddedStore
from tomgraph.web import create_app
from tomgraph.web.current import close_store

EDIT = ox.Quad(ox.NamedNode("https://example.org/new"),
               ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label"), ox.Literal("New"),
               ox.NamedNode(MODEL_GRAPH))


@pytest.fixture
def directory(example_directory: Path) -> Path:
    return example_directory


def test_closing_the_apps_own_store_makes_its_followed_edits_durable(directory: Path) -> None:
    app = create_app({"STORE_PATH": str(directory)})
    app.extensions["tomgraph"].apply([EDIT])
    with EmbeddedStore(directory, read_only=True) as reader:
        assert reader.current_replica() is None, "not flushed yet"
    close_store(app)
    with EmbeddedStore(directory, read_only=True) as reader:
        assert reader.current_replica() is not None


def test_a_store_handed_to_the_app_is_left_open(directory: Path) -> None:
    with EmbeddedStore(directory) as store:
        close_store(create_app(store=store))
        assert store.count(MODEL_GRAPH) > 0


SERVE = """
import sys
import pyoxigraph as ox
from tomgraph.web import create_app
from tomgraph.web.current import close_store
from tomgraph.web.server import serve
app = create_app({"STORE_PATH": sys.argv[1]})
app.extensions["tomgraph"].apply([ox.Quad(ox.NamedNode("https://example.org/new"),
    ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label"), ox.Literal("New"),
    ox.NamedNode("https://w3id.org/tomgraph/graph/model"))])
serve(app, port=0, announce=lambda url: print(url, flush=True))
"""


@pytest.mark.slow
def test_a_server_stopped_with_sigterm_closes_its_store(directory: Path) -> None:
    src = str(Path(tomgraph.__file__).resolve().parents[1])
    env = {**os.environ, "PYTHONPATH": src + os.pathsep + os.environ.get("PYTHONPATH", "")}
    with subprocess.Popen([sys.executable, "-c", SERVE, str(directory)], env=env,
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) as server:
        try:
            assert server.stdout is not None and server.stderr is not None
            announced = server.stdout.readline()
            assert announced.startswith("http://127.0.0.1:"), server.stderr.read()[-2000:]
            server.send_signal(signal.SIGTERM)
            assert server.wait(timeout=60) == 0
        finally:
            if server.poll() is None:
                server.kill()
    with EmbeddedStore(directory, read_only=True) as reader:
        assert reader.current_replica() is not None
        assert reader.count(MODEL_GRAPH) > 0

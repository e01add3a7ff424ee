"""Stores of each backend for the parametrised ``backend_store`` / ``backend_example_store``
fixtures: embedded in memory, or a remote store on one of the session's live servers
(``oxigraph serve``, and Virtuoso for the store contract), emptied first so each test starts
clean. tests/conftest.py makes the fixtures every area uses; the store contract makes its own
over more backends with :func:`store_fixtures`."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any

import pytest

from tomgraph.store import EmbeddedStore, Store, load_bundled

BACKENDS = ["embedded", "remote"]
"""Store backends the parametrised fixtures run over ("remote": a live ``oxigraph serve``)."""

SERVERS = {"remote": "oxigraph_server", "virtuoso": "virtuoso_server"}
"""The session fixture of the server each remote backend talks to."""


def open_backend(request: pytest.FixtureRequest, backend: str,
                 quirks: Mapping[str, str] | None = None) -> Store:
    """An empty store of ``backend``. ``quirks`` names the tests Virtuoso is known to fail
    (test name -> why): those are marked as strict expected failures on Virtuoso."""
    if backend == "embedded":
        return EmbeddedStore()
    if backend not in SERVERS:
        raise ValueError(f"unknown backend {backend}")
    if backend == "virtuoso" and quirks:
        node = request.node
        reason = quirks.get(node.name) or quirks.get(node.originalname)
        if reason:
            node.add_marker(pytest.mark.xfail(reason=reason, strict=True))
    from tomgraph.store.remote import RemoteStore

    server = request.getfixturevalue(SERVERS[backend])
    update = getattr(server, "update_url", server.query_url)
    store = RemoteStore(server.query_url, update_endpoint=update, gsp_endpoint=server.store_url)
    store.clear()
    return store


def store_fixtures(backends: Sequence[str],
                   quirks: Mapping[str, str] | None = None) -> tuple[Any, Any]:
    """The ``backend_store`` (empty) and ``backend_example_store`` (ontology, shapes and
    example programme) fixtures, parametrised over ``backends``."""

    def make(name: str, bundled: bool) -> Any:
        @pytest.fixture(params=list(backends), name=name)
        def fixture(request: pytest.FixtureRequest) -> Iterator[Store]:
            store = open_backend(request, request.param, quirks)
            if bundled:
                load_bundled(store)
            yield store
            store.close()

        return fixture

    return make("backend_store", False), make("backend_example_store", True)

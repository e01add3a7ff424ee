"""Fixtures for the remote backend's own tests: a clean RemoteStore on the session's server."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from oxigraph_server import OxigraphServer
from remote_helpers import FAST_RETRY

from tomgraph.store.remote import RemoteStore


@pytest.fixture
def remote_store(oxigraph_server: OxigraphServer) -> Iterator[RemoteStore]:
    """An empty RemoteStore with all three endpoints (query, update, graph store)."""
    store = RemoteStore(
        oxigraph_server.query_url,
        update_endpoint=oxigraph_server.update_url,
        gsp_endpoint=oxigraph_server.store_url,
        retry=FAST_RETRY,
    )
    store.clear()
    yield store
    store.close()

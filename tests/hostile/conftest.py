"""Fixtures for hostile-input tests: one app over the example plus a hostile model.

Hypothesis runs a bounded number of examples per test (see ``hostile_settings``) so the
whole area stays within seconds; raise ``HYPOTHESIS_PROFILE=thorough`` for a longer hunt.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from hypothesis import HealthCheck, settings

from tomgraph.store import EmbeddedStore, load_bundled
from tomgraph.web import create_app
from tomgraph.web.endpoint import shutdown

HERE = Path(__file__).parent

settings.register_profile(
    "hostile", max_examples=60, deadline=None, derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
settings.register_profile(
    "thorough", max_examples=2000, deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "hostile"))


@pytest.fixture(scope="module")
def hostile_store() -> Iterator[EmbeddedStore]:
    """The ontology, shapes and example programme plus ``hostile.ttl``'s booby-trapped data."""
    store = EmbeddedStore()
    load_bundled(store)
    store.load_files([HERE / "hostile.ttl"])
    yield store
    store.close()


@pytest.fixture(scope="module")
def app(hostile_store: EmbeddedStore) -> Iterator[Flask]:
    """The app over :func:`hostile_store`; queries in one killable worker process."""
    app = create_app({"TESTING": True, "QUERY_WORKERS": 1, "QUERY_TIMEOUT": 5.0,
                      "ACCESS_LOG": False}, store=hostile_store)
    yield app
    shutdown(app)

"""Fixtures for health, metrics, access log and rate limit: apps over small real stores."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from flask import Flask

from tomgraph.store import Store, example_store
from tomgraph.web import create_app
from tomgraph.web.endpoint import shutdown


@pytest.fixture
def make_app() -> Iterator[Callable[..., Flask]]:
    """Build apps (queries inline unless ``QUERY_WORKERS`` is given); all stopped after."""
    apps: list[Flask] = []

    def build(store: Store | None = None, **config: Any) -> Flask:
        settings: dict[str, Any] = {"TESTING": True, "QUERY_WORKERS": 0}
        settings.update(config)
        app = create_app(settings, store=store if store is not None else example_store())
        apps.append(app)
        return app

    yield build
    for app in apps:
        shutdown(app)

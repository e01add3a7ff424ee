"""The app factory registers every area's blueprint by name, and a missing one stops it."""

from __future__ import annotations

import sys

import pytest

import tomgraph.web
from tomgraph.store import EmbeddedStore
from tomgraph.web import create_app

AREAS = {"caching", "endpoint", "pages", "views", "ops", "auth", "editing"}


def test_every_area_has_its_blueprint_registered():
    with EmbeddedStore() as store:
        app = create_app({"TESTING": True, "QUERY_WORKERS": 0}, store=store)
    assert AREAS <= set(app.blueprints)


def test_an_area_that_cannot_be_imported_fails_the_app_loudly(monkeypatch):
    # None in sys.modules makes "import tomgraph.web.ops" raise ImportError, as a missing
    # module would; the factory must not skip it and serve an app without that area.
    monkeypatch.setitem(sys.modules, "tomgraph.web.ops", None)
    monkeypatch.delattr(tomgraph.web, "ops", raising=False)
    with EmbeddedStore() as store, pytest.raises(ImportError):
        create_app({"TESTING": True, "QUERY_WORKERS": 0}, store=store)

"""The store of the app handling the current request, for every blueprint to read.

It lives apart from :mod:`tomgraph.web.app` because the app factory imports the blueprints:
blueprints that imported the factory's module back would make a loop of imports.
"""

from __future__ import annotations

from flask import current_app

from ..store import Store


def get_store() -> Store:
    """The store of the app handling the current request."""
    store: Store = current_app.extensions["tomgraph"]
    return store

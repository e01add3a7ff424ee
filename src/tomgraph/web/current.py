"""The store of the app handling the current request, for every blueprint to read.

It lives apart from :mod:`tomgraph.web.app` because the app factory imports the blueprints:
blueprints that imported the factory's module back would make a loop of imports.
"""

from __future__ import annotations

from flask import Flask, current_app

from ..store import Store


def get_store() -> Store:
    """The store of the app handling the current request."""
    store: Store = current_app.extensions["tomgraph"]
    return store


def close_store(app: Flask) -> None:
    """Close the store the app opened itself (not one handed to :func:`create_app`), as the
    server stops: a store on disk is flushed, which also makes the files it keeps for
    validation trustworthy to other processes (see ``store/file_replica.py``)."""
    if app.extensions.get("tomgraph.owns_store"):
        app.extensions["tomgraph"].close()

"""The resource a page is asked about: its ``?iri=`` argument, checked once for every page."""

from __future__ import annotations

import pyoxigraph as ox
from flask import abort, request


def requested_iri(missing: str | None = None) -> ox.NamedNode:
    """The ``iri`` query argument as a named node; a 400 page saying so when it is not an IRI,
    or, with ``missing`` (what to give), when it is absent."""
    iri = request.args.get("iri", "").strip()
    if missing and not iri:
        abort(400, missing)
    try:
        return ox.NamedNode(iri)
    except ValueError:
        abort(400, f"Not an IRI: {iri}")

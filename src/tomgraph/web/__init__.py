"""tomgraph's web application: a SPARQL 1.1 endpoint and a browser for the graph."""

from .app import create_app

__all__ = ["create_app"]

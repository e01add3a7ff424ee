"""The RDF term type every backend speaks, in a module of its own.

It lives apart from :mod:`tomgraph.store.base` so that the result writers
(:mod:`tomgraph.store.serialize`), which the interface uses, can name it without importing
the interface back.
"""

from __future__ import annotations

from pyoxigraph import BlankNode, Literal, NamedNode, Triple

Term = NamedNode | BlankNode | Literal | Triple
"""An RDF term as pyoxigraph models it: the term type shared by every backend."""

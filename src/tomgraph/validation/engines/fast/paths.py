"""SHACL property paths as SPARQL 1.1 property path expressions.

Every SHACL path form (SHACL 2.3.1) has an exact SPARQL counterpart, so a property shape's
value nodes are one triple pattern the store evaluates natively.
"""

from __future__ import annotations

import pyoxigraph as ox

from ....store import Term
from .shapes import ShapesGraph, sh
from .unsupported import Unsupported

_UNARY = {"inversePath": "^{}", "zeroOrMorePath": "{}*", "oneOrMorePath": "{}+",
          "zeroOrOnePath": "{}?"}


def sparql_path(shapes: ShapesGraph, path: Term, depth: int = 0) -> str:
    """The SPARQL property path for the SHACL path node ``path``."""
    if depth > 50:
        raise Unsupported("a property path nested more than 50 levels deep")
    if isinstance(path, ox.NamedNode):
        return str(path)
    if not isinstance(path, ox.BlankNode):
        raise Unsupported(f"a property path that is a literal: {path}")
    members = shapes.items(path)
    if members:
        if len(members) < 2:
            raise Unsupported("a sequence path with fewer than two members")
        return "(" + " / ".join(sparql_path(shapes, m, depth + 1) for m in members) + ")"
    for key, template in _UNARY.items():
        inner = shapes.value(path, sh(key))
        if inner is not None:
            return "(" + template.format(sparql_path(shapes, inner, depth + 1)) + ")"
    alternatives = shapes.value(path, sh("alternativePath"))
    if alternatives is not None:
        options = shapes.items(alternatives)
        if len(options) < 2:
            raise Unsupported("an alternative path with fewer than two members")
        return "(" + " | ".join(sparql_path(shapes, m, depth + 1) for m in options) + ")"
    raise Unsupported(f"a property path the SHACL standard does not define: {path}")

"""Whether an input survives a trip through Oxigraph unchanged.

Oxigraph stores literals of XSD types as values and writes them back in canonical form:
``"4.0"^^xsd:decimal`` comes back as ``"4"``, ``"1"^^xsd:boolean`` as ``"true"``, and derived
integer types such as ``xsd:byte`` come back as ``xsd:integer``. For a tomgraph model that is
harmless (every engine reads the same stored data), but a validator asked about the text a
person wrote (the W3C suite tests ill-formed and non-canonical literals on purpose) must
know when the store would answer about something else.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pyoxigraph as ox

from ...formats import guess_rdf_format


def rewritten_literals(paths: Sequence[Path]) -> list[ox.Literal]:
    """The literals in ``paths`` that Oxigraph would store in another form than written."""
    written: set[ox.Literal] = set()
    for path in paths:
        with open(path, "rb") as fh:
            base = Path(path).resolve().as_uri()
            for quad in ox.parse(fh, guess_rdf_format(path), base_iri=base):
                if isinstance(quad.object, ox.Literal):
                    written.add(quad.object)
    if not written:
        return []
    probe = ox.Store()
    subject, predicate = ox.NamedNode("urn:probe"), ox.NamedNode("urn:probe#value")
    probe.extend(ox.Quad(subject, predicate, lit) for lit in written)
    stored = {q.object for q in probe}
    return sorted((lit for lit in written if lit not in stored), key=str)

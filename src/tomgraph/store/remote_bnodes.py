"""Blank node labels some servers write in a form RDF parsers refuse.

OpenLink Virtuoso labels blank nodes in SPARQL results ``nodeID://b10001``; the SPARQL
results formats leave labels to the server, but Oxigraph's parser (like N-Triples) only
accepts ``PN_CHARS`` labels and stops at the ``:``. A label only has to be the same within one
result, so dropping the ``nodeID://`` prefix keeps every blank node apart and equal to itself.
"""

from __future__ import annotations

import re

_JSON = re.compile(rb'(?<!\\)"nodeID://')
_XML = re.compile(rb"<bnode>nodeID://")


def portable_bnodes(body: bytes) -> bytes:
    """``body`` (SPARQL JSON or XML results) with Virtuoso's ``nodeID://`` labels made plain."""
    if b"nodeID://" not in body:
        return body
    return _XML.sub(b"<bnode>", _JSON.sub(b'"', body))

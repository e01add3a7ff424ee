"""The one term type of tomgraph, and the one place N-Triples keys turn back into terms.

**Decision: pyoxigraph terms (``NamedNode``, ``BlankNode``, ``Literal``) travel from the store
up to the templates.** They are what both store backends already return, they are hashable and
compare by value, and they carry everything a reader needs (an IRI's value, a literal's text,
language and datatype) without a wrapper type to keep in step with them.

The validation engines are the one exception, for speed and engine neutrality: a
``ValidationResult`` spells its terms as N-Triples text (``<iri>``, ``"text"@en``, ``_:``),
which crosses process pipes as plain strings and compares across engines as sets. Those strings
are *keys*, not values to read: whoever needs the term behind one (a page wanting the bare IRI,
a report wanting a literal's text) converts it here, through :func:`from_nt`, and nowhere else.
"""

from __future__ import annotations

import re
from functools import lru_cache

from pyoxigraph import BlankNode, Literal, NamedNode, Triple

Term = NamedNode | BlankNode | Literal
"""An RDF term as tomgraph passes it around (triple terms never name a resource)."""

_ESCAPE = re.compile(r"\\(?:u([0-9A-Fa-f]{4})|U([0-9A-Fa-f]{8})|(.))", re.DOTALL)
_SIMPLE = {"t": "\t", "b": "\b", "n": "\n", "r": "\r", "f": "\f", '"': '"', "'": "'",
           "\\": "\\"}


def nt(term: NamedNode | BlankNode | Literal | Triple) -> str:
    """A term as validation results spell it (N-Triples; blank nodes as ``_:``)."""
    return "_:" if isinstance(term, BlankNode) else str(term)


@lru_cache(maxsize=65536)
def from_nt(text: str) -> Term:
    """The term an N-Triples key spells (the inverse of :func:`nt`; ``_:`` is a fresh blank
    node, since engines do not keep blank node ids)."""
    if text.startswith("<") and text.endswith(">"):
        return NamedNode(text[1:-1])
    if text.startswith("_:"):
        return BlankNode(text[2:]) if len(text) > 2 else BlankNode()
    if text.startswith('"'):
        end = text.rfind('"')
        if end > 0:
            body, tail = unescape_nt(text[1:end]), text[end + 1:]
            if tail.startswith("@"):
                return Literal(body, language=tail[1:])
            if tail.startswith("^^<") and tail.endswith(">"):
                return Literal(body, datatype=NamedNode(tail[3:-1]))
            return Literal(body)
    return Literal(text)


def iri_or_nt(text: str | None) -> str | None:
    """A key as people and JSON read it: the bare IRI of an IRI, other terms as N-Triples."""
    if text is None:
        return None
    return text[1:-1] if text.startswith("<") and text.endswith(">") else text


def unescape_nt(body: str) -> str:
    """The text of an N-Triples string literal's body: ``\\uXXXX``, ``\\UXXXXXXXX`` and the
    one-letter escapes decoded (an unknown escape is kept as written)."""
    if "\\" not in body:
        return body
    return _ESCAPE.sub(_decode, body)


def _decode(match: re.Match[str]) -> str:
    code = match[1] or match[2]
    return chr(int(code, 16)) if code else _SIMPLE.get(match[3], "\\" + match[3])

"""What the endpoint must refuse or rewrite in a query or update, read by the SPARQL layer.

pyoxigraph exposes no algebra, and rdflib's parser costs ~12 ms a query (more than most
queries take to run), so the endpoint reads tokens instead (:mod:`tomgraph.sparql`): only
real keywords count, never ``SERVICE`` inside a comment, a string literal or an IRI.
``\\u`` escapes are decoded first, as the SPARQL grammar (§19.2) does before parsing, so
``SERV\\u0049CE`` cannot slip through either.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from ...sparql.structure import parse
from ...sparql.tokens import Token, unescape


@dataclass(frozen=True)
class Scan:
    """What a query or update names, found token by token (never inside strings/comments).

    Read-only: the scan of a text is kept and handed to every request that sends it again."""

    text: str
    tokens: list[Token]
    prefixes: dict[str, str] = field(default_factory=dict)
    base: str | None = None
    service: bool = False
    load: bool = False
    with_or_using: bool = False
    from_graphs: list[str] = field(default_factory=list)
    from_named_graphs: list[str] = field(default_factory=list)
    #: Offsets (in ``text``) of each ``WHERE`` that ends a DELETE/INSERT template.
    modify_where: list[int] = field(default_factory=list)
    #: ``SELECT``, ``CONSTRUCT``, ``ASK``, ``DESCRIBE``, ``UPDATE`` or ``None``.
    form: str | None = None


def scan(sparql: str, *, base: str | None = None) -> Scan:
    """Scan a query or update: prologue, SERVICE, LOAD, FROM [NAMED], WITH/USING, WHERE."""
    return _scan(sparql, base)


@lru_cache(maxsize=256)
def _scan(sparql: str, base: str | None) -> Scan:
    """:func:`scan`, kept for the texts sent most recently (clients repeat their queries)."""
    query = parse(unescape(sparql))
    prologue = query.prologue(base)
    clauses = query.dataset_clauses(prologue)
    return Scan(
        text=query.text,
        tokens=query.tokens,
        prefixes=prologue.prefixes,
        base=prologue.base,
        service=query.has_keyword("SERVICE"),
        load=query.has_keyword("LOAD"),
        with_or_using=any(c.keyword != "FROM" and c.keyword != "FROM NAMED" for c in clauses),
        from_graphs=[c.iri for c in clauses if c.keyword == "FROM"],
        from_named_graphs=[c.iri for c in clauses if c.keyword == "FROM NAMED"],
        modify_where=query.modify_wheres(),
        form=query.form,
    )


def with_using(sparql: str, found: Scan, graphs: list[str], named_graphs: list[str]) -> str:
    """``sparql`` with USING / USING NAMED clauses placed before each Modify's WHERE.

    This is how the protocol's ``using-graph-uri`` / ``using-named-graph-uri`` reach an engine
    whose update API takes no dataset: the clauses mean exactly what the parameters mean.
    """
    clause = "".join(f"USING <{g}> " for g in graphs) + "".join(
        f"USING NAMED <{g}> " for g in named_graphs
    )
    text = found.text
    for offset in reversed(found.modify_where):
        text = text[:offset] + clause + text[offset:]
    return text

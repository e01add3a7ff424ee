"""Value-node tests of SHACL Core as SPARQL filter expressions.

Each function returns an expression that is true exactly when the value in ``v`` violates
the constraint. Errors in SPARQL evaluation (comparing a string with a number, casting an
ill-formed literal) are folded to "violates", which is what SHACL asks for.
"""

from __future__ import annotations

import pyoxigraph as ox

from ....namespaces import RDF, XSD
from ....store import Store, Term
from .unsupported import Unsupported


def casts_for(store: Store) -> frozenset[str]:
    """The well-formedness tests ``store`` can run: the datatypes its engine casts to."""
    return store.xsd_casts


def term(t: Term) -> str:
    """A term in SPARQL syntax (N-Triples is valid SPARQL for IRIs and literals)."""
    if isinstance(t, ox.BlankNode):
        raise Unsupported("a blank node as a constraint parameter")
    return str(t)


def datatype(v: str, dt: Term, casts: frozenset[str]) -> str:
    """Not a literal of ``dt``, or ill-formed for it (where the store can tell)."""
    if not isinstance(dt, ox.NamedNode):
        raise Unsupported("sh:datatype that is not an IRI")
    if dt.value == RDF + "langString":
        return f"!(isLiteral({v}) && lang({v}) != \"\")"
    wellformed = ""
    if dt.value in casts and dt.value != XSD + "string":
        wellformed = f" && COALESCE(isLiteral(<{dt.value}>(STR({v}))), false)"
    return f"!(isLiteral({v}) && sameTerm(datatype({v}), {term(dt)}){wellformed})"


_NODE_KINDS = {
    "IRI": "isIRI({v})",
    "BlankNode": "isBlank({v})",
    "Literal": "isLiteral({v})",
    "BlankNodeOrIRI": "(isBlank({v}) || isIRI({v}))",
    "BlankNodeOrLiteral": "(isBlank({v}) || isLiteral({v}))",
    "IRIOrLiteral": "(isIRI({v}) || isLiteral({v}))",
}


def node_kind(v: str, kind: Term) -> str:
    local = kind.value.removeprefix("http://www.w3.org/ns/shacl#") if isinstance(
        kind, ox.NamedNode) else ""
    if local not in _NODE_KINDS:
        raise Unsupported(f"sh:nodeKind {kind}")
    return "!" + _NODE_KINDS[local].format(v=v)


_COMPARISONS = {"minInclusive": ">=", "minExclusive": ">", "maxInclusive": "<=",
                "maxExclusive": "<"}


def value_range(v: str, which: str, bound: Term) -> str:
    """Not comparable with ``bound`` or on the wrong side of it."""
    if not isinstance(bound, ox.Literal):
        raise Unsupported(f"sh:{which} that is not a literal")
    return f"!COALESCE({v} {_COMPARISONS[which]} {term(bound)}, false)"


def length(v: str, which: str, limit: Term) -> str:
    """Blank nodes have no string form, so they always fail a length test."""
    op = "<" if which == "minLength" else ">"
    return f"(isBlank({v}) || STRLEN(STR({v})) {op} {_integer(limit, which)})"


def pattern(v: str, regex: Term, flags: Term | None) -> str:
    if not isinstance(regex, ox.Literal):
        raise Unsupported("sh:pattern that is not a literal")
    text = str(ox.Literal(regex.value))
    extra = f", {ox.Literal(flags.value)}" if isinstance(flags, ox.Literal) else ""
    return f"(isBlank({v}) || !REGEX(STR({v}), {text}{extra}))"


def language_in(v: str, tags: list[Term]) -> str:
    literals = [t for t in tags if isinstance(t, ox.Literal)]
    if len(literals) != len(tags):
        raise Unsupported("sh:languageIn with a member that is not a literal")
    # Negations written out one by one (De Morgan): Virtuoso 7 evaluates !(a || b) wrongly.
    misses = " && ".join(f"!langMatches(lang({v}), {ox.Literal(t.value)})" for t in literals)
    return f"(!isLiteral({v}) || ({misses or 'true'}))"


def member_of(v: str, members: list[Term]) -> str:
    """SHACL's ``sh:in`` compares RDF terms, not values: ``sameTerm``, never ``=``. Written
    as one negation per member, not ``!(… || …)``, which Virtuoso 7 evaluates wrongly."""
    misses = " && ".join(f"!sameTerm({v}, {term(m)})" for m in members)
    return f"({misses or 'true'})"


def _integer(limit: Term, what: str) -> int:
    try:
        return int(limit.value)  # type: ignore[union-attr]
    except (AttributeError, ValueError):
        raise Unsupported(f"sh:{what} that is not an integer") from None


def integer(limit: Term, what: str) -> int:
    """An integer parameter (counts, lengths)."""
    return _integer(limit, what)

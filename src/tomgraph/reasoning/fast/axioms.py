"""The ontology's axioms as small Python values, read from the store for the compiler.

Only what the fast engine can compile is modelled; anything else (an ``allValuesFrom``, a
complex superclass, a key) raises :class:`Unsupported`, so a run either gives exactly what
HermiT would or refuses clearly, never a silent subset.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from pyoxigraph import BlankNode, NamedNode

from ...store.base import Term

OWL = "http://www.w3.org/2002/07/owl#"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"


class Unsupported(Exception):
    """An axiom the fast engine cannot compile (HermiT still can)."""


@dataclass(frozen=True)
class Named:
    iri: str


@dataclass(frozen=True)
class And:
    parts: tuple[ClassExpr, ...]


@dataclass(frozen=True)
class Or:
    parts: tuple[ClassExpr, ...]


@dataclass(frozen=True)
class Not:
    part: ClassExpr


@dataclass(frozen=True)
class Some:
    prop: str
    filler: ClassExpr


@dataclass(frozen=True)
class Value:
    prop: str
    value: Term


@dataclass(frozen=True)
class OneOf:
    members: tuple[Term, ...]


ClassExpr = Named | And | Or | Not | Some | Value | OneOf


@dataclass
class Axioms:
    """What the compiler needs from the ontology."""

    definitions: list[tuple[str, ClassExpr]] = field(default_factory=list)
    superclasses: list[tuple[str, str]] = field(default_factory=list)
    inverses: list[tuple[str, str]] = field(default_factory=list)
    subproperties: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    chains: list[tuple[str, tuple[str, ...]]] = field(default_factory=list)
    domains: list[tuple[str, str]] = field(default_factory=list)  # (property, class)
    ranges: list[tuple[str, str]] = field(default_factory=list)
    transitive: list[str] = field(default_factory=list)
    symmetric: list[str] = field(default_factory=list)

    def subproperties_of(self, prop: str) -> set[str]:
        """``prop`` and every property below it, however deep."""
        found, todo = {prop}, [prop]
        while todo:
            for sub in self.subproperties.get(todo.pop(), ()):
                if sub not in found:
                    found.add(sub)
                    todo.append(sub)
        return found


def read_axioms(rows: Iterable[tuple[Term, Term, Term]]) -> Axioms:
    """Build :class:`Axioms` from the rows of ``axioms.rq`` (subject, predicate, object)."""
    by_subject: dict[Term, dict[str, list[Term]]] = defaultdict(lambda: defaultdict(list))
    top: list[tuple[Term, str, Term]] = []
    for subject, predicate, value in rows:
        by_subject[subject][predicate.value].append(value)  # type: ignore[union-attr]
        if isinstance(subject, NamedNode):
            top.append((subject, predicate.value, value))  # type: ignore[union-attr]
    parser = _Parser(by_subject)
    axioms = Axioms()
    for s, p, o in top:
        if p == OWL + "equivalentClass":
            axioms.definitions.append((s.value, parser.expr(o)))  # type: ignore[union-attr]
        elif p == RDFS + "subClassOf":
            if not isinstance(o, NamedNode):
                raise Unsupported(f"a superclass that is a class expression, on {s}")
            axioms.superclasses.append((s.value, o.value))  # type: ignore[union-attr]
        elif p == OWL + "inverseOf" and isinstance(o, NamedNode):
            axioms.inverses.append((s.value, o.value))  # type: ignore[union-attr]
        elif p == RDFS + "subPropertyOf" and isinstance(o, NamedNode):
            axioms.subproperties[o.value].add(s.value)  # type: ignore[union-attr]
        elif p == RDFS + "domain" and isinstance(o, NamedNode):
            axioms.domains.append((s.value, o.value))  # type: ignore[union-attr]
        elif p == RDFS + "range" and isinstance(o, NamedNode) and _is_class(o.value):
            axioms.ranges.append((s.value, o.value))  # type: ignore[union-attr]
        elif p in (RDFS + "domain", RDFS + "range") and not isinstance(o, NamedNode):
            raise Unsupported(f"a {p.removeprefix(RDFS)} that is a class expression, on {s}")
        elif p == OWL + "propertyChainAxiom":
            chain = tuple(parser.iri(m) for m in parser.items(o))
            axioms.chains.append((s.value, chain))  # type: ignore[union-attr]
        elif p == RDF + "type" and o.value == OWL + "TransitiveProperty":  # type: ignore[union-attr]
            axioms.transitive.append(s.value)  # type: ignore[union-attr]
        elif p == RDF + "type" and o.value == OWL + "SymmetricProperty":  # type: ignore[union-attr]
            axioms.symmetric.append(s.value)  # type: ignore[union-attr]
        elif p in (OWL + "hasKey", OWL + "sameAs", OWL + "equivalentProperty"):
            raise Unsupported(f"{p.removeprefix(OWL)} on {s}")
        elif p == RDF + "type" and o.value == OWL + "ReflexiveProperty":  # type: ignore[union-attr]
            raise Unsupported(f"a reflexive property, {s}")
    return axioms


def _is_class(iri: str) -> bool:
    """Whether a range names a class of individuals rather than a datatype."""
    return not iri.startswith("http://www.w3.org/2001/XMLSchema#") and iri != RDFS + "Literal"


class _Parser:
    """Class expressions and RDF lists out of the triples of their blank nodes."""

    def __init__(self, by_subject: dict[Term, dict[str, list[Term]]]) -> None:
        self._by = by_subject

    def items(self, node: Term) -> list[Term]:
        found: list[Term] = []
        while isinstance(node, BlankNode):
            props = self._by.get(node, {})
            found += props.get(RDF + "first", [])
            node = (props.get(RDF + "rest") or [NamedNode(RDF + "nil")])[0]
        return found

    @staticmethod
    def iri(node: Term) -> str:
        if not isinstance(node, NamedNode):
            raise Unsupported("an inverse-property expression (only named properties are)")
        return node.value

    def expr(self, node: Term) -> ClassExpr:
        if isinstance(node, NamedNode):
            return Named(node.value)
        props = self._by.get(node, {})

        def one(name: str) -> Term | None:
            values = props.get(OWL + name)
            return values[0] if values else None

        if (members := one("intersectionOf")) is not None:
            return And(tuple(self.expr(m) for m in self.items(members)))
        if (members := one("unionOf")) is not None:
            return Or(tuple(self.expr(m) for m in self.items(members)))
        if (part := one("complementOf")) is not None:
            return Not(self.expr(part))
        if (members := one("oneOf")) is not None:
            return OneOf(tuple(self.items(members)))
        prop = one("onProperty")
        if prop is not None:
            if (filler := one("someValuesFrom")) is not None:
                return Some(self.iri(prop), self.expr(filler))
            if (value := one("hasValue")) is not None:
                return Value(self.iri(prop), value)
        raise Unsupported(f"the class expression {node} ({', '.join(sorted(props))})")

"""The ontology's axioms compiled to SPARQL updates that a fixpoint loop runs in the store.

Each rule is a SPARQL 1.1 ``INSERT … USING … WHERE`` from an ``.rq`` template beside this
module: it reads the reasoned graphs plus the working graph and adds only what is not
entailed yet, so the loop stops when a whole round adds nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from importlib.resources import files
from itertools import count

from pyoxigraph import NamedNode

from .axioms import (
    OWL,
    RDFS,
    And,
    Axioms,
    ClassExpr,
    Named,
    Not,
    OneOf,
    Or,
    Some,
    Unsupported,
    Value,
)

CLOSED_PROPERTIES = frozenset(
    {
        "https://w3id.org/tomgraph/ontology#realisedBy",
        "https://w3id.org/tomgraph/ontology#childCapability",
    }
)
"""Properties whose absence on a capability counts as "none": the HermiT worker closes the
world the same way (``max 0`` on capabilities without values), which is what makes
``complementOf (p some C)`` decidable here."""


@cache
def template(name: str) -> str:
    """The text of ``NAME.rq`` in this package."""
    return (files(__package__) / f"{name}.rq").read_text(encoding="utf-8")


def fill(name: str, **slots: str) -> str:
    text = template(name)
    for key, value in slots.items():
        text = text.replace("{{" + key + "}}", value)
    return text


@dataclass
class Rules:
    """The updates of one round, and the class hierarchy they start from."""

    updates: list[tuple[str, str]] = field(default_factory=list)  # (name, SPARQL update)
    hierarchy: list[tuple[str, str]] = field(default_factory=list)  # (subclass, superclass)
    typing_from: int = 0
    definitions_from: int = 0
    reads: dict[str, set[str]] = field(default_factory=dict)  # defined class: classes read


def compile_rules(axioms: Axioms, graphs: tuple[str, ...], work: str) -> Rules:
    """Every rule of the ontology, reading ``graphs`` and ``work`` and writing ``work``."""
    using = "\n".join(f"USING <{g}>" for g in (*graphs, work))
    using_named = using + "\n" + "\n".join(f"USING NAMED <{g}>" for g in (*graphs, work))
    rules = Rules()
    compiler = _Compiler(axioms)
    if axioms.inverses or axioms.symmetric:
        rules.updates.append(("inverses", fill("inverses", WORK=work, USING=using)))
    for prop in axioms.symmetric:
        rules.updates.append(_property_rule("symmetric", prop, f"?z <{prop}> ?x .", work, using))
    for prop in axioms.transitive:
        pattern = f"?x <{prop}> ?y . ?y <{prop}>+ ?z ."
        rules.updates.append(_property_rule("transitive", prop, pattern, work, using))
    for prop, chain in axioms.chains:
        variables = ["?x", *(f"?v{i}" for i in range(1, len(chain))), "?z"]
        pattern = " ".join(
            f"{variables[i]} {compiler.path(p)} {variables[i + 1]} ." for i, p in enumerate(chain)
        )
        rules.updates.append(_property_rule("chain", prop, pattern, work, using))
    # Only the rules above add property values: run them to a fixpoint first, then the
    # typing rules once (``typing_from``), then the definitions, which only add types.
    rules.typing_from = len(rules.updates)
    by_class: dict[str, list[str]] = {}
    for prop, cls in axioms.domains:
        by_class.setdefault(cls, []).append(f"{{ ?x {compiler.path(prop)} ?y }}")
    for prop, cls in axioms.ranges:
        by_class.setdefault(cls, []).append(
            f"{{ ?y {compiler.path(prop)} ?x FILTER (!isLITERAL(?x)) }}"
        )
    for cls, alternatives in sorted(by_class.items()):
        if cls == OWL + "Thing":
            continue
        pattern = " UNION ".join(alternatives)
        rules.updates.append(
            (f"typing {cls}", fill("typing-rule", WORK=work, USING=using, CLASS=cls,
                                   PATTERN=pattern))
        )
    rules.definitions_from = len(rules.updates)
    for cls, expr in axioms.definitions:
        for named in _named_conjuncts(expr):
            rules.hierarchy.append((cls, named))
        if isinstance(expr, Named):
            rules.hierarchy.append((expr.iri, cls))
        pattern = compiler.pattern(expr, "?x")
        rules.reads[cls] = set(_named_anywhere(expr))
        rules.updates.append(
            (f"defined {cls}", fill("defined-class", WORK=work, USING=using_named,
                                    CLASS=cls, PATTERN=pattern))
        )
    return rules


def hierarchy_update(rules: Rules, work: str) -> str:
    """``INSERT DATA`` of the subclass links the definitions imply."""
    body = "\n".join(
        f"<{sub}> <{RDFS}subClassOf> <{sup}> ." for sub, sup in rules.hierarchy if sub != sup
    )
    return f"INSERT DATA {{ GRAPH <{work}> {{\n{body}\n}} }}"


def _property_rule(axiom: str, prop: str, pattern: str, work: str, using: str) -> tuple[str, str]:
    text = fill("property-rule", WORK=work, USING=using, PROPERTY=prop, AXIOM=axiom,
                PATTERN=pattern)
    return (f"{axiom} {prop}", text)


def _named_conjuncts(expr: ClassExpr) -> list[str]:
    if isinstance(expr, Named):
        return [expr.iri] if expr.iri != OWL + "Thing" else []
    if isinstance(expr, And):
        return [n for part in expr.parts for n in _named_conjuncts(part) if isinstance(part, Named)]
    return []


def _named_anywhere(expr: ClassExpr) -> list[str]:
    """Every named class a definition's members are tested against."""
    if isinstance(expr, Named):
        return [expr.iri]
    if isinstance(expr, And | Or):
        return [n for part in expr.parts for n in _named_anywhere(part)]
    if isinstance(expr, Some):
        return _named_anywhere(expr.filler)
    if isinstance(expr, Not):
        return _named_anywhere(expr.part)
    return []


class _Compiler:
    """Class expressions to SPARQL graph patterns that bind a given variable to members."""

    def __init__(self, axioms: Axioms) -> None:
        self._axioms = axioms
        self._fresh = count(1)

    def path(self, prop: str) -> str:
        """``prop`` or any of its sub-properties, as a SPARQL property path."""
        props = sorted(self._axioms.subproperties_of(prop))
        if len(props) == 1:
            return f"<{props[0]}>"
        return "(" + "|".join(f"<{p}>" for p in props) + ")"

    def pattern(self, expr: ClassExpr, var: str) -> str:
        if isinstance(expr, Named):
            if expr.iri == OWL + "Thing":
                return ""
            return f"{var} a/rdfs:subClassOf* <{expr.iri}> ."

        if isinstance(expr, And):
            # Named classes first: they bind the variable from the smallest index.
            parts = sorted(expr.parts, key=lambda p: not isinstance(p, Named))
            return "\n".join(self.pattern(p, var) for p in parts)
        if isinstance(expr, Or):
            return " UNION ".join("{ " + self.pattern(p, var) + " }" for p in expr.parts)
        if isinstance(expr, Some):
            inner = f"?v{next(self._fresh)}"
            return f"{var} {self.path(expr.prop)} {inner} .\n" + self.pattern(expr.filler, inner)
        if isinstance(expr, Value):
            return f"{var} {self.path(expr.prop)} {_term(expr.value)} ."
        if isinstance(expr, OneOf):
            return f"VALUES {var} {{ {' '.join(_term(m) for m in expr.members)} }}"
        if isinstance(expr, Not) and isinstance(expr.part, Some):
            if expr.part.prop not in CLOSED_PROPERTIES:
                raise Unsupported(
                    f"complementOf on {expr.part.prop}, whose values are not closed"
                )
            inner = f"?v{next(self._fresh)}"
            return f"FILTER NOT EXISTS {{ {var} {self.path(expr.part.prop)} {inner} }}"
        raise Unsupported(f"the class expression {expr}")


def _term(term: object) -> str:
    if isinstance(term, NamedNode):
        return f"<{term.value}>"
    return str(term)

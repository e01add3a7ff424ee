"""SHACL Core shapes compiled to SPARQL: one :class:`Check` per constraint.

Value-node constraints become FILTERs over the shape's value nodes; shape-based constraints
(``sh:node``, ``sh:not``, ``sh:and``, ``sh:or``, ``sh:xone``, qualified shapes) nest the
referenced shape's own checks inside ``EXISTS``; counts use pairwise-distinct patterns when
small and GROUP BY at the top level otherwise. Anything else raises :class:`Unsupported` so
that the shape goes to the reference engine instead of being answered differently.
"""

from __future__ import annotations

import pyoxigraph as ox

from ....store import Term
from ..reports import severity_of
from ..terms import ox_nt
from .checks import Check, Pattern
from .components import COMPONENTS, HANDLED, ShapeChecks
from .paths import sparql_path
from .shapes import ShapesGraph, sh
from .sparql_constraints import SparqlCompiler
from .unsupported import Unsupported

MAX_PAIRWISE = 4
"""Up to this many distinct values are counted with a join; beyond it, GROUP BY."""


class Compiler:
    """Compiles the shapes of one shapes graph; fresh variable names per compiler."""

    def __init__(self, shapes: ShapesGraph, *, casts: frozenset[str]) -> None:
        self.g = shapes
        self.casts = casts
        self._fresh = 0
        self._active: list[Term] = []
        self.custom_parameters = self._custom_parameters()
        self.sparql = SparqlCompiler(self)

    def fresh(self, hint: str = "v") -> str:
        """A variable name no other part of the query uses.

        Names from ``fresh("k")`` are keys: they tell apart results SHACL counts separately
        (one per language tag, per pair of values, per path to a focus node), so they are
        projected even though they are not reported.
        """
        self._fresh += 1
        return f"?_{hint}{self._fresh}"

    # -- shape facts ------------------------------------------------------------------------
    def deactivated(self, shape: Term) -> bool:
        return self.g.is_true(shape, sh("deactivated"))

    def property_shapes(self, shape: Term) -> list[Term]:
        return [p for p in self.g.objects(shape, sh("property")) if not self.deactivated(p)]

    def path_of(self, shape: Term) -> str | None:
        path = self.g.value(shape, sh("path"))
        return None if path is None else sparql_path(self.g, path)

    def value_nodes(self, shape: Term, focus: str, value: str) -> str:
        """A pattern binding ``value`` to each value node of ``shape`` for ``focus``."""
        path = self.path_of(shape)
        return f"{focus} {path} {value} ." if path else f"BIND({focus} AS {value})"

    # -- nested use -------------------------------------------------------------------------
    def violation(self, shape: Term, x: str) -> str:
        """A SPARQL expression, true exactly when the node in ``x`` fails ``shape``."""
        if shape in self._active:
            raise Unsupported("recursive shapes (SHACL leaves their meaning undefined)")
        if self.deactivated(shape):
            return "false"
        self._active.append(shape)
        try:
            parts = []
            for check in self.checks(shape):
                if check.pattern is None:
                    raise Unsupported(f"{check.component} inside another shape")
                pattern = check.pattern(x, self.fresh(), self.fresh("p"))
                parts.append(f"EXISTS {{ {pattern} }}")
            for prop in self.property_shapes(shape):
                if self.g.is_property_shape(shape):
                    w = self.fresh("w")
                    inner = self.violation(prop, w)
                    parts.append(f"EXISTS {{ {self.value_nodes(shape, x, w)} FILTER({inner}) }}")
                else:
                    parts.append(self.violation(prop, x))
            return "(" + " || ".join(parts) + ")" if parts else "false"
        finally:
            self._active.pop()

    # -- the checks of one shape ------------------------------------------------------------
    def checks(self, shape: Term) -> list[Check]:
        """Every constraint of ``shape`` except ``sh:property`` (whose shapes report themselves).

        Each component in :data:`COMPONENTS` adds the checks for its parameters, in table order.
        """
        if self.deactivated(shape):
            return []
        self._refuse_unknown(shape)
        g = self.g
        path_node = g.value(shape, sh("path"))
        severity_node = g.value(shape, sh("severity"))
        severity_iri = severity_node.value if isinstance(severity_node, ox.NamedNode) else None
        severity = severity_of(severity_iri) if severity_iri else severity_of(sh("Violation").value)
        base = {
            "shape": shape,
            "result_path": ox_nt(path_node) if path_node is not None else None,
            "severity": severity,
            "severity_iri": None if severity_iri in (None, severity.iri) else severity_iri,
            "message": self.message(shape),
        }
        s = ShapeChecks(self, shape, g.is_property_shape(shape), base)
        for component in COMPONENTS:
            if s.is_property or not component.property_only:
                component.compile(self, s)
        return s.out

    # -- helpers the components share --------------------------------------------------------
    def any_violates(self, shapes: list[Term], v: str) -> str:
        return "(" + " || ".join(self.violation(s, v) for s in shapes) + ")" if shapes else "false"

    def all_violate(self, shapes: list[Term], v: str) -> str:
        return "(" + " && ".join(self.violation(s, v) for s in shapes) + ")" if shapes else "true"

    def not_exactly_one(self, shapes: list[Term], v: str) -> str:
        conforming = " + ".join(f"IF({self.violation(s, v)}, 0, 1)" for s in shapes) or "0"
        return f"(({conforming}) != 1)"

    def distinct_values(self, focus: str, path: str, k: int, test: str | None = None) -> str:
        """A join matching ``k`` pairwise-different values (each passing ``test``, if given)."""
        names = [self.fresh("c") for _ in range(k)]
        parts = [f"{focus} {path} {n} ." for n in names]
        if test:
            parts += [f"FILTER({test.format(v=n)})" for n in names]
        pairs = [f"!sameTerm({a}, {b})" for i, a in enumerate(names) for b in names[i + 1:]]
        if pairs:
            parts.append(f"FILTER({' && '.join(pairs)})")
        return " ".join(parts)

    def count(self, s: ShapeChecks, component: str, limit: int, above: bool,
              test: str | None = None) -> None:
        """Fewer than ``limit`` (or, ``above``, more than ``limit``) values passing ``test``."""
        path = self.path_of(s.shape)
        assert path is not None
        needed = limit + 1 if above else limit
        if not above and limit == 0:
            return
        pattern: Pattern | None = None
        if needed <= MAX_PAIRWISE:
            if above:
                def pattern(f: str, _v: str, _p: str) -> str:
                    return self.distinct_values(f, path, needed, test)
            else:
                def pattern(f: str, _v: str, _p: str) -> str:
                    return f"FILTER NOT EXISTS {{ {self.distinct_values(f, path, needed, test)} }}"

        def query(focus: str) -> str:
            v = self.fresh("n")
            cond = f" FILTER({test.format(v=v)})" if test else ""
            op = ">" if above else "<"
            return (f"SELECT ?this WHERE {{ {focus} OPTIONAL {{ ?this {path} {v} .{cond} }} }} "
                    f"GROUP BY ?this HAVING (COUNT(DISTINCT {v}) {op} {limit})")

        s.add(component, pattern, query=None if needed <= 2 else query, reports_value=False)

    # -- messages and guards ----------------------------------------------------------------
    def message(self, node: Term) -> str | None:
        """The ``sh:message`` to show: untagged first, then English, then any."""
        messages = [m for m in self.g.objects(node, sh("message")) if isinstance(m, ox.Literal)]
        for wanted in ("", "en"):
            for m in messages:
                if (m.language or "") == wanted:
                    return m.value
        return messages[0].value if messages else None

    def _custom_parameters(self) -> set[Term]:
        params: set[Term] = set()
        # Any node with sh:parameter declares a component (often through a subclass of
        # sh:ConstraintComponent, which the shapes graph alone cannot always tell).
        for (predicate, param), _subjects in self.g.by_object():
            if predicate == sh("parameter"):
                params.update(self.g.objects(param, sh("path")))
        return params

    def _refuse_unknown(self, shape: Term) -> None:
        for p in self.g.predicates(shape):
            if isinstance(p, ox.NamedNode) and p.value.startswith(sh("").value):
                if p.value.removeprefix(sh("").value) not in HANDLED:
                    raise Unsupported(f"{p} on a shape")
            if p in self.custom_parameters:
                raise Unsupported(f"a SPARQL-based constraint component with parameter {p}")

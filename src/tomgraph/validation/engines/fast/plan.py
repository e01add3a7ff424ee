"""From a shapes graph to the list of SPARQL queries one validation run executes.

Each targeted shape contributes one query per constraint, joined with the shape's focus
nodes; a property shape reached through ``sh:property`` takes its parent's value nodes as
its focus nodes. Shapes the compiler cannot handle are collected, not guessed at.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

import pyoxigraph as ox

from ....store import Term
from .checks import Check
from .compiler import Compiler
from .components import TYPE_PATH
from .shapes import ShapesGraph, sh
from .unsupported import Unsupported

Focus = Callable[[str], str]
"""``focus(var)`` → a pattern binding ``var`` to each focus node."""


@dataclass
class PlannedQuery:
    """One SELECT to run and the check whose results it returns."""

    check: Check
    sparql: str


@dataclass
class Plan:
    queries: list[PlannedQuery] = field(default_factory=list)
    fallback: dict[Term, str] = field(default_factory=dict)
    """Targeted shapes left to the reference engine, with the reason."""
    whole: set[str] = field(default_factory=set)
    """With ``only``: shapes (N-Triples) checked over every focus node, because their
    results may depend on other entities than the focus (SHACL-SPARQL, nested values)."""


def targets(g: ShapesGraph, shape: Term) -> Focus:
    """The union of a shape's targets (SHACL 2.1.3), subclasses included."""
    if g.has(shape, sh("target")):
        raise Unsupported("SHACL-AF custom targets (sh:target)")
    classes = [str(c) for c in g.objects(shape, sh("targetClass"))]
    if g.is_class(shape) and isinstance(shape, ox.NamedNode):
        classes.append(str(shape))
    if any(isinstance(n, ox.BlankNode) for n in g.objects(shape, sh("targetNode"))):
        raise Unsupported("a blank node as sh:targetNode")
    nodes = [str(n) for n in g.objects(shape, sh("targetNode"))]
    subjects_of = [str(p) for p in g.objects(shape, sh("targetSubjectsOf"))]
    objects_of = [str(p) for p in g.objects(shape, sh("targetObjectsOf"))]

    def focus(var: str) -> str:
        parts = [f"{var} {TYPE_PATH} {c} ." for c in sorted(set(classes))]
        if nodes:
            parts.append(f"VALUES {var} {{ {' '.join(nodes)} }}")
        parts += [f"{var} {p} [] ." for p in subjects_of]
        parts += [f"[] {p} {var} ." for p in objects_of]
        if len(parts) == 1:
            return parts[0]
        return " UNION ".join(f"{{ {p} }}" for p in parts)

    return focus


LOOKS_AT_VALUES = {
    f"{c}ConstraintComponent"
    for c in ("Node", "And", "Or", "Xone", "Not", "QualifiedMinCount", "QualifiedMaxCount",
              "QualifiedValueShape", "Property")
}
SIMPLE_PATH = re.compile(r"^\^?<[^<>\s]+>$")


def _restricted(focus: Focus, nodes: frozenset[str]) -> Focus:
    """``focus`` limited to ``nodes`` (N-Triples IRIs)."""
    values = " ".join(sorted(nodes)) or "<urn:tomgraph:none>"

    def limited(var: str) -> str:
        return f"VALUES {var} {{ {values} }} {{ {focus(var)} }}"

    return limited


class Planner:
    """Builds a :class:`Plan` for one shapes graph."""

    def __init__(
        self, g: ShapesGraph, *, casts: frozenset[str], only: frozenset[str] | None = None
    ) -> None:
        """``only`` (IRIs in N-Triples) limits the focus nodes of shapes whose results depend
        on the focus node's own statements and its values' types alone."""
        self.g = g
        self.compiler = Compiler(g, casts=casts)
        self.only = only
        self._nested = False

    def plan(self) -> Plan:
        plan = Plan()
        for shape in self.g.targeted_shapes():
            if self.compiler.deactivated(shape):
                continue
            queries: list[PlannedQuery] = []
            try:
                focus = targets(self.g, shape)
                if self.only is not None:
                    self._nested = False
                    self._emit(shape, _restricted(focus, self.only), queries, depth=0)
                    if self._nested or any(self._looks_beyond(q.check) for q in queries):
                        queries = []
                        self._emit(shape, focus, queries, depth=0)
                        plan.whole |= {str(q.check.shape) for q in queries} | {str(shape)}
                else:
                    self._emit(shape, focus, queries, depth=0)
            except Unsupported as exc:
                plan.fallback[shape] = str(exc)
                continue
            plan.queries += queries
        return plan

    def _looks_beyond(self, check: Check) -> bool:
        """Whether the check's result may depend on statements of nodes other than the focus
        (their types aside): SHACL-SPARQL, shapes applied to value nodes, long paths."""
        if check.query is not None or check.component in LOOKS_AT_VALUES:
            return True
        path = self.compiler.path_of(check.shape)
        return path is not None and not SIMPLE_PATH.match(path)

    def _emit(self, shape: Term, focus: Focus, out: list[PlannedQuery], depth: int) -> None:
        if depth > 20:
            raise Unsupported("property shapes nested more than 20 levels deep")
        for check in self.compiler.checks(shape):
            out.append(PlannedQuery(check, self._query(check, focus)))
        is_property = self.g.is_property_shape(shape)
        for prop in self.compiler.property_shapes(shape):
            inner = focus
            if is_property:
                self._nested = True
                inner = self._values_of(shape, focus)
            self._emit(prop, inner, out, depth + 1)

    def _values_of(self, shape: Term, focus: Focus) -> Focus:
        """The parent's value nodes as focus nodes, one per parent focus (SHACL counts each)."""

        def values(var: str) -> str:
            parent = self.compiler.fresh("k")
            body = f"{focus(parent)} {self.compiler.value_nodes(shape, parent, var)}"
            return f"{{ SELECT DISTINCT {' '.join([var, *keys(body)])} WHERE {{ {body} }} }}"

        return values

    def _query(self, check: Check, focus: Focus) -> str:
        if check.query is not None:
            return check.query(focus("?this"))
        pattern = check.top_pattern or check.pattern
        assert pattern is not None
        value = "?value" if check.reports_value else self.compiler.fresh()
        path = "?path" if check.dynamic_path else self.compiler.fresh("p")
        body = f"{focus('?this')} {pattern('?this', value, path)}"
        projected = ["?this", *(["?value"] if check.reports_value else []),
                     *(["?path"] if check.dynamic_path else []), *keys(body)]
        return f"SELECT DISTINCT {' '.join(projected)} WHERE {{ {body} }}"


def keys(text: str) -> list[str]:
    """The key variables (``Compiler.fresh("k")``) a pattern uses, to project them."""
    return sorted(set(re.findall(r"\?_k\d+", text)))

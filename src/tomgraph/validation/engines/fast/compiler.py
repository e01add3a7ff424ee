"""SHACL Core shapes compiled to SPARQL: one :class:`Check` per constraint.

Value-node constraints become FILTERs over the shape's value nodes; shape-based constraints
(``sh:node``, ``sh:not``, ``sh:and``, ``sh:or``, ``sh:xone``, qualified shapes) nest the
referenced shape's own checks inside ``EXISTS``; counts use pairwise-distinct patterns when
small and GROUP BY at the top level otherwise. Anything else raises :class:`Unsupported` so
that the shape goes to the reference engine instead of being answered differently.
"""

from __future__ import annotations

from collections.abc import Callable

import pyoxigraph as ox

from ....namespaces import RDF, RDFS
from ....store import Term
from ..reports import severity_of
from ..terms import ox_nt
from . import values
from .checks import Check, Pattern
from .paths import sparql_path
from .shapes import ShapesGraph, sh
from .unsupported import Unsupported

TYPE_PATH = f"<{RDF}type>/<{RDFS}subClassOf>*"

HANDLED = frozenset(
    "targetClass targetNode targetSubjectsOf targetObjectsOf path property node not and or "
    "xone class datatype nodeKind minCount maxCount minInclusive minExclusive maxInclusive "
    "maxExclusive minLength maxLength pattern flags languageIn uniqueLang equals disjoint "
    "lessThan lessThanOrEquals hasValue in closed ignoredProperties qualifiedValueShape "
    "qualifiedMinCount qualifiedMaxCount qualifiedValueShapesDisjoint sparql severity "
    "message deactivated name description group order defaultValue select prefixes declare".split()
)
"""The ``sh:`` properties of a shape the compiler understands; others mean "fall back"."""

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
        from .sparql_constraints import SparqlCompiler

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
        """Every constraint of ``shape`` except ``sh:property`` (whose shapes report themselves)."""
        if self.deactivated(shape):
            return []
        self._refuse_unknown(shape)
        g, out = self.g, []
        is_property = g.is_property_shape(shape)
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

        def add(component: str, pattern: Pattern | None, **extra: object) -> None:
            out.append(Check(component=component + "ConstraintComponent", pattern=pattern,
                             **{**base, **extra}))  # type: ignore[arg-type]

        def on_values(component: str, test: Callable[[str], str]) -> None:
            add(component, lambda f, v, _p: f"{self.value_nodes(shape, f, v)} FILTER({test(v)})")

        for c in g.objects(shape, sh("class")):
            cls = values.term(c)
            on_values("Class", lambda v, cls=cls: f"NOT EXISTS {{ {v} {TYPE_PATH} {cls} }}")  # type: ignore[misc]
            # At the top level an anti-join finds the instances once instead of per value.
            out[-1].top_pattern = lambda f, v, _p, cls=cls: (  # type: ignore[misc]
                f"{self.value_nodes(shape, f, v)} MINUS {{ {v} {TYPE_PATH} {cls} }}")
        for d in g.objects(shape, sh("datatype")):
            on_values("Datatype", lambda v, d=d: values.datatype(v, d, self.casts))  # type: ignore[misc]
        for k in g.objects(shape, sh("nodeKind")):
            on_values("NodeKind", lambda v, k=k: values.node_kind(v, k))  # type: ignore[misc]
        for which in ("minInclusive", "minExclusive", "maxInclusive", "maxExclusive"):
            for b in g.objects(shape, sh(which)):
                on_values(which[0].upper() + which[1:],
                          lambda v, w=which, b=b: values.value_range(v, w, b))  # type: ignore[misc]
        for which in ("minLength", "maxLength"):
            for n in g.objects(shape, sh(which)):
                on_values(which[0].upper() + which[1:],
                          lambda v, w=which, n=n: values.length(v, w, n))  # type: ignore[misc]
        flags = g.value(shape, sh("flags"))
        for p in g.objects(shape, sh("pattern")):
            on_values("Pattern", lambda v, p=p: values.pattern(v, p, flags))  # type: ignore[misc]
        for head in g.objects(shape, sh("languageIn")):
            tags = g.items(head)
            on_values("LanguageIn", lambda v, t=tags: values.language_in(v, t))  # type: ignore[misc]
        for head in g.objects(shape, sh("in")):
            members = g.items(head)
            on_values("In", lambda v, m=members: values.member_of(v, m))  # type: ignore[misc]
        for s2 in g.objects(shape, sh("node")):
            on_values("Node", lambda v, s2=s2: self.violation(s2, v))  # type: ignore[misc]
        for s2 in g.objects(shape, sh("not")):
            on_values("Not", lambda v, s2=s2: f"!{self.violation(s2, v)}")  # type: ignore[misc]
        for head in g.objects(shape, sh("and")):
            on_values("And", lambda v, h=head: self._any_violates(g.items(h), v))  # type: ignore[misc]
        for head in g.objects(shape, sh("or")):
            on_values("Or", lambda v, h=head: self._all_violate(g.items(h), v))  # type: ignore[misc]
        for head in g.objects(shape, sh("xone")):
            on_values("Xone", lambda v, h=head: self._not_exactly_one(g.items(h), v))  # type: ignore[misc]
        for h in g.objects(shape, sh("hasValue")):
            self._has_value(shape, values.term(h), add, is_property)
        for which in ("equals", "disjoint", "lessThan", "lessThanOrEquals"):
            for other in g.objects(shape, sh(which)):
                self._pair(shape, which, other, add)
        if is_property:
            self._counts(shape, add)
            if g.is_true(shape, sh("uniqueLang")):
                path = self.path_of(shape)

                def unique(f: str, _v: str, _p: str, path: str | None = path) -> str:
                    a, b, k = self.fresh("a"), self.fresh("b"), self.fresh("k")
                    return (f"{f} {path} {a} . {f} {path} {b} . FILTER(!sameTerm({a}, {b}) "
                            f"&& lang({a}) != \"\" && lang({a}) = lang({b})) "
                            f"BIND(lang({a}) AS {k})")

                add("UniqueLang", unique, reports_value=False)
            self._qualified(shape, add)
        if g.is_true(shape, sh("closed")):
            self._closed(shape, add)
        for constraint in g.objects(shape, sh("sparql")):
            out.extend(self.sparql.checks(shape, constraint, base))
        return out

    # -- components that need more than a filter ---------------------------------------------
    def _any_violates(self, shapes: list[Term], v: str) -> str:
        return "(" + " || ".join(self.violation(s, v) for s in shapes) + ")" if shapes else "false"

    def _all_violate(self, shapes: list[Term], v: str) -> str:
        return "(" + " && ".join(self.violation(s, v) for s in shapes) + ")" if shapes else "true"

    def _not_exactly_one(self, shapes: list[Term], v: str) -> str:
        conforming = " + ".join(f"IF({self.violation(s, v)}, 0, 1)" for s in shapes) or "0"
        return f"(({conforming}) != 1)"

    def _has_value(self, shape: Term, h: str, add: Callable[..., None], is_property: bool) -> None:
        if is_property:
            path = self.path_of(shape)
            add("HasValue", lambda f, _v, _p: f"FILTER NOT EXISTS {{ {f} {path} {h} }}",
                reports_value=False)
        else:
            add("HasValue", lambda f, _v, _p: f"FILTER(!sameTerm({f}, {h}))", reports_value=False)

    def _pair(self, shape: Term, which: str, other: Term, add: Callable[..., None]) -> None:
        if not isinstance(other, ox.NamedNode):
            raise Unsupported(f"sh:{which} with a value that is not an IRI")
        p2 = str(other)
        component = which[0].upper() + which[1:]
        path = self.path_of(shape)
        if which == "equals":
            # Two checks, each binding the focus itself: a UNION of sub-groups would not see it.
            add(component, lambda f, v, _p: f"{self.value_nodes(shape, f, v)} "
                f"FILTER NOT EXISTS {{ {f} {p2} {v} }}")
            if path:
                add(component, lambda f, v, _p: f"{f} {p2} {v} . "
                    f"FILTER NOT EXISTS {{ {f} {path} {v} }}")
            else:
                add(component, lambda f, v, _p: f"{f} {p2} {v} . FILTER(!sameTerm({f}, {v}))")
        elif which == "disjoint":
            add(component, lambda f, v, _p: f"{self.value_nodes(shape, f, v)} {f} {p2} {v} .")
        else:
            if not path:
                raise Unsupported(f"sh:{which} on a node shape")
            op = "<" if which == "lessThan" else "<="

            def less(f: str, v: str, _p: str) -> str:
                w = self.fresh("k")  # a key: one result per pair of values, as SHACL counts
                return f"{f} {path} {v} . {f} {p2} {w} . FILTER(!COALESCE({v} {op} {w}, false))"
            add(component, less)

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

    def _count(self, shape: Term, component: str, limit: int, above: bool,
               add: Callable[..., None], test: str | None = None) -> None:
        """Fewer than ``limit`` (or, ``above``, more than ``limit``) values passing ``test``."""
        path = self.path_of(shape)
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

        add(component, pattern, query=None if needed <= 2 else query,
            reports_value=False)

    def _counts(self, shape: Term, add: Callable[..., None]) -> None:
        for n in self.g.objects(shape, sh("minCount")):
            self._count(shape, "MinCount", values.integer(n, "minCount"), False, add)
        for n in self.g.objects(shape, sh("maxCount")):
            self._count(shape, "MaxCount", values.integer(n, "maxCount"), True, add)

    def _qualified(self, shape: Term, add: Callable[..., None]) -> None:
        q = self.g.value(shape, sh("qualifiedValueShape"))
        if q is None:
            return
        siblings: list[Term] = []
        if self.g.is_true(shape, sh("qualifiedValueShapesDisjoint")):
            for parent in self.g.subjects(sh("property"), shape):
                for other in self.g.objects(parent, sh("property")):
                    sibling = self.g.value(other, sh("qualifiedValueShape"))
                    if other != shape and sibling is not None and sibling not in siblings:
                        siblings.append(sibling)
        probe = "{v}"
        test = "!" + self.violation(q, probe)
        for sibling in siblings:
            test += " && " + self.violation(sibling, probe)
        test = test.replace("{", "{{").replace("}", "}}").replace("{{v}}", "{v}")
        for which, above in (("qualifiedMinCount", False), ("qualifiedMaxCount", True)):
            for n in self.g.objects(shape, sh(which)):
                component = "QualifiedMinCount" if not above else "QualifiedMaxCount"
                self._count(shape, component, values.integer(n, which), above, add, test)

    def _closed(self, shape: Term, add: Callable[..., None]) -> None:
        allowed = [str(p) for prop in self.g.objects(shape, sh("property"))
                   for p in self.g.objects(prop, sh("path")) if isinstance(p, ox.NamedNode)]
        for head in self.g.objects(shape, sh("ignoredProperties")):
            allowed += [values.term(t) for t in self.g.items(head)]
        keep = f" FILTER({{p}} NOT IN ({', '.join(sorted(set(allowed)))}))" if allowed else ""

        def closed(f: str, v: str, p: str) -> str:
            w = self.fresh("w")
            nodes = self.value_nodes(shape, f, w)
            return f"{nodes} {w} {p} {v} .{keep.format(p=p)}"

        add("Closed", closed, dynamic_path=True, result_path=None)

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

"""The SHACL Core constraint components the fast engine compiles: one table entry each.

Each :class:`Component` names its IRI, the ``sh:`` parameters it reads, and how it turns them
into checks. The set of shape properties the compiler understands (:data:`HANDLED`) and the
map from a parameter to its component (:data:`PARAMETERS`) are derived from the table, as
pySHACL derives its own from one class per component, so that adding a component is adding
one entry. Entries run in table order, which is the order their checks are reported in.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

import pyoxigraph as ox

from ....namespaces import RDF, RDFS
from ....store import Term
from . import values
from .checks import Check, Pattern, ShapeReader
from .shapes import sh
from .sparql_constraints import SparqlCompiler
from .unsupported import Unsupported

TYPE_PATH = f"<{RDF}type>/<{RDFS}subClassOf>*"


class CompilerParts(ShapeReader, Protocol):
    """What a component's compile function uses of the compiler."""

    casts: frozenset[str]
    sparql: SparqlCompiler

    def fresh(self, hint: str = "v") -> str: ...
    def value_nodes(self, shape: Term, focus: str, value: str) -> str: ...
    def violation(self, shape: Term, x: str) -> str: ...
    def any_violates(self, shapes: list[Term], v: str) -> str: ...
    def all_violate(self, shapes: list[Term], v: str) -> str: ...
    def not_exactly_one(self, shapes: list[Term], v: str) -> str: ...
    def count(self, s: ShapeChecks, component: str, limit: int, above: bool,
              test: str | None = None) -> None: ...


@dataclass
class ShapeChecks:
    """The checks of one shape as its components add them, and the fields they all share."""

    c: CompilerParts
    shape: Term
    is_property: bool
    base: dict[str, Any]
    """Shape, result path, severity and message: every check of the shape starts from these."""
    out: list[Check] = field(default_factory=list)

    def objects(self, parameter: str) -> list[Term]:
        """The values of ``sh:parameter`` on the shape."""
        return self.c.g.objects(self.shape, sh(parameter))

    def add(self, component: str, pattern: Pattern | None, **fields: Any) -> None:
        """A check of ``{component}ConstraintComponent``; ``fields`` override the shared ones."""
        self.out.append(Check(component=component + "ConstraintComponent", pattern=pattern,
                              **{**self.base, **fields}))

    def on_values(self, component: str, test: Test, **fields: Any) -> None:
        """A check that each value node passes ``test`` (a FILTER true for a violation)."""
        shape, c = self.shape, self.c
        self.add(component,
                 lambda f, v, _p: f"{c.value_nodes(shape, f, v)} FILTER({test(v)})", **fields)


@dataclass(frozen=True)
class Component:
    """One SHACL constraint component: ``sh:{name}ConstraintComponent``.

    Like pySHACL, the qualified counts are one entry: they share their shape and parameters.
    """

    name: str
    parameters: tuple[str, ...]
    """The ``sh:`` properties it reads (local names); the first is the one that triggers it."""
    compile: Callable[[CompilerParts, ShapeChecks], None]
    property_only: bool = False
    """Only property shapes have it (the counts, ``sh:uniqueLang``, qualified shapes)."""
    reported_as: tuple[str, ...] = ()
    """The components its results name, when not ``name`` (the two qualified counts)."""

    @property
    def iris(self) -> tuple[str, ...]:
        """The ``sh:...ConstraintComponent`` IRIs in this component's results."""
        return tuple(sh(f"{n}ConstraintComponent").value for n in self.reported_as or (self.name,))


# -- value-node tests ---------------------------------------------------------------------------
def _class(c: CompilerParts, s: ShapeChecks) -> None:
    for node in s.objects("class"):
        cls = values.term(node)

        def test(v: str, cls: str = cls) -> str:
            return f"NOT EXISTS {{ {v} {TYPE_PATH} {cls} }}"

        def top(f: str, v: str, _p: str, cls: str = cls) -> str:
            # At the top level an anti-join finds the instances once instead of per value.
            return f"{c.value_nodes(s.shape, f, v)} MINUS {{ {v} {TYPE_PATH} {cls} }}"

        s.on_values("Class", test, top_pattern=top)


Test = Callable[[str], str]
"""``test(value_variable)`` → a SPARQL expression, true when the value violates."""

MakeTest = Callable[["CompilerParts", ShapeChecks, Term], Test]
"""Builds the test for one value of a component's parameter."""


def _value_test(parameter: str, make: MakeTest) -> Callable[[CompilerParts, ShapeChecks], None]:
    """A compile function adding one value test per value of ``sh:parameter``."""
    name = parameter[0].upper() + parameter[1:]

    def compile(c: CompilerParts, s: ShapeChecks) -> None:
        for node in s.objects(parameter):
            s.on_values(name, make(c, s, node))

    return compile


def _datatype(c: CompilerParts, _s: ShapeChecks, d: Term) -> Test:
    return lambda v: values.datatype(v, d, c.casts)


def _node_kind(_c: CompilerParts, _s: ShapeChecks, k: Term) -> Test:
    return lambda v: values.node_kind(v, k)


def _range(which: str) -> Callable[[CompilerParts, ShapeChecks, Term], Test]:
    return lambda _c, _s, b: lambda v: values.value_range(v, which, b)


def _length(which: str) -> Callable[[CompilerParts, ShapeChecks, Term], Test]:
    return lambda _c, _s, n: lambda v: values.length(v, which, n)


def _pattern(c: CompilerParts, s: ShapeChecks, p: Term) -> Test:
    flags = c.g.value(s.shape, sh("flags"))
    return lambda v: values.pattern(v, p, flags)


def _language_in(c: CompilerParts, _s: ShapeChecks, head: Term) -> Test:
    tags = c.g.items(head)
    return lambda v: values.language_in(v, tags)


def _in(c: CompilerParts, _s: ShapeChecks, head: Term) -> Test:
    members = c.g.items(head)
    return lambda v: values.member_of(v, members)


# -- shape-based components ---------------------------------------------------------------------
def _node(c: CompilerParts, _s: ShapeChecks, other: Term) -> Test:
    return lambda v: c.violation(other, v)


def _not(c: CompilerParts, _s: ShapeChecks, other: Term) -> Test:
    return lambda v: f"!{c.violation(other, v)}"


def _and(c: CompilerParts, _s: ShapeChecks, head: Term) -> Test:
    return lambda v: c.any_violates(c.g.items(head), v)


def _or(c: CompilerParts, _s: ShapeChecks, head: Term) -> Test:
    return lambda v: c.all_violate(c.g.items(head), v)


def _xone(c: CompilerParts, _s: ShapeChecks, head: Term) -> Test:
    return lambda v: c.not_exactly_one(c.g.items(head), v)


# -- components that need more than a filter ----------------------------------------------------
def _has_value(c: CompilerParts, s: ShapeChecks) -> None:
    for node in s.objects("hasValue"):
        h = values.term(node)
        s.add("HasValue", _has_value_pattern(h, c.path_of(s.shape) if s.is_property else None),
              reports_value=False)


def _has_value_pattern(h: str, path: str | None) -> Pattern:
    """No value of ``path`` is ``h``; on a node shape, the focus node is not ``h``."""
    if path is not None:
        return lambda f, _v, _p: f"FILTER NOT EXISTS {{ {f} {path} {h} }}"
    return lambda f, _v, _p: f"FILTER(!sameTerm({f}, {h}))"


def _pair(which: str) -> Callable[[CompilerParts, ShapeChecks], None]:
    """``sh:equals``, ``sh:disjoint``, ``sh:lessThan``, ``sh:lessThanOrEquals``."""
    component = which[0].upper() + which[1:]

    def compile(c: CompilerParts, s: ShapeChecks) -> None:
        for other in s.objects(which):
            if not isinstance(other, ox.NamedNode):
                raise Unsupported(f"sh:{which} with a value that is not an IRI")
            _one_pair(c, s, which, component, str(other))

    return compile


def _one_pair(c: CompilerParts, s: ShapeChecks, which: str, component: str, p2: str) -> None:
    shape, path = s.shape, c.path_of(s.shape)
    if which == "equals":
        # Two checks, each binding the focus itself: a UNION of sub-groups would not see it.
        s.add(component, lambda f, v, _p: f"{c.value_nodes(shape, f, v)} "
              f"FILTER NOT EXISTS {{ {f} {p2} {v} }}")
        if path:
            s.add(component, lambda f, v, _p: f"{f} {p2} {v} . "
                  f"FILTER NOT EXISTS {{ {f} {path} {v} }}")
        else:
            s.add(component, lambda f, v, _p: f"{f} {p2} {v} . FILTER(!sameTerm({f}, {v}))")
    elif which == "disjoint":
        s.add(component, lambda f, v, _p: f"{c.value_nodes(shape, f, v)} {f} {p2} {v} .")
    else:
        if not path:
            raise Unsupported(f"sh:{which} on a node shape")
        op = "<" if which == "lessThan" else "<="

        def less(f: str, v: str, _p: str) -> str:
            w = c.fresh("k")  # a key: one result per pair of values, as SHACL counts
            return f"{f} {path} {v} . {f} {p2} {w} . FILTER(!COALESCE({v} {op} {w}, false))"

        s.add(component, less)


def _cardinality(which: str, above: bool) -> Callable[[CompilerParts, ShapeChecks], None]:
    component = which[0].upper() + which[1:]

    def compile(c: CompilerParts, s: ShapeChecks) -> None:
        for n in s.objects(which):
            c.count(s, component, values.integer(n, which), above)

    return compile


def _unique_lang(c: CompilerParts, s: ShapeChecks) -> None:
    if not c.g.is_true(s.shape, sh("uniqueLang")):
        return
    path = c.path_of(s.shape)

    def unique(f: str, _v: str, _p: str) -> str:
        a, b, k = c.fresh("a"), c.fresh("b"), c.fresh("k")
        return (f"{f} {path} {a} . {f} {path} {b} . FILTER(!sameTerm({a}, {b}) "
                f"&& lang({a}) != \"\" && lang({a}) = lang({b})) "
                f"BIND(lang({a}) AS {k})")

    s.add("UniqueLang", unique, reports_value=False)


def _qualified(c: CompilerParts, s: ShapeChecks) -> None:
    """Both qualified counts share the test: conforms to the shape and to no disjoint sibling."""
    shape, g = s.shape, c.g
    q = g.value(shape, sh("qualifiedValueShape"))
    if q is None:
        return
    siblings: list[Term] = []
    if g.is_true(shape, sh("qualifiedValueShapesDisjoint")):
        for parent in g.subjects(sh("property"), shape):
            for other in g.objects(parent, sh("property")):
                sibling = g.value(other, sh("qualifiedValueShape"))
                if other != shape and sibling is not None and sibling not in siblings:
                    siblings.append(sibling)
    probe = "{v}"
    test = "!" + c.violation(q, probe)
    for sibling in siblings:
        test += " && " + c.violation(sibling, probe)
    test = test.replace("{", "{{").replace("}", "}}").replace("{{v}}", "{v}")
    for which, above in (("qualifiedMinCount", False), ("qualifiedMaxCount", True)):
        for n in s.objects(which):
            component = "QualifiedMinCount" if not above else "QualifiedMaxCount"
            c.count(s, component, values.integer(n, which), above, test)


def _closed(c: CompilerParts, s: ShapeChecks) -> None:
    shape, g = s.shape, c.g
    if not g.is_true(shape, sh("closed")):
        return
    allowed = [str(p) for prop in g.objects(shape, sh("property"))
               for p in g.objects(prop, sh("path")) if isinstance(p, ox.NamedNode)]
    for head in g.objects(shape, sh("ignoredProperties")):
        allowed += [values.term(t) for t in g.items(head)]
    keep = f" FILTER({{p}} NOT IN ({', '.join(sorted(set(allowed)))}))" if allowed else ""

    def closed(f: str, v: str, p: str) -> str:
        w = c.fresh("w")
        nodes = c.value_nodes(shape, f, w)
        return f"{nodes} {w} {p} {v} .{keep.format(p=p)}"

    s.add("Closed", closed, dynamic_path=True, result_path=None)


def _sparql(c: CompilerParts, s: ShapeChecks) -> None:
    for constraint in s.objects("sparql"):
        s.out.extend(c.sparql.checks(s.shape, constraint, s.base))


COMPONENTS: tuple[Component, ...] = (
    Component("Class", ("class",), _class),
    Component("Datatype", ("datatype",), _value_test("datatype", _datatype)),
    Component("NodeKind", ("nodeKind",), _value_test("nodeKind", _node_kind)),
    *(Component(w[0].upper() + w[1:], (w,), _value_test(w, _range(w)))
      for w in ("minInclusive", "minExclusive", "maxInclusive", "maxExclusive")),
    *(Component(w[0].upper() + w[1:], (w,), _value_test(w, _length(w)))
      for w in ("minLength", "maxLength")),
    Component("Pattern", ("pattern", "flags"), _value_test("pattern", _pattern)),
    Component("LanguageIn", ("languageIn",), _value_test("languageIn", _language_in)),
    Component("In", ("in",), _value_test("in", _in)),
    Component("Node", ("node",), _value_test("node", _node)),
    Component("Not", ("not",), _value_test("not", _not)),
    Component("And", ("and",), _value_test("and", _and)),
    Component("Or", ("or",), _value_test("or", _or)),
    Component("Xone", ("xone",), _value_test("xone", _xone)),
    Component("HasValue", ("hasValue",), _has_value),
    *(Component(w[0].upper() + w[1:], (w,), _pair(w))
      for w in ("equals", "disjoint", "lessThan", "lessThanOrEquals")),
    Component("MinCount", ("minCount",), _cardinality("minCount", False), property_only=True),
    Component("MaxCount", ("maxCount",), _cardinality("maxCount", True), property_only=True),
    Component("UniqueLang", ("uniqueLang",), _unique_lang, property_only=True),
    Component("QualifiedValueShape", ("qualifiedValueShape", "qualifiedMinCount",
                                      "qualifiedMaxCount", "qualifiedValueShapesDisjoint"),
              _qualified, property_only=True,
              reported_as=("QualifiedMinCount", "QualifiedMaxCount")),
    Component("Closed", ("closed", "ignoredProperties"), _closed),
    Component("SPARQL", ("sparql",), _sparql),
)
"""Every component the fast engine compiles, in the order their checks are made."""

PARAMETERS: dict[str, Component] = {p: c for c in COMPONENTS for p in c.parameters}
"""Each parameter (``sh:`` local name) to the component that reads it."""

SHAPE_PROPERTIES = frozenset(
    "targetClass targetNode targetSubjectsOf targetObjectsOf path property severity message "
    "deactivated name description group order defaultValue select prefixes declare".split()
)
"""Properties of shapes that are not constraint parameters but that the compiler reads or may
ignore (targets, ``sh:property`` whose shapes compile themselves, report and form fields)."""

HANDLED = SHAPE_PROPERTIES | frozenset(PARAMETERS)
"""The ``sh:`` properties of a shape the compiler understands; others mean "fall back"."""

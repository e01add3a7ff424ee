"""Validate only the focus nodes a change can affect, shape by shape.

For each targeted shape this works out, once per shapes graph, how a changed triple ``s p o``
reaches the focus nodes whose results it may alter:

* a constraint on the focus node's own values (one step along a path, forwards or inverse)
  depends on the statements of the focus node and, for ``sh:class``, on its values' types:
  the focus nodes are the changed triples' subjects and objects, and for a changed
  ``rdf:type`` of ``v`` the nodes whose path leads to ``v``;
* a SHACL-SPARQL constraint is read (:mod:`.reach`): from each of its triple patterns the
  changed triple matches, the walk back along the patterns a solution must also satisfy
  gives the focus nodes;
* anything else (shapes applied to value nodes, longer paths, a pattern joined to ``$this``
  by no variable) may affect every focus node, and the shape is checked in whole.

A changed ``rdf:type`` also moves the node in or out of the shapes' targets: its subject is
a focus node of every shape. The checks then run with the focus nodes bound by ``VALUES``
(compiled once, the node list substituted per change).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace

import pyoxigraph as ox

from ....namespaces import RDF
from ....sparql.structure import parse
from ....sparql.tokens import IRI, WS, tokenize
from ....store import Dataset, SelectResult, Store, Term
from ....terms import from_nt
from ...results import ValidationResult
from .checks import Check
from .compiler import Compiler
from .plan import LOOKS_AT_VALUES, Focus, PlannedQuery, Planner, _restricted, targets
from .reach import Pattern, Reading, Unreadable, read_query, route
from .shapes import ShapesGraph, sh
from .unsupported import Unsupported
from .values import casts_for

PLACEHOLDER = "<urn:tomgraph:focus-placeholder>"
TYPE = f"<{RDF}type>"
MAX_WALK = 5_000
"""A walk reaching more nodes than this checks the shape in whole instead."""

def _simple_step(path: str) -> tuple[str, bool] | None:
    """``<iri>`` or ``^<iri>`` (maybe in brackets): the IRI of the one step a path takes and
    whether it is inverse; ``None`` for any longer path."""
    toks = [t for t in tokenize(path) if t.kind is not WS]
    if len(toks) >= 2 and toks[0].text == "(" and toks[-1].text == ")":
        toks = toks[1:-1]
    inverse = bool(toks) and toks[0].text == "^"
    if inverse:
        toks = toks[1:]
    if len(toks) == 1 and toks[0].kind is IRI:
        return toks[0].text, inverse
    return None


Change = tuple[Sequence[ox.Quad], Sequence[ox.Quad]]
"""(added, removed) quads of one changeset."""


@dataclass
class ShapeDeps:
    """How changes reach the focus nodes of one targeted shape, and its compiled checks."""

    shape: Term
    tree: set[str] = field(default_factory=set)
    """The shape and the property shapes whose results it produces (N-Triples)."""
    whole: bool = False
    local: bool = False
    class_steps: list[tuple[str, bool]] = field(default_factory=list)
    """(predicate, inverse) of paths with ``sh:class``: a value's type change reaches back."""
    readings: list[Reading] = field(default_factory=list)
    restricted: list[PlannedQuery] = field(default_factory=list)
    full: list[PlannedQuery] = field(default_factory=list)


class Dependencies:
    """The dependency analysis and compiled checks of one shapes graph."""

    def __init__(self, store: Store, shapes_graphs: Sequence[str]) -> None:
        self.g = ShapesGraph.from_store(store, shapes_graphs)
        self.casts = casts_for(store)
        self.shapes: list[ShapeDeps] = []
        self.fallback = False
        planner = _Planner(self.g, casts=self.casts)
        compiler = planner.compiler
        for shape in self.g.targeted_shapes():
            if compiler.deactivated(shape):
                continue
            deps = ShapeDeps(shape)
            try:
                focus = targets(self.g, shape)
                planner.few = True
                deps.restricted = planner.emit(shape, _restricted(focus, frozenset({PLACEHOLDER})))
                deps.whole = planner.nested
                planner.few = False
                deps.full = planner.emit(shape, focus)
                self._analyse(compiler, deps)
            except Unsupported:
                self.fallback = True
                continue
            deps.tree = {str(q.check.shape) for q in deps.full} | {str(shape)}
            self.shapes.append(deps)

    def _analyse(self, compiler: Compiler, deps: ShapeDeps) -> None:
        shapes = [deps.shape]
        for shape in shapes:
            shapes += compiler.property_shapes(shape)
        for shape in shapes:
            for constraint in self.g.objects(shape, sh("sparql")):
                if self.g.is_true(constraint, sh("deactivated")):
                    continue
                select = self.g.value(constraint, sh("select"))
                prologue = compiler.sparql._prologue(constraint)
                prefixes = parse(prologue).prologue().prefixes
                text = select.value if isinstance(select, ox.Literal) else ""
                path = compiler.path_of(shape)
                if "$PATH" in text and path is not None:
                    text = text.replace("$PATH", path)
                try:
                    deps.readings.append(read_query(text, prefixes))
                except (Unreadable, IndexError):
                    deps.whole = True
        for q in deps.full:
            check = q.check
            if check.query is not None and check.component == "SPARQLConstraintComponent":
                continue
            if check.component in LOOKS_AT_VALUES:
                deps.whole = True
                continue
            deps.local = True
            path = compiler.path_of(check.shape)
            if path is None:
                continue
            simple = _simple_step(path)
            if simple is None:
                deps.whole = True
            elif check.component == "ClassConstraintComponent":
                deps.class_steps.append(simple)

    # -- per change -------------------------------------------------------------------------
    def affected(
        self, store: Store, changes: Sequence[Change], dataset: Dataset
    ) -> dict[str, set[str] | None]:
        """Targeted shape (N-Triples) → the focus nodes to check again (``None``: all)."""
        quads = [q for added, removed in changes for q in (*added, *removed)]
        removed = [q for _added, gone in changes for q in gone]
        seeds = {str(n) for q in quads for n in (q.subject, q.object)
                 if isinstance(n, ox.NamedNode)}
        typed = {str(q.subject) for q in quads if str(q.predicate) == TYPE}
        walker = _Walker(store, dataset, removed)
        out: dict[str, set[str] | None] = {}
        for deps in self.shapes:
            out[str(deps.shape)] = self._for_shape(deps, quads, seeds, typed, walker)
        return out

    def _for_shape(self, deps: ShapeDeps, quads: list[ox.Quad], seeds: set[str],
                   typed: set[str], walker: _Walker) -> set[str] | None:
        if deps.whole:
            return None
        nodes = set(typed)
        if deps.local:
            nodes |= seeds
            for predicate, inverse in deps.class_steps:
                if typed:
                    nodes |= walker.step(typed, predicate, forward=inverse)
        for reading in deps.readings:
            for q in quads:
                for pattern in reading.patterns:
                    found = _matches(pattern, q)
                    if found is None:
                        continue
                    if not isinstance(found, dict):
                        return None
                    steps = route(reading, pattern)
                    if steps is None:
                        return None
                    reached = walker.walk(found, steps)
                    if reached is None:
                        return None
                    nodes |= reached
        return nodes

    def queries(self, affected: dict[str, set[str] | None]) -> list[PlannedQuery]:
        """The checks to run for ``affected`` (see :meth:`affected`)."""
        out: list[PlannedQuery] = []
        for deps in self.shapes:
            nodes = affected.get(str(deps.shape), set())
            if nodes is None:
                out += deps.full
            elif nodes:
                values = " ".join(sorted(nodes))
                out += [PlannedQuery(q.check, q.sparql.replace(PLACEHOLDER, values))
                        for q in deps.restricted]
        return out


def _matches(pattern: Pattern, q: ox.Quad) -> dict[str, str] | bool | None:
    """The pattern's variables bound by ``q`` if it matches; ``None`` if it cannot;
    ``False`` if it may (through a property path) but the walk cannot follow it."""
    predicate = str(q.predicate)
    s, o = str(q.subject), str(q.object)
    if pattern.predicate == "~":
        return False if predicate in pattern.path_iris else None
    if pattern.predicate.startswith("?"):
        ends = ((pattern.subject, s), (pattern.object, o))
    elif pattern.predicate == predicate:
        ends = ((pattern.subject, s), (pattern.object, o))
    elif pattern.predicate == "^" + predicate:
        ends = ((pattern.subject, o), (pattern.object, s))
    else:
        return None
    bound: dict[str, str] = {}
    for term, value in ends:
        if term.startswith("?"):
            if bound.get(term, value) != value:
                return None
            bound[term] = value
        elif term.startswith("<") and term != value:
            return None
    return bound


class _Walker:
    """Follows triple patterns backwards in the store, and in the triples just removed."""

    def __init__(self, store: Store, dataset: Dataset, removed: Iterable[ox.Quad]) -> None:
        self.store = store
        self.dataset = dataset
        self.removed = list(removed)

    def walk(self, bound: dict[str, str], steps: list[tuple[str, Pattern]]) -> set[str] | None:
        if not steps:
            value = bound.get("?this")
            return {value} if value is not None else None
        var = steps[0][0]
        values = {bound[var]} if var in bound else set()
        for var, pattern in steps:
            predicate = pattern.predicate
            inverse = predicate.startswith("^")
            forward = (pattern.subject == var) != inverse
            values = self.step(values, predicate.lstrip("^"), forward=forward)
            if len(values) > MAX_WALK or any(v.startswith("_:") for v in values):
                return None
        return {v for v in values if v.startswith("<")}

    def step(self, values: set[str], predicate: str, *, forward: bool) -> set[str]:
        """Objects (``forward``) or subjects of ``predicate`` for ``values``."""
        usable = sorted(v for v in values if not v.startswith("_:"))
        out: set[str] = set()
        if not usable:
            return out
        pattern = f"?v {predicate} ?n" if forward else f"?n {predicate} ?v"
        for i in range(0, len(usable), 500):
            chunk = [from_nt(v) for v in usable[i:i + 500]]
            result = self.store.query(
                f"SELECT DISTINCT ?n WHERE {{ {pattern} }}", bindings={"v": chunk},
                dataset=self.dataset)
            assert isinstance(result, SelectResult)
            out.update(str(row[0]) for row in result if row[0] is not None)
        for q in self.removed:
            if str(q.predicate) != predicate:
                continue
            here, there = (q.subject, q.object) if forward else (q.object, q.subject)
            if str(here) in values:
                out.add(str(there))
        return out


class _Planner(Planner):
    """A planner emitting one shape's queries for a given focus, reporting nesting.

    With ``few`` set the queries are for a few focus nodes bound by ``VALUES``: anti-joins
    (``MINUS``), which read their whole block once and pay off over every focus node, are
    left as ``NOT EXISTS``, which looks up only the bound nodes' statements."""

    nested = False

    def __init__(self, g: ShapesGraph, *, casts: frozenset[str]) -> None:
        super().__init__(g, casts=casts)
        self.few = False

    @property
    def few(self) -> bool:
        return bool(getattr(self.compiler, "few_focus_nodes", False))

    @few.setter
    def few(self, value: bool) -> None:
        self.compiler.few_focus_nodes = value  # type: ignore[attr-defined]

    def _query(self, check: Check, focus: Focus) -> str:
        if self.few and check.query is None and check.top_pattern is not None \
                and check.pattern is not None:
            check = replace(check, top_pattern=None)
        return super()._query(check, focus)

    def emit(self, shape: Term, focus: Focus) -> list[PlannedQuery]:
        out: list[PlannedQuery] = []
        self._nested = False
        self._emit(shape, focus, out, depth=0)
        self.nested = self._nested
        return out


def run_focused(
    store: Store, deps: Dependencies, affected: dict[str, set[str] | None], dataset: Dataset
) -> list[ValidationResult]:
    """The results of the checks for the affected focus nodes."""
    from .engine import run

    return [r for q in deps.queries(affected) for r in run(store, q, dataset)]

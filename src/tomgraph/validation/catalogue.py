"""What the shapes say about themselves: names, messages, fixes, severities, groups, weights.

Reports and scores read these from the shapes graph rather than from each engine's result
messages, so every engine's output reads the same and a shape's wording is edited in one place
(the Turtle file). Targets are resolved here too, because scores need to know which focus
nodes each check was asked about, not only where it failed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from pyoxigraph import NamedNode

from ..labels import lookup
from ..namespaces import TOMSH, shorten
from ..store import Dataset, SelectResult, Store, Term
from ..store.base import term_value
from ..terms import from_nt, iri_or_nt, nt
from .results import SH, Severity

_SPARQL = Path(__file__).with_name("sparql")


@cache
def query_text(name: str) -> str:
    """The text of ``sparql/NAME.rq`` beside this module."""
    return (_SPARQL / f"{name}.rq").read_text(encoding="utf-8")


def select(store: Store, name: str, graphs: Sequence[str], **bindings: Term) -> SelectResult:
    """Run the named query over the union of ``graphs``."""
    result = store.query(
        query_text(name),
        dataset=Dataset(default_graphs=tuple(graphs)),
        bindings=bindings or None,
    )
    assert isinstance(result, SelectResult)
    return result


@dataclass(frozen=True)
class Group:
    """A report section (``sh:PropertyGroup``)."""

    iri: str
    label: str
    order: float = 1e9


UNGROUPED = Group("", "Other checks")


@dataclass(frozen=True)
class ShapeInfo:
    """One shape as reports and scores see it."""

    iri: str
    """The shape in N-Triples form, as ``ValidationResult.source_shape`` spells it."""
    name: str
    description: str = ""
    message: str = ""
    fix: str = ""
    severity: Severity = Severity.VIOLATION
    group: Group = UNGROUPED
    weight: float = 1.0
    path: str | None = None
    is_property: bool = False
    is_check: bool = False
    """The shape has constraints of its own, so it can be the source of results."""

    @property
    def short(self) -> str:
        """``tomsh:Local`` for display and for stable keys in JSON."""
        term = from_nt(self.iri)
        return shorten(term.value) if isinstance(term, NamedNode) else self.iri


@dataclass
class Catalogue:
    """All shapes and groups of a shapes graph, and the focus nodes each check targets."""

    shapes: dict[str, ShapeInfo]
    groups: dict[str, Group]
    focus: dict[str, set[str]] = field(default_factory=dict)
    """Check shape → the focus nodes its targets (or its node shapes' targets) select."""

    def shape(self, iri: str) -> ShapeInfo:
        """The shape ``iri``, or a bare description for a shape the catalogue does not know
        (a nested shape reached through ``sh:node``, say)."""
        info = self.shapes.get(iri)
        if info is None:
            local = str(iri_or_nt(iri)).removeprefix(TOMSH)
            info = ShapeInfo(iri=iri, name=local, is_check=True)
            self.shapes[iri] = info
        return info

    def checks(self) -> list[ShapeInfo]:
        return sorted((s for s in self.shapes.values() if s.is_check), key=lambda s: s.iri)


def _text(row: dict[str, Term], key: str) -> str:
    term = row.get(key)
    return term.value if term is not None and hasattr(term, "value") else ""


def load_catalogue(
    store: Store, shapes_graphs: Sequence[str], data_graphs: Sequence[str]
) -> Catalogue:
    """Read shapes and groups from ``shapes_graphs``; resolve targets against ``data_graphs``."""
    groups: dict[str, Group] = {}
    rows = list(select(store, "groups", shapes_graphs).dicts())
    names = lookup(store, (r["group"] for r in rows if isinstance(r["group"], NamedNode)),
                   graphs=shapes_graphs)
    for row in rows:
        order = row.get("order")
        value = term_value(row["group"]) or ""
        groups[nt(row["group"])] = Group(
            iri=nt(row["group"]),
            label=names.get(value) or shorten(value),
            order=float(order.value) if order is not None else 1e9,  # type: ignore[union-attr]
        )
    shapes: dict[str, ShapeInfo] = {}
    for row in select(store, "shapes", shapes_graphs).dicts():
        iri = nt(row["shape"])
        severity = row.get("severity")
        weight = row.get("weight")
        group = row.get("group")
        path = row.get("path")
        shapes[iri] = ShapeInfo(
            iri=iri,
            name=_text(row, "name") or str(iri_or_nt(iri)).removeprefix(TOMSH),
            description=_text(row, "description"),
            message=_text(row, "message"),
            fix=_text(row, "fix"),
            severity=_severity(severity.value if severity is not None else SH + "Violation"),  # type: ignore[union-attr]
            group=groups.get(nt(group), UNGROUPED) if group is not None else UNGROUPED,
            weight=_weight(weight),
            path=path.value if isinstance(path, NamedNode) else None,
            is_property=_true(row.get("isProperty")),
            is_check=_true(row.get("isCheck")),
        )
    catalogue = Catalogue(shapes=shapes, groups=groups)
    catalogue.focus = resolve_targets(store, catalogue, shapes_graphs, data_graphs)
    return catalogue


def resolve_targets(
    store: Store, catalogue: Catalogue, shapes_graphs: Sequence[str], data_graphs: Sequence[str]
) -> dict[str, set[str]]:
    """Check shape → focus nodes, following SHACL's four target kinds (class targets reach
    instances of subclasses through ``rdfs:subClassOf`` in the data graph)."""
    wanted: dict[str, list[tuple[str, Term]]] = {}
    for row in select(store, "targets", shapes_graphs).dicts():
        kind = term_value(row["kind"]) or ""
        wanted.setdefault(nt(row["shape"]), []).append((kind, row["target"]))
    cache_by_target: dict[tuple[str, str], set[str]] = {}
    focus: dict[str, set[str]] = {}
    for shape, targets in wanted.items():
        info = catalogue.shapes.get(shape)
        if info is None or not info.is_check:
            continue
        nodes: set[str] = set()
        for kind, target in targets:
            key = (kind, nt(target))
            if key not in cache_by_target:
                cache_by_target[key] = _focus_of(store, kind, target, data_graphs)
            nodes |= cache_by_target[key]
        focus[shape] = nodes
    return focus


def _focus_of(store: Store, kind: str, target: Term, data_graphs: Sequence[str]) -> set[str]:
    local = kind.removeprefix(SH)
    if local == "targetNode":
        return {nt(target)}
    if not isinstance(target, NamedNode):
        return set()
    if local == "targetClass":
        # Direct type lookups per subclass are far cheaper than one rdf:type/rdfs:subClassOf*
        # path over a large model.
        classes = {row[1] for row in select(store, "subclasses", data_graphs, **{"class": target})}
        nodes: set[str] = set()
        for cls in classes:
            if isinstance(cls, NamedNode):
                nodes.update(str(row[1]) if isinstance(row[1], NamedNode) else nt(row[1])  # type: ignore[arg-type]
                             for row in select(store, "instances", data_graphs, **{"class": cls}))
        return nodes
    name = {"targetSubjectsOf": "subjects-of", "targetObjectsOf": "objects-of"}[local]
    rows = select(store, name, data_graphs, predicate=target)
    return {nt(row[1]) for row in rows if row[1] is not None}


def _severity(iri: str) -> Severity:
    try:
        return Severity.from_iri(iri)
    except KeyError:
        return Severity.VIOLATION


def _weight(term: Term | None) -> float:
    if term is None:
        return 1.0
    try:
        return float(term.value)  # type: ignore[union-attr]
    except (TypeError, ValueError):
        return 1.0


def _true(term: Term | None) -> bool:
    """``true`` in either lexical form (Virtuoso answers an ``EXISTS`` as ``1``)."""
    return term is not None and getattr(term, "value", "") in ("true", "1")

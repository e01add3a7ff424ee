"""The capability map's tree and colouring, built from one query's rows (no per-node queries).

Kept apart from the view so that the 10,000-capability budget is easy to measure: building
the tree is linear in the number of capabilities.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import pyoxigraph as ox

from ...labels import choose, local_name
from ...store import Term


@dataclass(frozen=True)
class Bucket:
    """One colour class of a metric: CSS class suffix and the words that stand for it."""

    key: str
    label: str


@dataclass(frozen=True)
class Metric:
    key: str
    title: str
    description: str
    buckets: tuple[Bucket, ...]


NO_DATA = Bucket("none", "No data")
METRICS: dict[str, Metric] = {
    m.key: m
    for m in (
        Metric(
            "gap", "Maturity gap", "Target maturity minus current maturity (levels to climb).",
            (Bucket("g0", "No gap"), Bucket("g1", "Gap 1"), Bucket("g2", "Gap 2"),
             Bucket("g3", "Gap 3"), Bucket("g4", "Gap 4"), NO_DATA),
        ),
        Metric(
            "mips", "MiPS coverage",
            "Whether a MiPS feature supports the capability or a process realising it; "
            "for a parent, how many of its leaf capabilities are supported.",
            (Bucket("full", "Supported"), Bucket("part", "Partly supported"),
             Bucket("nosupport", "Not supported"), Bucket("notech", "Needs no technology"),
             NO_DATA),
        ),
        Metric(
            "completeness", "Completeness score",
            "Share of the design facts the shapes require that the capability has.",
            (Bucket("c4", "100%"), Bucket("c3", "90–99%"), Bucket("c2", "75–89%"),
             Bucket("c1", "50–74%"), Bucket("c0", "Below 50%"), NO_DATA),
        ),
        Metric(
            "severity", "Worst validation finding",
            "The most severe validation result about the capability.",
            (Bucket("violation", "Violation"), Bucket("warning", "Warning"),
             Bucket("info", "Info"), Bucket("ok", "No findings"), NO_DATA),
        ),
    )
}


@dataclass
class CapNode:
    iri: str
    label: str
    parent: str | None
    area: str | None
    current: int | None
    target: int | None
    no_tech: bool
    covered: bool
    children: list[CapNode] = field(default_factory=list)
    bucket: Bucket = NO_DATA
    note: str = ""  # the value in words, beside the colour
    context: bool = False  # shown only because a filtered descendant needs its parent
    size: int = 1  # this node and all its descendants

    @property
    def has_children(self) -> bool:
        return bool(self.children)


def _value(term: Term | None) -> str | None:
    return None if term is None else term.value  # type: ignore[union-attr]


def _int(term: Term | None) -> int | None:
    if term is None:
        return None
    try:
        return int(term.value)  # type: ignore[union-attr]
    except ValueError:
        return None


def nodes_from_rows(rows: Iterable[Sequence[Term | None]]) -> dict[str, CapNode]:
    """Rows of ``page-capability-map.rq`` (in its variable order) → nodes by IRI, each named
    by the label policy among its rows' candidate names, else by the last segment of its IRI."""
    nodes: dict[str, CapNode] = {}
    candidates: list[tuple[str, ox.NamedNode, ox.Literal]] = []
    truthy = ("true", "1")
    for cap, predicate, name, parent, area, current, target, no_tech, covered in rows:
        iri = _value(cap)
        if iri is None:
            continue
        if isinstance(predicate, ox.NamedNode) and isinstance(name, ox.Literal):
            candidates.append((iri, predicate, name))
        if iri in nodes:
            continue
        nodes[iri] = CapNode(
            iri=iri,
            label="",
            parent=_value(parent),
            area=_value(area),
            current=_int(current),
            target=_int(target),
            no_tech=no_tech is not None and _value(no_tech) in truthy,
            covered=covered is not None and _value(covered) in truthy,
        )
    names = choose(candidates)
    for iri, node in nodes.items():
        node.label = names.get(iri) or local_name(iri)
    return nodes


def select_nodes(
    nodes: dict[str, CapNode], keep: Callable[[CapNode], bool] | None
) -> dict[str, CapNode]:
    """The nodes ``keep`` accepts plus their ancestors (marked as context)."""
    if keep is None:
        return nodes
    chosen: dict[str, CapNode] = {}
    for node in nodes.values():
        if not keep(node):
            continue
        chosen[node.iri] = node
        parent = nodes.get(node.parent) if node.parent else None
        while parent is not None and parent.iri not in chosen:
            parent.context = True
            chosen[parent.iri] = parent
            parent = nodes.get(parent.parent) if parent.parent else None
    for node in chosen.values():
        if node.context and keep(node):
            node.context = False
    return chosen


def build_tree(nodes: Mapping[str, CapNode]) -> list[CapNode]:
    """Link children to parents; capabilities whose parent is absent become roots."""
    roots: list[CapNode] = []
    for node in nodes.values():
        node.children = []
    for node in nodes.values():
        parent = nodes.get(node.parent) if node.parent else None
        if parent is None or parent is node:
            roots.append(node)
        else:
            parent.children.append(node)
    _order(roots)
    for root in roots:
        _sizes(root)
    return roots


def _order(siblings: list[CapNode]) -> None:
    stack = [siblings]
    while stack:
        group = stack.pop()
        group.sort(key=lambda n: n.label.lower())
        stack.extend(n.children for n in group if n.children)


def _sizes(root: CapNode) -> int:
    root.size = 1 + sum(_sizes(c) for c in root.children)
    return root.size


def colour(
    roots: list[CapNode],
    metric: Metric,
    scores: Mapping[str, float],
    worst: Mapping[str, str],
) -> dict[str, int]:
    """Give every node its bucket and note for ``metric``; returns nodes per bucket key."""
    counts = dict.fromkeys((b.key for b in metric.buckets), 0)
    buckets = {b.key: b for b in metric.buckets}
    stack = list(roots)
    while stack:
        node = stack.pop()
        stack.extend(node.children)
        if metric.key == "gap":
            key, note = _gap(node)
        elif metric.key == "mips":
            key, note = _coverage(node)
        elif metric.key == "completeness":
            key, note = _completeness(scores.get(node.iri))
        else:
            found = worst.get(node.iri)
            key, note = (found.lower(), found) if found else ("ok", "No findings")
        node.bucket, node.note = buckets.get(key, NO_DATA), note
        counts[node.bucket.key] += 1
    return counts


def _gap(node: CapNode) -> tuple[str, str]:
    if node.current is None or node.target is None:
        return "none", "Maturity not assessed"
    gap = node.target - node.current
    return f"g{min(max(gap, 0), 4)}", f"Gap {gap} ({node.current} → {node.target})"


def _coverage(node: CapNode) -> tuple[str, str]:
    if not node.children:
        if node.covered:
            return "full", "Supported"
        if node.no_tech:
            return "notech", "Needs no technology"
        return "nosupport", "Not supported"
    leaves = _leaves(node)
    supported = sum(1 for leaf in leaves if leaf.covered or leaf.no_tech)
    if supported == len(leaves):
        key = "full"
    elif supported:
        key = "part"
    else:
        key = "nosupport"
    return key, f"{supported} of {len(leaves)} supported"


def _leaves(node: CapNode) -> list[CapNode]:
    out, stack = [], [node]
    while stack:
        n = stack.pop()
        if n.children:
            stack.extend(n.children)
        else:
            out.append(n)
    return out


def _completeness(score: float | None) -> tuple[str, str]:
    if score is None:
        return "none", "Not scored"
    percent = round(score * 100)
    key = "c4" if percent >= 100 else "c3" if percent >= 90 else "c2" if percent >= 75 else (
        "c1" if percent >= 50 else "c0"
    )
    return key, f"{percent}% complete"

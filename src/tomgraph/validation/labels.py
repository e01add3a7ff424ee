"""Names a design lead recognises, instead of IRIs: labels of entities, kinds and properties.

Everything is read in one query per kind (not one per result) so that labelling stays cheap
on models with hundreds of thousands of entities.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from pyoxigraph import Literal, NamedNode

from ..labels import fallback, lookup_graphs
from ..namespaces import shorten
from ..store import Store
from ..terms import from_nt, nt
from .catalogue import select

MODEL_PREFIXES = ("tom:",)
"""Namespaces whose classes name kinds of entities better than any other."""


@dataclass
class Labels:
    """Human names for nodes, and the kind (class) of each typed node."""

    names: dict[str, str] = field(default_factory=dict)
    kinds: dict[str, str] = field(default_factory=dict)
    """Node → its most specific class (N-Triples)."""

    def label(self, node: str | None) -> str:
        """The node's name (from :mod:`tomgraph.labels`), or its readable short form."""
        if node is None:
            return ""
        name = self.names.get(node)
        if name is not None:
            return name
        term = from_nt(node)
        if isinstance(term, NamedNode):
            return fallback(term.value)
        return term.value if isinstance(term, Literal) else node

    def kind(self, node: str) -> str:
        """What kind of thing the node is, e.g. "Capability" or "Cashable benefit"."""
        cls = self.kinds.get(node)
        if cls is None:
            return "Entity"
        text = self.label(cls)
        return text[:1].upper() + text[1:]


def load_labels(store: Store, graphs: Sequence[str]) -> Labels:
    """Labels (as :mod:`tomgraph.labels` chooses them) and kinds from ``graphs``."""
    labels = Labels()
    labels.names = {
        str(node): name for node, name in lookup_graphs(store, graphs).items()
        if isinstance(node, NamedNode)
    }
    broader: dict[str, set[str]] = {}
    for cls, sup in select(store, "superclasses", graphs):
        if cls is not None and sup is not None:
            broader.setdefault(nt(cls), set()).add(nt(sup))
    kinds = labels.kinds
    better: dict[tuple[str, str], bool] = {}  # (candidate, current) → candidate wins
    for node, cls in select(store, "kinds", graphs):
        if node is None or not isinstance(cls, NamedNode):
            continue
        key, value = nt(node), str(cls)
        current = kinds.get(key)
        if current is None:
            kinds[key] = value
        elif current != value:  # a class is never better than itself
            wins = better.get((value, current))
            if wins is None:
                wins = better[value, current] = _better_kind(value, current, broader)
            if wins:
                kinds[key] = value
    return labels


def _better_kind(candidate: str, current: str, broader: dict[str, set[str]]) -> bool:
    """Whether ``candidate`` names a node's kind better than ``current``: narrower, or from
    the model's own vocabulary when neither is narrower."""
    if current in broader.get(candidate, ()):
        return True
    if candidate in broader.get(current, ()):
        return False
    return _is_model_class(candidate) and not _is_model_class(current)


def _is_model_class(cls: str) -> bool:
    term = from_nt(cls)
    return isinstance(term, NamedNode) and shorten(term.value).startswith(MODEL_PREFIXES)


MEMBERSHIP_QUERIES = {
    "project": "members-projects",
    "operating-model": "members-operating-models",
    "service-area": "members-service-areas",
}


def load_memberships(store: Store, graphs: Sequence[str]) -> dict[str, dict[str, set[str]]]:
    """Scope (``project``, ``operating-model``, ``service-area``) → group → members."""
    out: dict[str, dict[str, set[str]]] = {}
    for scope, name in MEMBERSHIP_QUERIES.items():
        groups = out.setdefault(scope, {})
        last: str | None = None
        members: set[str] = set()
        for group, member in select(store, name, graphs):
            if group is None or member is None:
                continue
            key = nt(group)
            if key != last:  # rows mostly come group by group
                members = groups.get(key) or groups.setdefault(key, set())
                last = key
            members.add(nt(member))
    return out


def programme_node(store: Store, graphs: Sequence[str]) -> str | None:
    """The programme the model describes, when it names exactly one."""
    rows = [row[0] for row in select(store, "programme", graphs)]
    return nt(rows[0]) if len(rows) == 1 and rows[0] is not None else None

"""Names a design lead recognises, instead of IRIs: labels of entities, kinds and properties.

Everything is read in one query per kind (not one per result) so that labelling stays cheap
on models with hundreds of thousands of entities.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from pyoxigraph import Literal, NamedNode

from ..namespaces import shorten
from ..store import Store
from .catalogue import nt, select

MODEL_PREFIXES = ("tom:",)
"""Namespaces whose classes name kinds of entities better than any other."""


@dataclass
class Labels:
    """Human names for nodes, and the kind (class) of each typed node."""

    names: dict[str, str] = field(default_factory=dict)
    kinds: dict[str, str] = field(default_factory=dict)
    """Node → its most specific class (N-Triples)."""

    def label(self, node: str | None) -> str:
        """The node's name, or a readable short form when it has none."""
        if node is None:
            return ""
        if node in self.names:
            return self.names[node]
        if node.startswith("<") and node.endswith(">"):
            return shorten(node[1:-1])
        if node.startswith('"'):
            return _literal_text(node)
        return node

    def kind(self, node: str) -> str:
        """What kind of thing the node is, e.g. "Capability" or "Cashable benefit"."""
        cls = self.kinds.get(node)
        if cls is None:
            return "Entity"
        text = self.label(cls)
        return text[:1].upper() + text[1:]


def _literal_text(node: str) -> str:
    """The text of an N-Triples literal, without quotes, tags or datatypes."""
    end = node.rfind('"')
    body = node[1:end] if end > 0 else node
    return body.replace('\\"', '"').replace("\\n", " ").replace("\\\\", "\\")


def load_labels(store: Store, graphs: Sequence[str]) -> Labels:
    """Labels and kinds from ``graphs`` (English or untagged labels win)."""
    labels = Labels()
    names = labels.names
    english_names: set[str] = set()  # nodes whose label is English, so no other replaces it
    for node, label in select(store, "labels", graphs):
        if node is None or not isinstance(label, Literal):
            continue
        key = nt(node)
        if key in english_names:
            continue
        english = (label.language or "").lower().startswith("en")
        if english:
            english_names.add(key)
            names[key] = label.value
        elif key not in names:
            names[key] = label.value
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
    return shorten(cls.strip("<>")).startswith(MODEL_PREFIXES)


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

"""Consistency for the fast engine: disjoint classes and functional properties, in the store.

The checks that make HermiT answer "inconsistent" on this ontology, run over the asserted
and inferred facts. Each is a query with fixed predicates (the store joins on its indexes);
the class hierarchy and the disjoint pairs are small, so they are applied here.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from pyoxigraph import Literal

from ...store import Dataset, SelectResult, Store
from ..explain import Clash
from .compile import fill
from .hierarchy import ancestors_of


def find_clashes(store: Store, dataset: Dataset) -> list[Clash]:
    """Every disjointness and functional-property clash in ``dataset``."""
    return _disjoint(store, dataset) + _functional(store, dataset)


def _select(store: Store, text: str, dataset: Dataset) -> list[Any]:
    result = store.query(text, dataset=dataset)
    assert isinstance(result, SelectResult)
    return list(result)


def _disjoint(store: Store, dataset: Dataset) -> list[Clash]:
    pairs = {(a.value, b.value) for a, b in _select(store, fill("disjoint-pairs"), dataset)}
    if not pairs:
        return []
    ancestors = ancestors_of(
        (sub.value, sup.value) for sub, sup in _select(store, fill("class-hierarchy"), dataset)
    )
    types: dict[str, set[str]] = defaultdict(set)
    result = store.query(fill("types"), dataset=dataset)
    assert isinstance(result, SelectResult)
    for subject, cls in result:
        types[str(subject)].add(cls.value)  # type: ignore[union-attr]
    clashes: list[Clash] = []
    for node, classes in sorted(types.items()):
        every: set[str] = set().union(*(ancestors(c) for c in classes))
        for first, second in sorted(pairs):
            if first < second and first in every and second in every:
                name = node[1:-1] if node.startswith("<") else node
                clashes.append(Clash(name, "disjoint classes", first, second))
    return clashes


def _functional(store: Store, dataset: Dataset) -> list[Clash]:
    groups: dict[Any, set[Any]] = defaultdict(set)
    for group, member in _select(store, fill("different-individuals"), dataset):
        groups[group].add(member)
    different = [members for members in groups.values() if len(members) > 1]

    def distinct(a: Any, b: Any) -> bool:
        if isinstance(a, Literal) and isinstance(b, Literal):
            return True
        return any(a in members and b in members for members in different)

    clashes: list[Clash] = []
    for (prop,) in _select(store, fill("functional-properties"), dataset):
        text = fill("functional-clashes", PROPERTY=prop.value)
        for individual, first, second in _select(store, text, dataset):
            if distinct(first, second):
                clashes.append(Clash(individual.value, "functional property", first.value,
                                     second.value, prop.value))
    return clashes

"""Pin down why a model is inconsistent.

HermiT only answers "inconsistent", and owlready2's explanations need Pellet, which does not
run on current Java. These checks find the usual culprits directly in the store, so a design
lead is told which facts contradict each other.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..namespaces import shorten
from ..sparql import internal_query
from ..store import UNION, Dataset, SelectResult, Store
from ..store.base import term_value


@dataclass(frozen=True)
class Clash:
    """Facts that cannot all hold."""

    individual: str
    kind: str  # "disjoint classes" or "functional property"
    first: str
    second: str
    property: str | None = None

    def describe(self) -> str:
        if self.kind == "disjoint classes":
            return (
                f"{shorten(self.individual)} is both a {shorten(self.first)} and a "
                f"{shorten(self.second)}, which are disjoint"
            )
        return (
            f"{shorten(self.individual)} has {shorten(self.property or '')} both "
            f"{_show(self.first)} and {_show(self.second)}, but it takes one value only"
        )


def _show(value: str) -> str:
    return shorten(value) if value.startswith(("http://", "https://")) else repr(value)


def find_clashes(store: Store, *, dataset: Dataset = UNION) -> list[Clash]:
    """Every disjointness and functional-property clash in ``dataset`` (the union graph)."""
    clashes: list[Clash] = []
    result = store.query(internal_query("reasoning-disjoint-clashes"), dataset=dataset)
    assert isinstance(result, SelectResult)
    for individual, first, second in result:
        clashes.append(Clash(_v(individual), "disjoint classes", _v(first), _v(second)))
    result = store.query(internal_query("reasoning-functional-clashes"), dataset=dataset)
    assert isinstance(result, SelectResult)
    for individual, prop, first, second in result:
        clashes.append(
            Clash(_v(individual), "functional property", _v(first), _v(second), _v(prop))
        )
    return clashes


def _v(term: object) -> str:
    return term_value(term) or ""  # type: ignore[arg-type]

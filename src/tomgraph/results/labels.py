"""The IRIs of a result that need labels; the labels come from the one label policy."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from pyoxigraph import NamedNode

from ..labels import lookup
from ..store.base import Store, Term


def iris_in(rows: Iterable[Sequence[Term | None]]) -> list[NamedNode]:
    """The distinct IRIs in ``rows``, in first-seen order."""
    seen: dict[str, NamedNode] = {}
    for row in rows:
        for term in row:
            if isinstance(term, NamedNode) and term.value not in seen:
                seen[term.value] = term
    return list(seen.values())


def fetch_labels(store: Store, iris: Sequence[NamedNode]) -> dict[str, str]:
    """IRI → label, as :mod:`tomgraph.labels` chooses it."""
    return lookup(store, iris)

"""Walking the class hierarchy in Python: it is small (hundreds of classes), so the engine
reads the (subclass, superclass) pairs once and answers "what is above this class" here
rather than with a property-path query per class."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from functools import cache


def ancestors_of(pairs: Iterable[tuple[str, str]]) -> Callable[[str], frozenset[str]]:
    """``ancestors(cls)``: ``cls`` and every class above it along the (sub, super) ``pairs``
    (cycles allowed; each answer is kept, as callers ask for the same classes repeatedly)."""
    supers: dict[str, set[str]] = defaultdict(set)
    for sub, sup in pairs:
        supers[sub].add(sup)

    @cache
    def ancestors(cls: str) -> frozenset[str]:
        found, todo = {cls}, [cls]
        while todo:
            for sup in supers.get(todo.pop(), ()):
                if sup not in found:
                    found.add(sup)
                    todo.append(sup)
        return frozenset(found)

    return ancestors

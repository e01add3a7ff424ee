"""What one action changed: quads removed and added, who, when and why."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime

import pyoxigraph as ox


@dataclass(frozen=True)
class Changeset:
    """Quads to remove and to add, as one unit of change.

    ``removed`` and ``added`` are disjoint and minimal (see :func:`diff_graph`): a quad that
    is both removed and added is no change. ``activity`` names the kind of action
    (``import``, ``edit``, ``revert``); ``source`` is what it came from (a file name).
    """

    added: tuple[ox.Quad, ...] = ()
    removed: tuple[ox.Quad, ...] = ()
    agent: str = "tomgraph"
    comment: str | None = None
    activity: str = "edit"
    source: str | None = None
    time: datetime = field(default_factory=lambda: datetime.now(UTC))
    reverts: str | None = None
    """The IRI of the changeset this one undoes (set by :meth:`inverse` when given)."""

    @property
    def empty(self) -> bool:
        return not self.added and not self.removed

    def inverse(
        self, *, agent: str, comment: str | None = None, reverts: str | None = None
    ) -> Changeset:
        """The changeset that undoes this one (a revert is itself a change)."""
        return Changeset(
            added=self.removed, removed=self.added, agent=agent, comment=comment,
            activity="revert", source=self.source, reverts=reverts,
        )

    def subjects(self) -> list[str]:
        """IRIs of the subjects whose statements this changeset adds or removes, in order."""
        seen = dict.fromkeys(
            q.subject.value for q in (*self.removed, *self.added)
            if isinstance(q.subject, ox.NamedNode)
        )
        return list(seen)


def diff_graph(
    old: Iterable[ox.Quad], new: Iterable[ox.Quad], **meta: object
) -> Changeset:
    """The changeset that turns quads ``old`` into quads ``new`` (order kept, duplicates once)."""
    old_set = dict.fromkeys(old)
    new_set = dict.fromkeys(new)
    removed = tuple(q for q in old_set if q not in new_set)
    added = tuple(q for q in new_set if q not in old_set)
    return Changeset(added=added, removed=removed, **meta)  # type: ignore[arg-type]

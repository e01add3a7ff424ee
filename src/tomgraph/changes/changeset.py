"""What one action changed: quads removed and added, who, when and why."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime

import pyoxigraph as ox

from ..store.nquads import NQuads, NQuadsStream


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
    added_nquads: NQuads | NQuadsStream | None = None
    """More quads to add, as N-Quads text (see :class:`NQuads`): what a bulk import builds.
    :func:`~tomgraph.changes.commit` hands them to the store's bulk write path. A
    :class:`NQuadsStream` is read while it is produced (on another thread)."""

    @property
    def empty(self) -> bool:
        return not self.added and not self.removed and not self.added_count

    @property
    def added_count(self) -> int:
        return len(self.added) + (self.added_nquads.count if self.added_nquads else 0)

    def all_added(self) -> tuple[ox.Quad, ...]:
        """Every added quad as objects (the N-Quads text parsed)."""
        if self.added_nquads is None:
            return self.added
        return self.added + self.added_nquads.quads()

    def inverse(
        self, *, agent: str, comment: str | None = None, reverts: str | None = None
    ) -> Changeset:
        """The changeset that undoes this one (a revert is itself a change)."""
        return Changeset(
            added=self.removed, removed=self.all_added(), agent=agent, comment=comment,
            activity="revert", source=self.source, reverts=reverts,
        )

    def subjects(self) -> list[str]:
        """IRIs of the subjects whose statements this changeset adds or removes, in order."""
        return self.subjects_up_to(1 << 62) or []

    def subjects_up_to(self, limit: int) -> list[str] | None:
        """:meth:`subjects`, or ``None`` as soon as there are more than ``limit``."""
        seen = dict.fromkeys(
            q.subject.value for q in (*self.removed, *self.added)
            if isinstance(q.subject, ox.NamedNode)
        )
        if self.added_nquads is not None and len(seen) <= limit:
            more = self.added_nquads.subjects(limit)
            if more is None:
                return None
            seen.update(dict.fromkeys(more))
        return list(seen) if len(seen) <= limit else None


def diff_graph(
    old: Iterable[ox.Quad], new: Iterable[ox.Quad], **meta: object
) -> Changeset:
    """The changeset that turns quads ``old`` into quads ``new`` (order kept, duplicates once)."""
    old_set = dict.fromkeys(old)
    new_set = dict.fromkeys(new)
    removed = tuple(q for q in old_set if q not in new_set)
    added = tuple(q for q in new_set if q not in old_set)
    return Changeset(added=added, removed=removed, **meta)  # type: ignore[arg-type]

"""A read-only mapping that is an older mapping plus a few changes, made without copying it.

After a save the dashboard's tables (findings by focus, worst severities, entity scores,
projects) differ from the previous ones in a handful of entries, but at 100k capabilities
each holds hundreds of thousands: copying them was most of a save's cost. A
:class:`Layered` shares the previous version's base dictionary and keeps only the entries
changed since, so the previous version stays as it was for a page still reading it. When the
changes grow past a share of the base they are folded into a new base (one copy, spread over
many saves).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Generic, TypeVar

K = TypeVar("K")
V = TypeVar("V")

_GONE = object()
"""Marks a key removed since the base."""

FOLD_AT = 4_096
"""Changed entries kept beside the base before they are folded into a new one."""


class Layered(Mapping[K, V], Generic[K, V]):
    """``base`` with ``changes`` on top; never modified once made (see the module)."""

    __slots__ = ("_base", "_changes", "_len")

    def __init__(self, base: Mapping[K, V]) -> None:
        """``base`` as it is now (a :class:`Layered` one shares its own base)."""
        if isinstance(base, Layered):
            self._base: Mapping[K, V] = base._base
            self._changes: dict[K, object] = dict(base._changes)
        else:
            self._base, self._changes = base, {}
        self._len = len(base)

    def _folded(self) -> dict[K, V]:
        out = dict(self._base)
        for key, value in self._changes.items():
            if value is _GONE:
                out.pop(key, None)
            else:
                out[key] = value  # type: ignore[assignment]
        return out

    def with_changes(self, changes: Mapping[K, V | None]) -> Layered[K, V]:
        """A new version with ``changes`` applied (a value of ``None`` removes the key)."""
        out: Layered[K, V] = Layered.__new__(Layered)
        size = self._len
        for key, value in changes.items():
            size += (value is not None) - (key in self)
        out._len = size
        if len(self._changes) + len(changes) > FOLD_AT:
            out._base, out._changes = self._folded(), {}
        else:
            out._base, out._changes = self._base, dict(self._changes)
        for key, value in changes.items():
            out._changes[key] = _GONE if value is None else value
        return out

    def __getitem__(self, key: K) -> V:
        value = self._changes.get(key, self)
        if value is self:
            return self._base[key]
        if value is _GONE:
            raise KeyError(key)
        return value  # type: ignore[return-value]

    def __contains__(self, key: object) -> bool:
        value = self._changes.get(key, self)  # type: ignore[arg-type]
        if value is self:
            return key in self._base
        return value is not _GONE

    def __iter__(self) -> Iterator[K]:
        for key in self._base:
            if key not in self._changes:
                yield key
        for key, value in self._changes.items():
            if value is not _GONE:
                yield key

    def __len__(self) -> int:
        return self._len

"""What the pickers remember for one store version, behind one lock: answers to texts, names,
subclasses and classes read whole. It asks nothing of the store itself: its callers
(:mod:`.picker_search`) pass in what it must ask, so the rules of when an answer may be
reused live here and the queries and app wiring there.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import pyoxigraph as ox

MAX_ANSWERS = 256
"""Answers remembered per app, each at most the query's limit of rows (60 for the editor):
a few MiB at the most."""

MAX_NAMES = 20_000
"""Names of matches remembered per app (a few MiB); past this the oldest half is forgotten."""

Row = tuple[ox.NamedNode, str]
"""A match: the instance and the lower-case text it was found by (its name, or its IRI)."""


@dataclass(frozen=True)
class Answer:
    rows: tuple[Row, ...]
    complete: bool  # fewer rows than the limit: every match of the text


@dataclass(frozen=True)
class Whole:
    """Every row of a class: what its picker's query gives for the empty text, as read
    (``rows``) less the subjects saves have changed since (``changed``) plus their rows now
    (``patched``). A save costs what it changed, not a copy of every row, and the rows of the
    subjects it changed are only asked for (``pending``) when a text needs them: a text with
    more matches than the limit among the others never does."""

    rows: tuple[Row, ...]
    changed: frozenset[ox.NamedNode] = frozenset()
    patched: tuple[Row, ...] = ()
    pending: frozenset[ox.NamedNode] = frozenset()

    @property
    def ordered(self) -> bool:
        """Whether the rows are in the store's order (no save has changed them)."""
        return not self.changed

    @property
    def size(self) -> int:
        return len(self.rows) + len(self.patched)

    def matches(self, text: str, limit: int) -> list[Row]:
        """The known rows containing ``text``, in this order, at most ``limit`` of them (the
        rows of ``pending`` subjects are not known)."""
        found: list[Row] = []
        changed = self.changed
        for row in self.rows:
            if text in row[1] and not (changed and row[0] in changed):
                found.append(row)
                if len(found) >= limit:
                    return found
        for row in self.patched:
            if text in row[1]:
                found.append(row)
                if len(found) >= limit:
                    break
        return found

    def patch(self, subjects: set[ox.NamedNode], rows: tuple[Row, ...]) -> Whole:
        """These rows with ``subjects``' rows replaced by ``rows`` (theirs now)."""
        return Whole(self.rows, self.changed | subjects,
                     (*(row for row in self.patched if row[0] not in subjects), *rows),
                     self.pending - subjects)

    def defer(self, subjects: set[ox.NamedNode]) -> Whole:
        """These rows with ``subjects``' rows unknown until asked for."""
        return Whole(self.rows, self.changed | subjects,
                     tuple(row for row in self.patched if row[0] not in subjects),
                     self.pending | subjects)


Fetch = Callable[[set[ox.NamedNode], Sequence[ox.NamedNode]], "tuple[Row, ...] | None"]
"""The rows some subjects give a picker of some classes now (``picker_search._rows_of``)."""


@dataclass
class Memory:
    """One app's answers and names, all of one store version."""

    version: int = -1
    answers: OrderedDict[tuple[str, int, str], Answer] = field(
        default_factory=OrderedDict)
    names: dict[str, str | None] = field(default_factory=dict)
    subclasses: dict[str, tuple[ox.NamedNode, ...]] = field(default_factory=dict)
    whole: dict[str, Whole] = field(default_factory=dict)
    reading: set[str] = field(default_factory=set)  # classes being read whole now
    too_big: set[str] = field(default_factory=set)  # more rows than picker_search.CLASS_ROWS
    lock: threading.Lock = field(default_factory=threading.Lock)

    def at(self, version: int,
           catch_up: Callable[[Memory, int], bool] | None = None) -> Memory | None:
        """This memory at ``version``: brought up to it by ``catch_up(self, old version)``
        (called with the lock held) when that can, else emptied; ``None`` if it already holds
        a newer one (a request that read the version before a save)."""
        with self.lock:
            if version < self.version:
                return None
            if version > self.version:
                if self.version < 0 or catch_up is None or not catch_up(self, self.version):
                    self.answers.clear()
                    self.names.clear()
                    self.subclasses.clear()
                    self.whole.clear()
                    self.too_big.clear()
                self.version = version
        return self

    def answer(self, cls: str, limit: int, text: str,
               fetch: Fetch | None = None) -> Answer | None:
        """The remembered answer for ``text``, or one narrowed from a complete answer for a
        text it contains or from the whole class (asking ``fetch`` for the rows of subjects
        saves changed, when the answer needs them); ``None`` when the store must be asked."""
        with self.lock:
            version = self.version
            found = self.answers.get((cls, limit, text))
            if found is not None:
                self.answers.move_to_end((cls, limit, text))
                return found
            wider = [a for (c, n, t), a in self.answers.items()
                     if a.complete and c == cls and n == limit and t in text]
            whole = self.whole.get(cls)
        if wider:
            base = min(wider, key=lambda a: len(a.rows))
            narrowed = Answer(tuple(r for r in base.rows if text in r[1]), True)
        elif whole is not None:
            matches = whole.matches(text, limit)
            if len(matches) >= limit:
                if not whole.ordered:  # which come first is the store's to say
                    return None
                narrowed = Answer(tuple(matches), False)  # the first, in the store's order
            else:
                if whole.pending:
                    settled = self._settled(cls, whole, fetch)
                    if settled is None:
                        return None
                    matches = settled.matches(text, limit)
                    if len(matches) >= limit:
                        return None
                narrowed = Answer(tuple(matches), True)
        else:
            return None
        self.keep(version, cls, limit, text, narrowed)
        return narrowed

    def _settled(self, cls: str, whole: Whole, fetch: Fetch | None) -> Whole | None:
        """``whole`` with its pending subjects' rows asked for, and kept if it is still the
        class's; ``None`` when they cannot be asked for."""
        with self.lock:
            bound = self.subclasses.get(cls)
        rows = fetch(set(whole.pending), bound) if fetch is not None and bound else None
        if rows is None:
            return None
        settled = whole.patch(set(whole.pending), rows)
        with self.lock:
            if self.whole.get(cls) is whole:
                self.whole[cls] = settled
        return settled

    def keep(self, version: int, cls: str, limit: int, text: str,
             answer: Answer) -> None:
        """Remember ``answer``, unless the memory has moved on from ``version`` meanwhile."""
        with self.lock:
            if version != self.version:
                return
            self.answers[(cls, limit, text)] = answer
            self.answers.move_to_end((cls, limit, text))
            while len(self.answers) > MAX_ANSWERS:
                self.answers.popitem(last=False)

    def classes_of(self, version: int, cls: str,
                   classes: Callable[[], Sequence[ox.NamedNode]]) -> tuple[ox.NamedNode, ...]:
        """``classes()``, the class and its subclasses, asked once per store version."""
        with self.lock:
            found = self.subclasses.get(cls)
        if found is None:
            found = tuple(classes())
            with self.lock:
                if version == self.version and len(self.subclasses) < MAX_ANSWERS:
                    self.subclasses[cls] = found
        return found

    def label_map(self, version: int, iris: Sequence[str],
                  lookup: Callable[[list[str]], dict[str, str]]) -> dict[str, str]:
        """``labels.lookup`` of ``iris``, asking only about those not remembered."""
        with self.lock:
            known = {i: self.names[i] for i in iris if i in self.names}
        missing = [i for i in iris if i not in known]
        fresh = lookup(missing) if missing else {}
        with self.lock:
            if version == self.version:
                if len(self.names) + len(missing) > MAX_NAMES:
                    for old in list(self.names)[:len(self.names) // 2]:
                        del self.names[old]
                self.names.update({i: fresh.get(i) for i in missing})
        known.update(fresh)
        return {i: name for i, name in known.items() if name is not None}

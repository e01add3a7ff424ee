"""The pickers' search-as-you-type: the store's answers, remembered while the store stays as it was.

A picker of a large class asks on every keystroke for the instances whose name (a literal of
a label predicate of the label policy, :mod:`tomgraph.labels`) or, when unnamed, whose IRI
contains the typed text. The answer is always the store's, by one query
(``edit-choices.rq``, run through :func:`tomgraph.web.querying.run_table`), and names come
from the label policy's :func:`tomgraph.labels.lookup`. What this module adds is memory of
those answers for the store version they were read at:

* the same text asked again (a second editor, a backspace) is answered from memory;
* a text containing one whose answer was *complete* (fewer rows than the query's limit, so
  the scan read every instance) is answered by filtering that answer's rows: a row whose
  text contains the longer text contains the shorter one too, and the query yields rows in
  the same order for both, so the answer is the one the query would give. Typing "capab"
  after "capa" found a dozen rows costs no scan of ten thousand instances;
* the names of the matches, and the class's subclasses, are remembered too, so a repeated
  text asks the store nothing.

A scan costs what it did before on the first keystroke after a save; the keystrokes after it
mostly cost nothing. Every write through tomgraph moves the store version, and the memory of
an older version is dropped whole on the next search. It is bounded: at most
:data:`MAX_ANSWERS` answers of at most the query's limit of rows each, at most
:data:`MAX_NAMES` names. Only the app's own store, and not a remote one (which others may
write without moving the version), is remembered; anything else is asked every time.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import pyoxigraph as ox
from flask import current_app, has_app_context

from ... import labels
from ...sparql import internal_query
from ...store import Store
from .. import querying

MAX_ANSWERS = 256
"""Answers remembered per app, each at most the query's limit of rows (60 for the editor):
a few MiB at the most."""

MAX_NAMES = 20_000
"""Names of matches remembered per app (a few MiB); past this the oldest half is forgotten."""

_KEY = "tomgraph.editing.picker_search"

Row = tuple[ox.NamedNode, str]
"""A match: the instance and the lower-case text it was found by (its name, or its IRI)."""


@dataclass(frozen=True)
class Answer:
    rows: tuple[Row, ...]
    complete: bool  # fewer rows than the limit: every match of the text


@dataclass
class _Memory:
    """One app's answers and names, all of one store version."""

    version: int = -1
    answers: OrderedDict[tuple[str, int, str], Answer] = field(
        default_factory=OrderedDict)
    names: dict[str, str | None] = field(default_factory=dict)
    subclasses: dict[str, tuple[ox.NamedNode, ...]] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def at(self, version: int) -> _Memory | None:
        """This memory, emptied first if it was made at an older store version; ``None`` if
        it already holds a newer one (a request that read the version before a save)."""
        with self.lock:
            if version < self.version:
                return None
            if version > self.version:
                self.version = version
                self.answers.clear()
                self.names.clear()
                self.subclasses.clear()
        return self

    def answer(self, cls: str, limit: int, text: str) -> Answer | None:
        """The remembered answer for ``text``, or one narrowed from a complete answer for a
        text it contains; ``None`` when the store must be asked."""
        with self.lock:
            version = self.version
            found = self.answers.get((cls, limit, text))
            if found is not None:
                self.answers.move_to_end((cls, limit, text))
                return found
            wider = [a for (c, n, t), a in self.answers.items()
                     if a.complete and c == cls and n == limit and t in text]
        if not wider:
            return None
        base = min(wider, key=lambda a: len(a.rows))
        narrowed = Answer(tuple(r for r in base.rows if text in r[1]), True)
        self.keep(version, cls, limit, text, narrowed)
        return narrowed

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


def _memory(store: Store, version: int) -> _Memory | None:
    """The app's memory at ``version``, or ``None`` when answers must not be kept."""
    if not has_app_context() or store.remote or store is not current_app.extensions.get(
            "tomgraph"):
        return None
    memory: _Memory = current_app.extensions.setdefault(_KEY, _Memory())
    return memory.at(version)


def matching_rows(store: Store, cls: str, text: str, limit: int,
                  classes: Callable[[], Sequence[ox.NamedNode]]) -> tuple[Row, ...]:
    """The first ``limit`` matches of lower-case ``text`` among instances of ``cls``, in the
    store's order (each instance once per name that contains the text); ``classes`` gives
    ``cls`` and its subclasses (asked once per store version)."""
    version = store.version
    memory = _memory(store, version)
    if memory is not None:
        found = memory.answer(cls, limit, text)
        if found is not None:
            return found.rows
    query = internal_query("edit-choices") + f"\nLIMIT {int(limit)}"
    bound = memory.classes_of(version, cls, classes) if memory is not None else classes()
    table = querying.run_table(
        query, visitor=False, store=store,
        bindings={"c": list(bound), "q": ox.Literal(text), "labelPredicate": labels.predicates()},
    )
    rows = tuple((i, t.value) for i, t in table.rows
                 if isinstance(i, ox.NamedNode) and isinstance(t, ox.Literal))
    if memory is not None:
        complete = len(table.rows) < limit and not table.truncated
        memory.keep(version, cls, limit, text, Answer(rows, complete))
    return rows


def names(store: Store, iris: Sequence[str]) -> dict[str, str]:
    """IRI → its label (:func:`tomgraph.labels.lookup`), remembered for the store version."""
    version = store.version
    memory = _memory(store, version)
    if memory is None:
        return labels.lookup(store, iris)
    return memory.label_map(version, iris, lambda missing: labels.lookup(store, missing))

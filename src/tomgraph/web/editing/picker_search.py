"""The pickers' search-as-you-type: the store's answers, remembered and kept up to date with saves.

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
  text asks the store nothing;
* a class of at most :data:`CLASS_ROWS` rows is read whole (the same query with the empty
  text, which every text contains) on a background thread, once per store version, when a
  form offers a search box for it or its picker first has to scan: every keystroke after
  that is answered by filtering those rows, the store's own, in its order. An answer with
  more matches than the limit is the first of them in that order, what the query with its
  limit gives; once a save has changed some of the rows (below) their order is no longer
  the store's, and such an answer is asked of the store again (a cheap one: the scan stops
  at the limit).

Every write through tomgraph moves the store version. When the version has moved by the app's
own saves only (the editor's changesets, :func:`tomgraph.web.store_version.changes_since`),
the memory is brought up to date instead of dropped, through the subjects whose classes or
names the saves changed: complete answers take those subjects' rows as the store has them now
(one small query per class), and a class read whole marks them changed and asks for their
rows only when a text needs them (its answers are dropped: filtering the class re-derives
them). So the first keystroke after a save in a form costs no scan either. Any other write
(an import, an update, a save changing the class hierarchy or the names of more than
:data:`MAX_CATCH_UP_SUBJECTS` subjects) drops the memory whole, and the next keystroke scans
as the store answers it. It is bounded (:mod:`.picker_memory`): at most 256 answers of at
most the query's limit of rows each, 20,000 names and :data:`MAX_CLASS_ROWS` rows of whole
classes. Only the app's own store, and not a remote one (which others may write without
moving the version), is remembered; anything else is asked every time.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Sequence

import pyoxigraph as ox
from flask import Flask, current_app, has_app_context

from ... import labels
from ...changes import Changeset
from ...changes.history import HISTORY_TYPES
from ...namespaces import RDF, RDFS
from ...sparql import internal_query
from ...store import Store
from .. import querying
from ..store_version import changes_since
from .picker_memory import Answer, Memory, Row, Whole

CLASS_ROWS = 120_000
"""A class with at most this many rows (an instance and a name each: the capabilities of a
100,000-capability model) is read whole and kept; a larger one is scanned for each new text.
A row takes about 220 bytes (measured with tracemalloc), so a class of 100,000 about 21 MiB."""

MAX_CLASS_ROWS = 240_000
"""Rows of whole classes kept per app, together (about 50 MiB): past this no further class is
read."""

MAX_CHANGED = 5_000
"""Subjects saves may have changed in a whole class before it is read again from the store."""

MAX_CATCH_UP_SUBJECTS = 200
"""Saves that change the classes or names of more subjects than this, together, drop the memory
instead of bringing it up to date: asking about them would cost about what a scan does."""

_KEY = "tomgraph.editing.picker_search"

_ROW_PREDICATES = frozenset({RDF + "type", *labels.LABEL_PREDICATES})
"""The predicates a subject's rows are made of: its classes and its names."""

_SUBCLASS_OF = RDFS + "subClassOf"
_HISTORY_CLASSES = frozenset(ox.NamedNode(kind) for kind in HISTORY_TYPES)

_log = logging.getLogger(__name__)

def _memory(store: Store, version: int) -> Memory | None:
    """The app's memory at ``version``, or ``None`` when answers must not be kept."""
    if not has_app_context() or store.remote or store is not current_app.extensions.get(
            "tomgraph"):
        return None
    memory: Memory = current_app.extensions.setdefault(_KEY, Memory())
    return memory.at(version, lambda held, since: _catch_up(store, held, since, version))


def _catch_up(store: Store, memory: Memory, since: int, version: int) -> bool:
    """Bring ``memory`` (lock held) from store version ``since`` to ``version`` with the app's
    saves in between; ``False`` when they do not say what changed, or too much did.

    A save changes a picker's rows only through the subjects whose classes or names it
    changes, and through the history node each commit adds (:data:`HISTORY_TYPES`).
    Complete answers drop those subjects' rows and take their rows as the store has them now
    (filtered by each answer's text, as narrowing does); an answer that reaches its limit, or
    that was cut at it, is dropped, since which rows the store would give first is the
    store's to say. A class read whole defers those subjects (:meth:`Whole.defer`) and its
    answers are dropped. Answers and whole classes about the history node's classes are
    dropped too.
    """
    found = changes_since((since, 0), (version, 0))
    if found is None:
        return False
    subjects: set[ox.NamedNode] = set()
    for change in found:
        if not isinstance(change, Changeset) or change.added_nquads is not None:
            return False
        for quad in (*change.added, *change.removed):
            predicate = quad.predicate.value
            if predicate == _SUBCLASS_OF:
                return False  # the classes a picker offers may change
            if predicate in _ROW_PREDICATES and isinstance(quad.subject, ox.NamedNode):
                subjects.add(quad.subject)
    if len(subjects) > MAX_CATCH_UP_SUBJECTS:
        return False
    fresh: dict[str, tuple[Row, ...] | None] = {}
    # A class read whole answers any text by filtering its rows, so its answers are dropped
    # rather than patched, and the rows of the subjects saved are asked for when a text
    # needs them (often never: "a" finds its first matches among the others).
    classes = {cls for (cls, _, _), answer in memory.answers.items()
               if answer.complete and cls not in memory.whole}
    for cls in sorted(classes):
        bound = memory.subclasses.get(cls)
        fresh[cls] = (None if bound is None or _HISTORY_CLASSES.intersection(bound)
                      else _rows_of(store, bound, subjects))
    kept = [(key, answer) for key, answer in memory.answers.items()
            if answer.complete and fresh.get(key[0]) is not None]
    memory.answers.clear()
    for (cls, limit, text), answer in kept:
        rows = (*(row for row in answer.rows if row[0] not in subjects),
                *(row for row in fresh[cls] or () if text in row[1]))
        if len(rows) < limit:
            memory.answers[(cls, limit, text)] = Answer(rows, True)
    for cls, whole in list(memory.whole.items()):
        bound = memory.subclasses.get(cls)
        if bound is None or _HISTORY_CLASSES.intersection(bound):
            del memory.whole[cls]
        elif subjects:
            patched = whole.defer(subjects)
            if patched.size <= CLASS_ROWS and len(patched.changed) <= MAX_CHANGED:
                memory.whole[cls] = patched
            else:
                del memory.whole[cls]
    for subject in subjects:
        memory.names.pop(subject.value, None)
    return True


def _ask(store: Store, classes: Sequence[ox.NamedNode], text: str, *,
         limit: int | None = None,
         subjects: set[ox.NamedNode] | None = None) -> tuple[tuple[Row, ...], bool]:
    """The picker's one query (``edit-choices.rq``): the rows of instances of ``classes``
    whose text contains lower-case ``text``, at most ``limit``, of ``subjects`` only when
    given; and whether they are every such row (neither the limit nor the app's row cap cut
    them)."""
    query = internal_query("edit-choices")
    if limit is not None:
        query += f"\nLIMIT {int(limit)}"
    bindings: dict[str, ox.Literal | list[ox.NamedNode]] = {
        "c": list(classes), "q": ox.Literal(text), "labelPredicate": labels.predicates()}
    if subjects is not None:
        bindings["i"] = sorted(subjects, key=lambda s: s.value)
    table = querying.run_table(query, visitor=False, store=store, bindings=bindings)
    rows = tuple((i, t.value) for i, t in table.rows
                 if isinstance(i, ox.NamedNode) and isinstance(t, ox.Literal))
    return rows, not table.truncated and (limit is None or len(table.rows) < limit)


def _rows_of(store: Store, classes: Sequence[ox.NamedNode],
             subjects: set[ox.NamedNode]) -> tuple[Row, ...] | None:
    """The rows ``subjects`` give a picker of ``classes`` whatever its text (the empty text,
    which every text contains); ``None`` if the app's row cap cut them."""
    if not subjects:
        return ()
    rows, every = _ask(store, classes, "", subjects=subjects)
    return rows if every else None


def matching_rows(store: Store, cls: str, text: str, limit: int,
                  classes: Callable[[], Sequence[ox.NamedNode]]) -> tuple[Row, ...]:
    """The first ``limit`` matches of lower-case ``text`` among instances of ``cls``, in the
    store's order (each instance once per name that contains the text); ``classes`` gives
    ``cls`` and its subclasses (asked once per store version)."""
    version = store.version
    memory = _memory(store, version)
    if memory is not None:
        found = memory.answer(cls, limit, text,
                              lambda subjects, bound: _rows_of(store, bound, subjects))
        if found is not None:
            return found.rows
    bound = memory.classes_of(version, cls, classes) if memory is not None else classes()
    if memory is not None:
        _read_whole_later(store, memory, version, cls, bound)
    rows, complete = _ask(store, bound, text, limit=limit)
    if memory is not None:
        memory.keep(version, cls, limit, text, Answer(rows, complete))
    return rows


def names(store: Store, iris: Sequence[str]) -> dict[str, str]:
    """IRI → its label (:func:`tomgraph.labels.lookup`), remembered for the store version."""
    version = store.version
    memory = _memory(store, version)
    if memory is None:
        return labels.lookup(store, iris)
    return memory.label_map(version, iris, lambda missing: labels.lookup(store, missing))


def prefetch(store: Store, cls: str, classes: Callable[[], Sequence[ox.NamedNode]]) -> None:
    """Start reading ``cls`` whole in the background (a form is about to offer its search
    box), unless it is already kept, being read, or too big at this store version."""
    version = store.version
    memory = _memory(store, version)
    if memory is not None:
        _read_whole_later(store, memory, version, cls, memory.classes_of(version, cls, classes))


def _read_whole_later(store: Store, memory: Memory, version: int, cls: str,
                      bound: Sequence[ox.NamedNode]) -> None:
    """Read ``cls`` whole on a thread of its own, if that may be kept."""
    with memory.lock:
        if (version != memory.version or cls in memory.whole or cls in memory.reading
                or cls in memory.too_big
                or sum(w.size for w in memory.whole.values()) >= MAX_CLASS_ROWS):
            return
        memory.reading.add(cls)
    app: Flask = current_app._get_current_object()  # type: ignore[attr-defined]
    threading.Thread(target=_read_whole, args=(app, store, memory, version, cls, tuple(bound)),
                     name=f"picker-read-{cls.rsplit('#', 1)[-1][:20]}", daemon=True).start()


def _read_whole(app: Flask, store: Store, memory: Memory, version: int, cls: str,
                bound: tuple[ox.NamedNode, ...]) -> None:
    """Every row of ``cls`` (its picker's query with the empty text), kept for ``version``.

    The rows are read at ``version`` or later; a later save is brought in by the catch-up,
    which asks again about what it changed, so newer rows do no harm. A failure (the store
    closed, a timeout under load) keeps nothing: the picker scans as it would without."""
    try:
        with app.app_context():
            rows, every = _ask(store, bound, "", limit=CLASS_ROWS + 1)
        with memory.lock:
            if memory.version == version:
                if every:
                    memory.whole[cls] = Whole(rows)
                else:
                    memory.too_big.add(cls)
    except Exception:  # noqa: BLE001 - a background read only saves later scans
        _log.warning("reading the picker's class %s whole failed", cls, exc_info=True)
    finally:
        with memory.lock:
            memory.reading.discard(cls)


def reading_done(app: Flask, timeout: float = 10.0) -> bool:
    """Wait until no class is being read whole for ``app`` (at most ``timeout`` seconds);
    whether none is. For tests and benchmarks that measure the keystrokes after a read."""
    memory: Memory | None = app.extensions.get(_KEY)
    deadline = time.monotonic() + timeout
    while memory is not None and memory.reading:
        if time.monotonic() > deadline:
            return False
        time.sleep(0.005)
    return True

"""Reading the history graph back: lists of changesets, one changeset's quads for a revert.

Everything is read with SPARQL (``tomgraph/sparql/history-*.rq``), so the history of a remote
store is read exactly as an embedded one's.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import pyoxigraph as ox

from ..namespaces import XSD
from ..sparql import internal_query
from ..store import SelectResult, Store
from .changeset import Changeset
from .history import parse_quads


@dataclass(frozen=True)
class ChangeRecord:
    """One changeset as a history page lists it."""

    iri: str
    agent: str
    time: str
    kind: str
    comment: str | None
    source: str | None
    added: int
    removed: int


def _value(term: object) -> str | None:
    return getattr(term, "value", None) if term is not None else None


def list_changesets(
    store: Store, *, entity: str | None = None, limit: int = 50, offset: int = 0
) -> list[ChangeRecord]:
    """Changesets newest first; only those that changed ``entity``'s statements if given."""
    if entity:
        text = internal_query("history-entity")
        bindings = {"entity": ox.Literal(entity, datatype=ox.NamedNode(XSD + "anyURI"))}
    else:
        text, bindings = internal_query("history-list"), {}
    result = store.query(text + f"\nLIMIT {int(limit)} OFFSET {int(offset)}", bindings=bindings)
    assert isinstance(result, SelectResult)
    out = []
    for row in result.dicts():
        out.append(ChangeRecord(
            iri=str(_value(row["cs"])),
            agent=str(_value(row["agent"])),
            time=str(_value(row["time"])),
            kind=str(_value(row["kind"])),
            comment=_value(row.get("comment")),
            source=_value(row.get("source")),
            added=int(str(_value(row["added"]))),
            removed=int(str(_value(row["removed"]))),
        ))
    return out


def load_changeset(store: Store, iri: str) -> Changeset | None:
    """The changeset recorded as ``iri`` (its quads parsed back), or ``None`` if unknown.

    A changeset too large to have kept its quads comes back with none.
    """
    result = store.query(internal_query("history-changeset"), bindings={"cs": ox.NamedNode(iri)})
    assert isinstance(result, SelectResult)
    rows = list(result.dicts())
    if not rows:
        return None
    row = rows[0]
    added = _value(row.get("addedQuads")) or ""
    removed = _value(row.get("removedQuads")) or ""
    time_text = str(_value(row["time"]))
    return Changeset(
        added=tuple(parse_quads(added)) if added else (),
        removed=tuple(parse_quads(removed)) if removed else (),
        agent=str(_value(row["agent"])),
        comment=_value(row.get("comment")),
        activity=str(_value(row["kind"])),
        source=_value(row.get("source")),
        time=datetime.fromisoformat(time_text),
        reverts=_value(row.get("reverts")),
    )

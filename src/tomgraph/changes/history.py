"""The history graph: one PROV-O activity per changeset, with the quads it changed.

Each changeset is a ``tom:Changeset`` (a ``prov:Activity``) in :data:`HISTORY_GRAPH` with
who (``prov:wasAssociatedWith``), when (``prov:endedAtTime``), why (``rdfs:comment``), what
kind of action and from what source. The quads it removed and added are kept as N-Quads text
in ``tom:removedQuads`` / ``tom:addedQuads``: as literals they never surface as facts in the
union of graphs that queries read, yet a revert or a history page can parse them back.
Changesets larger than :data:`MAX_KEPT_QUADS` (or whose text is longer than
:data:`MAX_KEPT_LINE`) keep their counts only. Each changeset also
names the subjects it changed (``tom:changedSubject``, ``xsd:anyURI`` literals, at most
:data:`MAX_KEPT_SUBJECTS`) so an entity's history is one indexed lookup; a revert names the
changeset it undoes (``tom:reverts``).
"""

from __future__ import annotations

import uuid

import pyoxigraph as ox

from ..namespaces import GRAPH_BASE, PROV, RDF, RDFS, TOM, XSD
from .changeset import Changeset

HISTORY_GRAPH = GRAPH_BASE + "history"
CHANGESET_BASE = "https://w3id.org/tomgraph/changeset/"
HISTORY_TYPES = (TOM + "Changeset", PROV + "Activity")
"""The classes of the node each commit adds to the history graph (beside its changeset's
quads): whoever keeps answers about instances of a class must know commits make new ones."""
MAX_KEPT_QUADS = 200_000
"""Above this, a changeset (typically a whole-model import) records counts, not quads."""
MAX_KEPT_SUBJECTS = 1_000
MAX_KEPT_LINE = 15_000_000
"""Bytes of one kept-quads literal, written out: Oxigraph's N-Quads parser refuses a line
over 16 MiB, so longer texts (long literals in a big changeset) record counts only too."""


def _nquads(quads: tuple[ox.Quad, ...]) -> str:
    return "".join(f"{q} .\n" for q in quads)


def history_quads(change: Changeset) -> tuple[ox.NamedNode, list[ox.Quad]]:
    """The changeset's IRI and the quads that record it in the history graph."""
    node = ox.NamedNode(CHANGESET_BASE + uuid.uuid4().hex)
    g = ox.NamedNode(HISTORY_GRAPH)

    def lit(value: object, datatype: str | None = None) -> ox.Literal:
        return ox.Literal(str(value), datatype=ox.NamedNode(datatype) if datatype else None)

    facts: list[tuple[str, ox.NamedNode | ox.Literal]] = [
        *((RDF + "type", ox.NamedNode(kind)) for kind in HISTORY_TYPES),
        (PROV + "wasAssociatedWith", lit(change.agent)),
        (PROV + "endedAtTime", lit(change.time.isoformat(), XSD + "dateTime")),
        (TOM + "activityKind", lit(change.activity)),
        (TOM + "addedCount", lit(change.added_count, XSD + "integer")),
        (TOM + "removedCount", lit(len(change.removed), XSD + "integer")),
    ]
    if change.comment:
        facts.append((RDFS + "comment", lit(change.comment)))
    if change.source:
        facts.append((PROV + "used", lit(change.source)))
    if change.reverts:
        facts.append((TOM + "reverts", ox.NamedNode(change.reverts)))
    subjects = change.subjects_up_to(MAX_KEPT_SUBJECTS)
    if subjects is not None:
        facts.extend((TOM + "changedSubject", lit(s, XSD + "anyURI")) for s in subjects)
    if change.added_count + len(change.removed) <= MAX_KEPT_QUADS:
        bulk = change.added_nquads.data.decode() if change.added_nquads else ""
        kept = [lit(_nquads(change.added) + bulk), lit(_nquads(change.removed))]
        if all(len(str(k).encode()) <= MAX_KEPT_LINE for k in kept):
            facts.append((TOM + "addedQuads", kept[0]))
            facts.append((TOM + "removedQuads", kept[1]))
    return node, [ox.Quad(node, ox.NamedNode(p), o, g) for p, o in facts]


def parse_quads(text: str) -> list[ox.Quad]:
    """The quads a ``tom:addedQuads`` / ``tom:removedQuads`` literal holds."""
    return list(ox.parse(text.encode(), ox.RdfFormat.N_QUADS))

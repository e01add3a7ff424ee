"""Export an imported model as it streams out of the store, without holding it in memory.

The graph is read through the store's bulk export (N-Triples, written to :class:`_Sink` in
chunks as the store produces them). Stores hand a graph's statements out grouped by subject
(an index on graph and subject), so each element and relationship arrives as one run of
lines and is written as XML the moment the next subject starts: into a temporary file for
its section, so that memory holds one record at a time, not the model. What is small or
needs other subjects to be written (the model header, property definitions, folders, views,
and the concepts that carry properties, whose values are subjects of their own) is kept and
rebuilt with :class:`~.from_rdf.Rebuilder` at the end.

A subject whose statements arrive in more than one run (a store that does not group them
fully, such as the in-memory one, which hands them out newest first) shows a run without its
``rdf:type``. Such a run is kept, and so is the subject's typed run if it comes later; if the
typed run came first and was already written, :func:`stream_model` returns ``None`` and the
caller rebuilds the model in memory instead. Nothing has been written to the output by then.
"""

from __future__ import annotations

import re
import tempfile
from dataclasses import dataclass
from typing import IO

import pyoxigraph as ox

from ..namespaces import AM, RDF
from ..sparql import internal_query
from ..store import SelectResult, Store
from ..terms import unescape_nt
from .from_rdf import Fact, Rebuilder
from .model import LangString, Model
from .vocabulary import ID_BASE, RELATIONSHIP_TYPES
from .writer import escape_attribute as _a
from .writer import escape_text as _t

_TYPE = RDF + "type"
_AM_IRI = "<" + AM
_N = len(AM)
_KEPT = {"Model", "Property", "PropertyDefinition", "OrganizationItem", "View", "ViewNode",
         "Connection"}
"""Kinds rebuilt at the end (small, or built from several subjects)."""
_IGNORED = {"Element", "Relationship", "Concept"}
_RELATIONSHIPS = frozenset(RELATIONSHIP_TYPES)
_BATCH = 1 << 14
_ID_LEN = len(ID_BASE)
_ATTRIBUTES = ("accessType", "modifier", "isDirected")


@dataclass
class Streamed:
    """What :func:`stream_model` wrote: the sections as XML text in temporary files, and the
    rest of the model (header, definitions, folders, views, concepts with properties)."""

    model: Model
    elements: IO[bytes]
    relationships: IO[bytes]
    element_count: int
    relationship_count: int

    def close(self) -> None:
        self.elements.close()
        self.relationships.close()


def _literal(o: str) -> LangString:
    end = o.rindex('"')
    value = o[1:end]
    if "\\" in value:
        value = unescape_nt(value)
    rest = o[end + 1:]
    return value, (rest[1:] if rest.startswith("@") else None)


def _term(o: str) -> str | LangString:
    if o.startswith("<"):
        return o[1:-1]
    return _literal(o) if o.startswith('"') else o


_ROW = re.compile(
    "(?m)^<([^>]*)> <(?:" + re.escape(AM) + r"(\w+)|" + re.escape(_TYPE) + ")> (.*) \\.$"
)
"""A line of the N-Triples export whose predicate is ``rdf:type`` or an ``am:`` one (its
``am:`` local name, empty for ``rdf:type``): found by the regular expression engine, so the
other statements of the graph cost no Python at all. Only lines that start with an IRI
match (the export writes one statement a line; literals never hold a raw line break)."""


def _texts(out: list[str], tag: str, o: str) -> None:
    text, lang = _literal(o)
    if lang:
        out.append(f'<{tag} xml:lang="{_a(lang)}">{_t(text)}</{tag}>')
    else:
        out.append(f"<{tag}>{_t(text)}</{tag}>")


class _Sink:
    """Receives the N-Triples export chunk by chunk and hands each subject's run on."""

    def __init__(self, renamed: dict[str, str]) -> None:
        self.renamed = renamed
        self.rest = b""
        self.subject: str | None = None
        self.kind: str | None = None
        self.facts: list[tuple[str, str]] = []
        self.kept: list[Fact] = []
        self.orphans: set[str] = set()
        self.elements = tempfile.TemporaryFile()
        self.relationships = tempfile.TemporaryFile()
        self._el: list[str] = []
        self._rel: list[str] = []
        self.element_count = 0
        self.relationship_count = 0
        self._kinds: dict[str, str] = {}

    # The store calls these as a binary file.
    def write(self, data: bytes) -> int:
        chunk = self.rest + data
        cut = chunk.rfind(b"\n") + 1
        self.rest = chunk[cut:]
        if cut:
            self._rows(chunk[:cut].decode())
        return len(data)

    def flush(self) -> None:
        pass

    def _rows(self, text: str) -> None:
        subject, facts = self.subject, self.facts
        for s, k, o in _ROW.findall(text):
            if not k and not o.startswith(_AM_IRI):
                continue  # a type outside the am: vocabulary (a mapped class)
            if s != subject:
                self._finish()
                subject = self.subject = s
                facts = self.facts
            if k:
                facts.append((k, o))
            else:
                kind = o[_N + 1: -1]
                if kind not in _IGNORED:
                    self.kind = kind

    def _finish(self) -> None:
        """Write (or keep) the run just ended and start a new one."""
        s, kind, facts = self.subject, self.kind, self.facts
        self.kind, self.facts = None, []
        if s is None:
            return
        if kind is None:
            # Part of a subject whose type is in another run: kept, and its other run with
            # it if that is still to come (checked once all is read, see stream_model).
            if facts:
                self.orphans.add(s)
                self.kept.extend((s, AM + k, _term(o)) for k, o in facts)
            return
        xml = None
        if kind not in _KEPT and (not self.orphans or s not in self.orphans):
            relationship = kind in _RELATIONSHIPS
            xml = self._concept(s, kind, facts, relationship)
            if xml is not None:
                batch, out = ((self._rel, self.relationships) if relationship
                              else (self._el, self.elements))
                batch.append(xml)
                if len(batch) >= _BATCH:
                    self._spill(batch, out)
        if xml is None:
            kept = self.kept
            kept.append((s, _TYPE, AM + kind))
            kept.extend((s, AM + k, _term(o)) for k, o in facts)

    def _spill(self, parts: list[str], out: IO[bytes]) -> None:
        if parts:
            if out is self.elements:
                self.element_count += len(parts)
            else:
                self.relationship_count += len(parts)
            out.write("\n".join(parts).encode())
            out.write(b"\n")
            parts.clear()

    def _id(self, iri: str) -> str:
        """The identifier an IRI stands for, escaped for an attribute."""
        renamed = self.renamed
        if renamed and iri in renamed:
            return _a(renamed[iri])
        ident = iri[_ID_LEN:] if iri.startswith(ID_BASE) else iri
        return _a(ident) if "&" in ident else ident  # an IRI holds no other character to escape

    def _start(self, tag: str, s: str, kind: str, ident: str | None) -> str:
        """The start tag's identifier and type (the identifier the run names, else the IRI's)."""
        typ = self._kinds.get(kind)
        if typ is None:
            typ = self._kinds[kind] = _a(kind)
        value = _a(_literal(ident)[0]) if ident is not None else self._id(s)
        return f'<{tag} identifier="{value}" xsi:type="{typ}"'

    def _concept(self, s: str, kind: str, facts: list[tuple[str, str]],
                 relationship: bool) -> str | None:
        """One ``<element>`` or ``<relationship>`` as XML text (what
        :func:`.writer.element_xml` and :func:`.writer.relationship_xml` write), or ``None``
        for one with properties (rebuilt at the end)."""
        ident = None
        ends = {"source": "", "target": ""} if relationship else {}
        names: list[str] = []
        docs: list[str] = []
        attrs: dict[str, str] | None = None
        for k, o in facts:
            if k in ends:
                ends[k] = self._id(o[1:-1])
            elif k == "name":
                _texts(names, "name", o)
            elif k == "documentation":
                _texts(docs, "documentation", o)
            elif k == "identifier":
                ident = o
            elif k == "property":
                return None
            elif relationship and k in _ATTRIBUTES:
                if attrs is None:
                    attrs = {}
                attrs[k] = _a(_literal(o)[0])
        tag = "relationship" if relationship else "element"
        head = self._start(tag, s, kind, ident)
        if relationship:
            head += f' source="{ends["source"]}" target="{ends["target"]}"'
            if attrs:
                head += "".join(f' {key}="{attrs[key]}"' for key in _ATTRIBUTES if key in attrs)
            if not names and not docs:
                return head + "/>"
        return f'{head}>{"".join(names)}{"".join(docs)}</{tag}>'

    def end(self) -> None:
        if self.rest:
            self._rows(self.rest.decode() + "\n")
            self.rest = b""
        self._finish()
        self.subject = None
        self._spill(self._el, self.elements)
        self._spill(self._rel, self.relationships)
        self.elements.seek(0)
        self.relationships.seek(0)

    def close(self) -> None:
        self.elements.close()
        self.relationships.close()


def renamed_identifiers(store: Store, graph: str) -> dict[str, str]:
    """IRI → exchange identifier, for the things whose identifier their IRI does not spell."""
    result = store.query(internal_query("archimate-renamed"), bindings={"g": ox.NamedNode(graph)})
    assert isinstance(result, SelectResult)
    out: dict[str, str] = {}
    for s, ident in result:
        if isinstance(s, ox.NamedNode) and isinstance(ident, ox.Literal):
            out[s.value] = ident.value
    return out


def stream_model(store: Store, graph: str) -> Streamed | None:
    """The imported model of ``graph`` with its elements and relationships written as XML to
    temporary files; ``None`` when the graph holds no imported model or the store did not
    group statements by subject (the caller then builds the model in memory)."""
    has_model = store.query(internal_query("archimate-has-model"),
                            bindings={"g": ox.NamedNode(graph)})
    if not has_model:
        return None
    renamed = renamed_identifiers(store, graph)
    sink = _Sink(renamed)
    try:
        store.export(sink, ox.RdfFormat.N_TRIPLES, graph=graph)  # type: ignore[arg-type]
        sink.end()
    except BaseException:
        sink.close()
        raise
    rebuilt = Rebuilder(sink.kept)
    kinds = rebuilt.kinds
    if not rebuilt.has_model() or any(s not in kinds for s in sink.orphans):
        # No imported model, or a concept's statements came in runs apart, one of them
        # already written: the caller builds the model in memory.
        sink.close()
        return None
    rebuilt.idents = {**renamed, **rebuilt.idents}
    return Streamed(rebuilt.model(), sink.elements, sink.relationships, sink.element_count,
                    sink.relationship_count)


"""What one server needs said differently: the SPARQL dialect of a remote store.

Most services evaluate SPARQL 1.1 as written (``sparql11``: nothing is rewritten). OpenLink
Virtuoso 7 does not evaluate transitive property paths over ``rdfs:subClassOf`` reliably,
and tomgraph's validation and reasoning are built on them:

* ``?x rdfs:subClassOf+ ?y`` with neither end bound is refused ("transitive start not given");
* inside ``MINUS`` or ``FILTER NOT EXISTS``, ``?v rdf:type/rdfs:subClassOf* C`` removes
  nothing (on the example, every ``sh:class`` value was reported as a violation);
* with ``default-graph-uri`` given, a query that holds such a path and a ``MINUS`` keeps or
  drops one row it should not.

So for ``virtuoso`` the store rewrites those paths before sending the query: the class
hierarchy is read once per store version and dataset (``?s rdfs:subClassOf ?o``, a few hundred
rows) and its closure computed here, and each path becomes plain triples plus a ``VALUES``
block of the classes (or class pairs) it can reach, or, for ``+``, an alternation of fixed
steps as long as the hierarchy is deep (Virtuoso refuses ``VALUES`` inside ``FILTER NOT
EXISTS`` when the outer query binds its variables)::

    ?v rdf:type/rdfs:subClassOf* tom:Person      →  { VALUES ?_sc1 { tom:Person tom:Lead } …
                                                       ?v rdf:type ?_sc1 }
    ?c rdfs:subClassOf+ ?d                        →  ?c (rdfs:subClassOf | rdfs:subClassOf/
                                                         rdfs:subClassOf | …) ?d

The meaning is the SPARQL 1.1 one, with two limits: blank-node classes (OWL restrictions)
cannot be written into a query and are left out of the closure, and ``?a rdfs:subClassOf* ?b``
with neither end bound pairs each class (and each ``rdf:type`` object) with itself, not every
node of the graph. Paths in other forms are sent unchanged.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence

import pyoxigraph as ox

from ..sparql.structure import Query, parse
from ..sparql.tokens import IRI, PNAME, PUNCT, VAR, WORD, Token
from ..sparql.values import table_block

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
SUB_CLASS_OF = "http://www.w3.org/2000/01/rdf-schema#subClassOf"
DIALECTS = ("sparql11", "virtuoso")
"""The dialects a remote store knows; ``None`` (the default) tells them by the server."""

Rows = Callable[[str], list[Sequence[ox.NamedNode | ox.BlankNode | ox.Literal | None]]]
"""Runs a SELECT over the query's own dataset and returns its rows."""

HIERARCHY = "SELECT ?s ?o WHERE { ?s <" + SUB_CLASS_OF + "> ?o }"
TYPES = "SELECT DISTINCT ?t WHERE { ?x <" + RDF_TYPE + "> ?t }"
_TERMS = (VAR, IRI, PNAME)
SYSTEM_GRAPHS = {
    "virtuoso": frozenset({
        "http://www.openlinksw.com/schemas/virtrdf#",
        "http://localuriqaserver/sparql",
        "http://www.w3.org/ns/ldp#",
    }),
}
"""Graphs a server keeps for itself: never listed, counted, exported or dropped by tomgraph
(Virtuoso's ``virtrdf:`` graph holds its own configuration, and ``DROP ALL`` does nothing
there, so clearing the store drops each of tomgraph's graphs instead)."""
_PATH_OPS = frozenset({"/", "|", "^", "(", "!"})
_AFTER_OBJECT = frozenset({".", ";", "}"})


_BOOLEAN = re.compile(
    rb'("datatype": *"http://www\.w3\.org/2001/XMLSchema#boolean", *"value": *")([01])"'
)


def canonical_booleans(body: bytes) -> bytes:
    """SPARQL JSON results with Virtuoso's ``"1"^^xsd:boolean`` written ``"true"`` (it stores
    booleans as integers and answers every one in that form, whatever was loaded)."""
    if b"XMLSchema#boolean" not in body:
        return body
    return _BOOLEAN.sub(lambda m: m.group(1) + (b'true"' if m.group(2) == b"1" else b'false"'),
                        body)


def dialect_of(server: str | None) -> str:
    """The dialect a ``Server:`` header names (``Virtuoso/07.20 …`` → ``virtuoso``)."""
    return "virtuoso" if server and server.lower().startswith("virtuoso") else "sparql11"


def needs_rewrite(text: str) -> bool:
    """Whether ``text`` may hold a transitive ``rdfs:subClassOf`` path (a cheap first look)."""
    return "subClassOf" in text and ("*" in text or "+" in text)


class Closure:
    """The class hierarchy of one dataset: every class's reflexive-transitive superclasses."""

    def __init__(self, pairs: Iterable[tuple[str, str]], types: Callable[[], list[str]]) -> None:
        self._supers: dict[str, set[str]] = {}
        for sub, sup in pairs:
            self._supers.setdefault(sub, set()).add(sup)
            self._supers.setdefault(sup, set())
        self._plus: dict[str, set[str]] = {c: self._reach(c) for c in self._supers}
        self._types = types
        self._terms: list[str] | None = None

    def _reach(self, start: str) -> set[str]:
        found: set[str] = set()
        todo = list(self._supers.get(start, ()))
        while todo:
            c = todo.pop()
            if c not in found:
                found.add(c)
                todo.extend(self._supers.get(c, ()))
        return found

    def depth(self) -> int:
        """The most steps a shortest ``rdfs:subClassOf`` path between two classes takes (at
        least 1): ``p | p/p | …`` to that many steps reaches all ``p+`` reaches."""
        deepest = 1
        for start in self._supers:
            seen, level, steps = {start}, set(self._supers[start]), 0
            while level:
                steps += 1
                seen |= level
                level = {s for c in level for s in self._supers.get(c, ()) if s not in seen}
            deepest = max(deepest, steps)
        return deepest

    def supers(self, c: str, star: bool) -> set[str]:
        out = set(self._plus.get(c, ()))
        return out | {c} if star else out

    def subs(self, c: str, star: bool) -> set[str]:
        out = {s for s, sups in self._plus.items() if c in sups}
        return out | {c} if star else out

    def pairs(self, star: bool, with_types: bool) -> list[tuple[str, str]]:
        """(sub, super) pairs; with ``star`` also (c, c) for every class, and for every
        ``rdf:type`` object when ``with_types``."""
        out = [(s, o) for s, sups in self._plus.items() for o in sups]
        if star:
            terms = set(self._plus)
            if with_types:
                terms |= set(self.type_objects())
            out += [(c, c) for c in terms if c not in self._plus.get(c, ())]
        return out

    def type_objects(self) -> list[str]:
        if self._terms is None:
            self._terms = self._types()
        return self._terms


class VirtuosoRewriter:
    """Rewrites one query's ``rdfs:subClassOf*`` / ``+`` paths (see the module)."""

    def __init__(self, text: str, closure: Callable[[], Closure]) -> None:
        self.query: Query = parse(text)
        self.names = self.query.prologue()
        self._closure_of = closure
        self._closure: Closure | None = None
        self._fresh = 0

    @property
    def closure(self) -> Closure:
        if self._closure is None:
            self._closure = self._closure_of()
        return self._closure

    def rewrite(self) -> str:
        toks = self.query.tokens
        text = self.query.text
        edits: list[tuple[int, int, str]] = []  # (start offset, end offset, replacement)
        group_inserts: dict[int, list[str]] = {}  # offset after a group's "{" → its blocks
        for i, tok in enumerate(toks):
            if not self._is_transitive(toks, i):
                continue
            if toks[i + 1].text == "+":  # one or more steps: as many as the hierarchy is deep
                steps = ["/".join([tok.text] * n) for n in range(1, self.closure.depth() + 1)]
                edits.append((tok.start, toks[i + 1].end, "(" + " | ".join(steps) + ")"))
                continue
            obj = toks[i + 2] if i + 2 < len(toks) else None
            if obj is None or obj.kind not in _TERMS or (
                i + 3 < len(toks) and toks[i + 3].text == ","
            ):
                continue
            before = toks[i - 1] if i else None
            if before is not None and before.text == "/":
                pre = toks[i - 2] if i >= 2 else None
                if pre is None or not self._simple_predicate(pre) or (
                    i >= 3 and toks[i - 3].text in _PATH_OPS
                ):
                    continue
                opened = self._group_open(i)
                if opened is None:
                    continue
                var = self._var()
                edits.append((pre.end, obj.end, f" {var}"))
                group_inserts.setdefault(toks[opened].end, []).append(
                    self._values_for(var, None, obj, True, pre)
                )
            elif (before is not None and before.kind in _TERMS and self._subject_position(i - 1)
                  and self._triple_ends(i + 3)):
                subject = before
                if subject.kind is VAR and obj.kind is VAR and subject.text[1:] == obj.text[1:]:
                    continue
                block = self._values_for(None, subject, obj, True, None)
                edits.append((subject.start, obj.end, block))
        if not edits:
            return text
        for offset, blocks in group_inserts.items():
            edits.append((offset, offset, " " + " ".join(blocks) + " "))
        out, last = [], 0
        for start, end, replacement in sorted(edits):
            out.append(text[last:start])
            out.append(replacement)
            last = end
        out.append(text[last:])
        return "".join(out)

    # -- reading the tokens --------------------------------------------------------------------
    def _is_transitive(self, toks: list[Token], i: int) -> bool:
        tok = toks[i]
        return (tok.kind in (IRI, PNAME) and i + 1 < len(toks) and toks[i + 1].kind is PUNCT
                and toks[i + 1].text in ("*", "+") and self.names.expand(tok) == SUB_CLASS_OF
                and not (i + 2 < len(toks) and toks[i + 2].text in ("/", "|", ")")))

    def _simple_predicate(self, tok: Token) -> bool:
        return tok.kind in (IRI, PNAME) or (tok.kind is WORD and tok.text == "a")

    def _subject_position(self, at: int) -> bool:
        """Whether token ``at`` starts a triple (it follows ``.``, ``{``, ``}`` or a keyword's
        closing parenthesis, not a predicate)."""
        if at == 0:
            return False
        prev = self.query.tokens[at - 1]
        return prev.kind is PUNCT and prev.text in (".", "{", "}", ")")

    def _triple_ends(self, at: int) -> bool:
        """Whether token ``at`` ends a triple (no ``;`` or ``,`` goes on with its subject)."""
        toks = self.query.tokens
        return at >= len(toks) or toks[at].text in (".", "}", "{") or toks[at].kind is WORD

    def _group_open(self, at: int) -> int | None:
        """Index of the ``{`` of the innermost group holding token ``at``."""
        inner = None
        for g in self.query.groups:
            if g.open < at < g.close and (inner is None or g.open > inner.open):
                inner = g
        return inner.open if inner is not None else None

    def _var(self) -> str:
        self._fresh += 1
        name = f"_sc{self._fresh}"
        while name in self.query.variables:
            name += "_"
        return "?" + name

    # -- writing the VALUES ----------------------------------------------------------------------
    def _values_for(self, var: str | None, subject: Token | None, obj: Token, star: bool,
                    pre: Token | None) -> str:
        closure = self.closure
        if subject is None:  # PRE/subClassOf* OBJ: var is PRE's object
            assert var is not None
            if obj.kind is VAR:
                with_types = pre is not None and _is_type(pre, self)
                return _values((var, obj.text), closure.pairs(star, with_types))
            return _values((var,), [(c,) for c in closure.subs(self.names.expand(obj), star)])
        if subject.kind is VAR and obj.kind is VAR:
            return _values((subject.text, obj.text), closure.pairs(star, star))
        if subject.kind is VAR:
            return _values((subject.text,),
                           [(c,) for c in closure.subs(self.names.expand(obj), star)])
        if obj.kind is VAR:
            return _values((obj.text,),
                           [(c,) for c in closure.supers(self.names.expand(subject), star)])
        holds = self.names.expand(obj) in closure.supers(self.names.expand(subject), star)
        return "FILTER (true)" if holds else "FILTER (false)"


def _is_type(tok: Token, rewriter: VirtuosoRewriter) -> bool:
    return (tok.kind is WORD and tok.text == "a") or rewriter.names.expand(tok) == RDF_TYPE


def _values(variables: tuple[str, ...], rows: Iterable[tuple[str, ...]]) -> str:
    """The closure's rows (IRIs) bound to ``variables`` (``?x`` or ``$x`` as written)."""
    return table_block([v[1:] for v in variables],
                       [tuple(ox.NamedNode(t) for t in row) for row in sorted(set(rows))])


def rewrite_for(dialect: str, text: str, rows: Rows) -> str:
    """``text`` as ``dialect`` needs it; ``rows`` reads the hierarchy over the query's dataset."""
    if dialect != "virtuoso" or not needs_rewrite(text):
        return text

    def closure() -> Closure:
        pairs = [(s.value, o.value) for s, o in rows(HIERARCHY)
                 if isinstance(s, ox.NamedNode) and isinstance(o, ox.NamedNode)]
        return Closure(pairs, lambda: [t.value for (t,) in rows(TYPES)
                                       if isinstance(t, ox.NamedNode)])

    return VirtuosoRewriter(text, closure).rewrite()

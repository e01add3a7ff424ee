"""Which triple patterns of a SHACL-SPARQL query join a changed triple back to ``$this``.

A change to a triple ``s p o`` can alter a SPARQL constraint's results only for focus nodes
that some solution links to that triple. The triple matches a pattern of the query; every
solution using it also satisfies the basic graph patterns of that pattern's group and of all
the groups around it (an OPTIONAL, a ``FILTER [NOT] EXISTS`` or a ``MINUS`` is evaluated
against a solution of its enclosing group). So walking from the triple's ends along those
patterns, backwards where need be, reaches every focus node whose results may change. When
no such walk reaches ``$this`` (a pattern joined to the rest only by a cross product, or by a
constant), or the query uses what this reading does not follow (property paths, sub-queries,
VALUES, GRAPH), every focus node may be affected and the caller checks the shape in whole.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field

from ....namespaces import RDF
from ....sparql.tokens import COMMENT, ERROR, LANG, STRING, WS, tokenize


class Unreadable(Exception):
    """The query uses syntax the walk does not follow: check every focus node."""


@dataclass(frozen=True)
class Pattern:
    """One triple pattern: terms are ``?var``, ``<iri>`` or ``*`` (any other constant)."""

    subject: str
    predicate: str
    """An IRI (``<...>``), ``^<iri>`` for an inverse step, ``?var``, or ``~`` for a path."""
    object: str
    group: int
    path_iris: frozenset[str] = frozenset()
    """The IRIs a property path (``~``) uses."""


@dataclass
class Reading:
    """A query's triple patterns and its groups' nesting."""

    patterns: list[Pattern] = field(default_factory=list)
    parent: dict[int, int] = field(default_factory=dict)

    def around(self, group: int) -> set[int]:
        """``group`` and the groups enclosing it."""
        out = {group}
        while group in self.parent:
            group = self.parent[group]
            out.add(group)
        return out

    def predicates(self) -> set[str]:
        """The predicate IRIs a change must use to matter (``*`` for a variable one)."""
        out: set[str] = set()
        for p in self.patterns:
            if p.predicate.startswith("?"):
                out.add("*")
            elif p.predicate == "~":
                out |= p.path_iris
            else:
                out.add(p.predicate.lstrip("^"))
        return out


_KEYWORDS = {"OPTIONAL", "FILTER", "MINUS", "BIND", "UNION", "NOT", "EXISTS", "VALUES", "GRAPH",
             "SERVICE", "SELECT", "WHERE", "DISTINCT", "REDUCED", "AS"}
_PATH_TOKENS = {"/", "|", "^", "*", "+", "?", "(", ")", "!"}


def _tokens(text: str) -> list[str]:
    """The query's tokens (the SPARQL layer's), without white space and comments; a literal
    keeps its language tag or datatype, so that it stays one term of its pattern."""
    toks = [t for t in tokenize(text) if t.kind is not WS and t.kind is not COMMENT]
    out: list[str] = []
    i = 0
    while i < len(toks):
        tok = toks[i]
        if tok.kind is ERROR:
            raise Unreadable("an unterminated string")
        if tok.kind is STRING and i + 1 < len(toks) and toks[i + 1].kind is LANG:
            out.append(tok.text + toks[i + 1].text)
            i += 2
        elif tok.kind is STRING and i + 2 < len(toks) and toks[i + 1].text == "^^":
            out.append(tok.text + "^^" + toks[i + 2].text)
            i += 3
        else:
            out.append(tok.text)
            i += 1
    return out


def read_query(text: str, prefixes: dict[str, str]) -> Reading:
    """The triple patterns of a SHACL-SPARQL ``SELECT``'s WHERE clause."""
    tokens = _tokens(text)
    upper = [t.upper() for t in tokens]
    if "WHERE" in upper:
        i = upper.index("WHERE") + 1
    else:
        i = tokens.index("{") if "{" in tokens else -1
    if i < 0 or i >= len(tokens) or tokens[i] != "{":
        raise Unreadable("no WHERE clause")
    reader = _Reader(tokens, prefixes)
    reader.group(i, None)
    return reader.reading


class _Reader:
    def __init__(self, tokens: list[str], prefixes: dict[str, str]) -> None:
        self.t = tokens
        self.prefixes = prefixes
        self.reading = Reading()
        self.groups = 0

    def term(self, token: str) -> str:
        if token.startswith(("?", "$")):
            return "?" + token[1:]
        if token.startswith("<"):
            return token
        if token == "a":
            return f"<{RDF}type>"
        if ":" in token and not token.startswith(('"', "'")):
            prefix, _, local = token.partition(":")
            if prefix not in self.prefixes:
                raise Unreadable(f"unknown prefix {prefix}")
            return f"<{self.prefixes[prefix]}{local}>"
        if token in ("[", "(", "]"):
            raise Unreadable("blank node syntax")
        return "*"

    def group(self, i: int, parent: int | None) -> int:
        """Read the group opening at ``i``; returns the index after its ``}``."""
        gid = self.groups
        self.groups += 1
        if parent is not None:
            self.reading.parent[gid] = parent
        t = self.t
        i += 1
        while i < len(t):
            tok = t[i]
            up = tok.upper()
            if tok == "}":
                return i + 1
            if tok == "{":
                i = self.group(i, gid)
            elif tok == "." or up == "UNION":
                i += 1
            elif up in ("OPTIONAL", "MINUS"):
                i = self.group(i + 1, gid)
            elif up == "FILTER":
                i = self.filter(i + 1, gid)
            elif up == "BIND":
                i = self.skip_parens(i + 1, gid)
            elif up in _KEYWORDS:
                raise Unreadable(f"{tok} in a SPARQL constraint")
            else:
                i = self.triples(i, gid)
        raise Unreadable("unbalanced braces")

    def filter(self, i: int, gid: int) -> int:
        t = self.t
        if t[i].upper() == "NOT" and t[i + 1].upper() == "EXISTS":
            return self.group(i + 2, gid)
        if t[i].upper() == "EXISTS":
            return self.group(i + 1, gid)
        return self.skip_parens(i, gid)

    def skip_parens(self, i: int, gid: int) -> int:
        """Skip an expression in parentheses, reading the groups of EXISTS inside it."""
        t = self.t
        if t[i] != "(":
            raise Unreadable("an expression without parentheses")
        depth = 0
        while i < len(t):
            if t[i] == "(":
                depth += 1
            elif t[i] == ")":
                depth -= 1
                if depth == 0:
                    return i + 1
            elif t[i] == "{":
                i = self.group(i, gid)
                continue
            elif t[i].upper() == "SELECT":
                raise Unreadable("a sub-query")
            i += 1
        raise Unreadable("unbalanced parentheses")

    def triples(self, i: int, gid: int) -> int:
        t = self.t
        subject = self.term(t[i])
        i += 1
        while True:
            predicate, iris, i = self.path(i)
            while True:
                obj = self.term(t[i])
                i += 1
                self.reading.patterns.append(
                    Pattern(subject, predicate, obj, gid, frozenset(iris)))
                if t[i] != ",":
                    break
                i += 1
            if t[i] == ";":
                i += 1
                if t[i] in (".", "}"):
                    break
                continue
            break
        return i

    def path(self, i: int) -> tuple[str, set[str], int]:
        """A predicate: an IRI, ``^iri``, a variable, or a property path (``~``)."""
        t = self.t
        if t[i].startswith(("?", "$")) and len(t[i]) > 1:
            return "?" + t[i][1:], set(), i + 1
        parts: list[str] = []
        expect_term, depth = True, 0
        while i < len(t):
            tok = t[i]
            if expect_term:
                if tok == "^":
                    parts.append(tok)
                elif tok == "(":
                    parts.append(tok)
                    depth += 1
                elif tok == "!" or tok.startswith(("?", "$")):
                    raise Unreadable("a negated or variable property path")
                else:
                    term = self.term(tok)
                    if not term.startswith("<"):
                        raise Unreadable(f"{tok} as a predicate")
                    parts.append(term)
                    expect_term = False
            elif tok in ("*", "+", "?"):
                parts.append(tok)
            elif tok == ")" and depth > 0:
                parts.append(tok)
                depth -= 1
            elif tok in ("/", "|"):
                parts.append(tok)
                expect_term = True
            else:
                break
            i += 1
        iris = {p for p in parts if p.startswith("<")}
        if len(parts) == 1 and parts[0].startswith("<"):
            return parts[0], iris, i
        if len(parts) == 2 and parts[0] == "^" and parts[1].startswith("<"):
            return "^" + parts[1], iris, i
        return "~", iris, i


def route(reading: Reading, start: Pattern) -> list[tuple[str, Pattern]] | None:
    """Steps from ``start``'s ends to ``?this`` through the patterns a solution using
    ``start`` must also satisfy: ``[(variable, pattern)]``, each pattern leading from the
    variable reached so far to the next; ``[]`` when ``start`` binds ``?this`` itself;
    ``None`` when no such walk exists."""
    if "?this" in (start.subject, start.object):
        return []
    groups = reading.around(start.group)
    usable = [p for p in reading.patterns
              if p.group in groups and p is not start and p.predicate.startswith(("<", "^"))]
    begin = [v for v in (start.subject, start.object) if v.startswith("?")]
    came: dict[str, tuple[str, Pattern] | None] = {v: None for v in begin}
    todo = deque(begin)
    while todo:
        var = todo.popleft()
        if var == "?this":
            steps: list[tuple[str, Pattern]] = []
            while came[var] is not None:
                prev, pattern = came[var]  # type: ignore[misc]
                steps.append((prev, pattern))
                var = prev
            return steps[::-1]
        for p in usable:
            for here, there in ((p.subject, p.object), (p.object, p.subject)):
                if here == var and there.startswith("?") and there not in came:
                    came[there] = (var, p)
                    todo.append(there)
    return None

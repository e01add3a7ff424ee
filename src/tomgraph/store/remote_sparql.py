"""Just enough SPARQL lexing to send pre-bound variables to a server that has no such feature.

The embedded store pre-binds variables natively (pyoxigraph ``substitutions``). The SPARQL 1.1
Protocol has no equivalent, so the remote store writes the bindings into the query as a
``VALUES`` block placed first inside the query's WHERE group:

    SELECT ?c ?label WHERE { ?c rdfs:label ?label }      with  c = <https://…/cap1>
    SELECT ?c ?label WHERE { VALUES (?c) { (<https://…/cap1>) } ?c rdfs:label ?label }

**The rule.** This means the same as the embedded substitution when each bound variable is
used in the top-level group of the WHERE clause (a triple pattern, FILTER or BIND there, or
a nested group, OPTIONAL or UNION joined to it) rather than *only* inside a FILTER of a nested
group or inside a sub-SELECT that does not project it. Every query tomgraph runs with bindings
follows it. Like the embedded store, a SELECT must project each bound variable (SEP-0007);
the check is made here too so that a query valid on one backend is valid on both. Terms are
written in N-Triples syntax; blank nodes cannot be bound (a server's blank nodes have no name
a client may use) and neither can RDF-star triples.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from pyoxigraph import Literal, NamedNode

from ..errors import UsageError
from .base import Term

_TOKEN = re.compile(
    r"""
    (?P<ws>\s+)
  | (?P<comment>\#[^\n]*)
  | (?P<string>\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"|'''(?:[^'\\]|\\.|'(?!''))*'''
              |"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')
  | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
  | (?P<var>[?$][\w\u00B7\u0300-\u036F\u203F\u2040]+)
  | (?P<punct>[{}()*])
  | (?P<word>[A-Za-z_][\w\-.]*(?::[^\s{}()\[\];,]*)?|:[^\s{}()\[\];,]*)
  | (?P<other>.)
    """,
    re.VERBOSE | re.DOTALL,
)

FORMS = frozenset({"SELECT", "CONSTRUCT", "ASK", "DESCRIBE"})


@dataclass(frozen=True)
class Token:
    kind: str
    text: str
    start: int
    end: int

    @property
    def upper(self) -> str:
        return self.text.upper() if self.kind == "word" else self.text


def tokens(sparql: str) -> list[Token]:
    """The significant tokens of ``sparql`` (whitespace and comments dropped)."""
    out = []
    for m in _TOKEN.finditer(sparql):
        kind = m.lastgroup or "other"
        if kind not in ("ws", "comment"):
            out.append(Token(kind, m.group(), m.start(), m.end()))
    return out


def query_form(sparql: str) -> str | None:
    """``SELECT``, ``CONSTRUCT``, ``ASK`` or ``DESCRIBE``; ``None`` if none is found."""
    for tok in tokens(sparql):
        if tok.upper in FORMS:
            return tok.upper
    return None


def mentions_graph_keyword(sparql: str) -> bool:
    """Whether the query uses ``GRAPH`` (so it needs the named graphs in its dataset)."""
    return any(t.upper == "GRAPH" for t in tokens(sparql))


def term_syntax(name: str, term: Term) -> str:
    """``term`` as written in a query (N-Triples syntax), or a :class:`UsageError`."""
    if isinstance(term, NamedNode | Literal):
        return str(term)
    kind = type(term).__name__
    raise UsageError(
        f"?{name} is bound to a {kind}: a remote store can only bind IRIs and literals"
    )


def with_bindings(sparql: str, bindings: Mapping[str, Term]) -> str:
    """``sparql`` with ``bindings`` written in as a VALUES block (see the module docstring)."""
    if not bindings:
        return sparql
    names = [name.lstrip("?$") for name in bindings]
    values = [term_syntax(n, t) for n, t in zip(names, bindings.values(), strict=True)]
    block = (
        "VALUES (" + " ".join(f"?{n}" for n in names) + ") { (" + " ".join(values) + ") } "
    )
    toks = tokens(sparql)
    form_at = next((i for i, t in enumerate(toks) if t.upper in FORMS), None)
    if form_at is None:
        raise UsageError("bindings need a SELECT, CONSTRUCT, ASK or DESCRIBE query")
    form = toks[form_at].upper
    if form == "SELECT":
        _check_projected(toks, form_at, names)
    where = _where_group(toks, form_at)
    if where is None:
        if form == "DESCRIBE":  # DESCRIBE ?x with no WHERE: the bindings become one
            return sparql.rstrip() + f"\nWHERE {{ {block}}}\n"
        raise UsageError("could not find the WHERE clause to attach the bindings to")
    open_at, close_at, short_construct = where
    first = toks[open_at + 1] if open_at + 1 < len(toks) else None
    body_start, body_end = toks[open_at].end, toks[close_at].start
    body = sparql[body_start:body_end]
    if short_construct:
        # CONSTRUCT WHERE { pattern }: the pattern is also the template, which a VALUES
        # block may not enter, so spell out the long form.
        after_form = toks[form_at].end
        return (
            sparql[:after_form]
            + f" {{{body}}}"
            + sparql[after_form: toks[open_at].start]
            + f"{{ {block}{body}}}"
            + sparql[toks[close_at].end:]
        )
    if first is not None and first.upper == "SELECT":
        body = f" {{{body}}} "  # a sub-SELECT must be alone in its group: wrap it
    return sparql[:body_start] + " " + block + body + sparql[body_end:]


def _matching(toks: list[Token], open_at: int) -> int:
    depth = 0
    for i in range(open_at, len(toks)):
        if toks[i].text == "{":
            depth += 1
        elif toks[i].text == "}":
            depth -= 1
            if depth == 0:
                return i
    raise UsageError("unbalanced braces in the query")


def _where_group(toks: list[Token], form_at: int) -> tuple[int, int, bool] | None:
    """(index of ``{``, index of its ``}``, is-short-CONSTRUCT) of the WHERE group."""
    i = form_at + 1
    if toks[form_at].upper == "CONSTRUCT":
        if i < len(toks) and toks[i].text == "{":
            i = _matching(toks, i) + 1  # skip the template
        else:
            short = True
            while i < len(toks) and toks[i].text != "{":
                i += 1
            if i == len(toks):
                return None
            return i, _matching(toks, i), short
    parens = 0
    while i < len(toks):
        text = toks[i].text
        if text == "(":
            parens += 1
        elif text == ")":
            parens -= 1
        elif text == "{" and parens == 0:
            return i, _matching(toks, i), False
        i += 1
    return None


def _check_projected(toks: list[Token], form_at: int, names: list[str]) -> None:
    projected: set[str] = set()
    parens = 0
    star = False
    for i in range(form_at + 1, len(toks)):
        tok = toks[i]
        if parens == 0 and (tok.text == "{" or tok.upper in ("WHERE", "FROM")):
            break
        if tok.text == "(":
            parens += 1
        elif tok.text == ")":
            parens -= 1
        elif tok.text == "*" and parens == 0:
            star = True
        elif tok.kind == "var" and (parens == 0 or toks[i - 1].upper == "AS"):
            projected.add(tok.text[1:])
    if star:
        return
    missing = [n for n in names if n not in projected]
    if missing:
        listed = ", ".join(f"?{n}" for n in missing)
        raise UsageError(
            f"{listed} is bound but not in the SELECT projection: project it (as the "
            "embedded store also requires) so the binding means the same on every backend"
        )

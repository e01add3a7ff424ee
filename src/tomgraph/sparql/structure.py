"""What a query's tokens say about its shape: form, prologue, dataset, groups, projection.

Every question here is answered from :mod:`tomgraph.sparql.tokens`, never from the raw text,
so nothing inside a string, IRI or comment is mistaken for syntax. :func:`parse` keeps the
last few hundred texts it read (named and internal queries are read again and again).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from urllib.parse import urljoin

from .tokens import IRI, PNAME, PUNCT, VAR, WORD, Token, significant

_ABSOLUTE = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")
"""An IRI with a scheme is used as written (``urljoin`` would drop an empty fragment)."""
FORMS = frozenset({"SELECT", "CONSTRUCT", "ASK", "DESCRIBE"})
"""The four query forms."""
UPDATE_WORDS = frozenset(
    {"INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH"}
)
"""Words that open an update operation (the form of every update is ``UPDATE``)."""


@dataclass(frozen=True)
class Group:
    """One ``{ … }`` group: indexes of its braces in :attr:`Query.tokens`, and its parent."""

    open: int
    close: int
    parent: int | None
    """Index (in :attr:`Query.groups`) of the enclosing group, ``None`` at the top."""
    subquery: bool
    """The group holds a sub-SELECT (``{ SELECT … }``)."""


@dataclass(frozen=True)
class DatasetClause:
    """``FROM``, ``FROM NAMED``, ``USING``, ``USING NAMED`` or ``WITH`` and its graph IRI."""

    keyword: str
    iri: str
    token: Token


@dataclass
class Prologue:
    """``BASE`` and ``PREFIX`` declarations, read in order (later ones win, as in SPARQL)."""

    base: str | None = None
    prefixes: dict[str, str] = field(default_factory=dict)

    def expand(self, tok: Token) -> str:
        """The IRI a token names: an IRI resolved against the base, or an expanded pname."""
        if tok.kind is IRI:
            iri = tok.text[1:-1]
            return urljoin(self.base, iri) if self.base and not _ABSOLUTE.match(iri) else iri
        if tok.kind is PNAME:
            prefix, _, local = tok.text.partition(":")
            return self.prefixes.get(prefix, f"{prefix}:") + _unescape_local(local)
        return tok.text


def _unescape_local(local: str) -> str:
    """A pname's local part with ``\\x`` escapes resolved to ``x``."""
    out, i = [], 0
    while i < len(local):
        if local[i] == "\\" and i + 1 < len(local):
            out.append(local[i + 1])
            i += 2
        else:
            out.append(local[i])
            i += 1
    return "".join(out)


class Query:
    """The significant tokens of one query or update text and what they tell."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.tokens: list[Token] = significant(text)

    # -- groups ---------------------------------------------------------------------------------
    @cached_property
    def groups(self) -> list[Group]:
        """Every ``{ … }`` group in order of opening; an unclosed one ends with the text."""
        toks = self.tokens
        opened: list[tuple[int, int | None]] = []  # (token index, parent group index)
        stack: list[int] = []  # group numbers
        spans: dict[int, int] = {}
        for i, tok in enumerate(toks):
            if tok.kind is not PUNCT:
                continue
            if tok.text == "{":
                opened.append((i, stack[-1] if stack else None))
                stack.append(len(opened) - 1)
            elif tok.text == "}" and stack:
                spans[stack.pop()] = i
        return [
            Group(at, spans.get(n, len(toks)), parent,
                  at + 1 < len(toks) and toks[at + 1].is_word("SELECT"))
            for n, (at, parent) in enumerate(opened)
        ]

    @cached_property
    def balanced(self) -> bool:
        depth = 0
        for tok in self.tokens:
            if tok.kind is PUNCT and tok.text in ("{", "}"):
                depth += 1 if tok.text == "{" else -1
                if depth < 0:
                    return False
        return depth == 0

    def group_at(self, open_index: int) -> Group | None:
        """The group whose ``{`` is token ``open_index``."""
        for g in self.groups:
            if g.open == open_index:
                return g
        return None

    # -- prologue, form, dataset ----------------------------------------------------------------
    @cached_property
    def prologue_end(self) -> int:
        """Index of the first token after the leading ``BASE`` / ``PREFIX`` declarations."""
        toks, i = self.tokens, 0
        while i < len(toks):
            if toks[i].is_word("BASE"):
                i += 2
            elif toks[i].is_word("PREFIX"):
                i += 3
            else:
                break
        return min(i, len(toks))

    def prologue(self, base: str | None = None) -> Prologue:
        """Every ``BASE`` / ``PREFIX`` declaration (of every operation of an update)."""
        found = Prologue(base=base)
        toks = self.tokens
        for i, tok in enumerate(toks):
            if tok.kind is not WORD:
                continue
            word = tok.text.upper()
            if word == "PREFIX" and i + 2 < len(toks) and toks[i + 2].kind is IRI:
                found.prefixes[toks[i + 1].text.rstrip(":")] = found.expand(toks[i + 2])
            elif word == "BASE" and i + 1 < len(toks) and toks[i + 1].kind is IRI:
                found.base = found.expand(toks[i + 1])
        return found

    @cached_property
    def form_index(self) -> int | None:
        """Index of the token naming the query form (``SELECT`` …), or of the update's first."""
        i = self.prologue_end
        if i < len(self.tokens) and self.tokens[i].upper in FORMS | UPDATE_WORDS:
            return i
        return None

    @property
    def form(self) -> str | None:
        """``SELECT``, ``CONSTRUCT``, ``ASK``, ``DESCRIBE``, ``UPDATE``, or ``None``."""
        i = self.form_index
        if i is None:
            return None
        word = self.tokens[i].upper
        return word if word in FORMS else "UPDATE"

    def dataset_clauses(self, prologue: Prologue | None = None) -> list[DatasetClause]:
        """``FROM [NAMED]``, ``USING [NAMED]`` and ``WITH`` clauses with their IRIs, in order."""
        names = prologue or self.prologue()
        toks, out = self.tokens, []
        for i, tok in enumerate(toks):
            if not tok.is_word("FROM", "USING", "WITH") or i + 1 >= len(toks):
                continue
            keyword = tok.text.upper()
            target = toks[i + 1]
            if keyword != "WITH" and target.is_word("NAMED") and i + 2 < len(toks):
                keyword, target = f"{keyword} NAMED", toks[i + 2]
            out.append(DatasetClause(keyword, names.expand(target), tok))
        return out

    def modify_wheres(self) -> list[int]:
        """Offsets of each ``WHERE`` that ends a ``DELETE {…}`` / ``INSERT {…}`` template of
        an update (where ``USING`` clauses go); never that of the short ``DELETE WHERE``."""
        out: list[int] = []
        depth, operation_start = 0, 0
        toks = self.tokens
        for i, tok in enumerate(toks):
            if tok.kind is PUNCT:
                if tok.text == "{":
                    depth += 1
                elif tok.text == "}":
                    depth -= 1
                elif tok.text == ";" and depth == 0:
                    operation_start = i + 1
            elif depth == 0 and tok.is_word("WHERE") and _is_modify(toks[operation_start:i]):
                out.append(tok.start)
        return out

    def has_keyword(self, *words: str) -> bool:
        """Whether any of ``words`` (``SERVICE``, ``LOAD``, ``GRAPH`` …) is used as a keyword."""
        wanted = frozenset(words)
        return any(t.kind is WORD and t.text.upper() in wanted for t in self.tokens)

    # -- where, sub-queries, projection ---------------------------------------------------------
    @cached_property
    def where(self) -> tuple[Group, bool] | None:
        """The top-level WHERE group and whether it is a short ``CONSTRUCT WHERE { … }``."""
        toks, start = self.tokens, self.form_index
        if start is None or toks[start].upper not in FORMS:
            return None
        i = start + 1
        if toks[start].upper == "CONSTRUCT":
            if i < len(toks) and toks[i].text == "{":
                template = self.group_at(i)
                assert template is not None
                i = template.close + 1
            else:
                while i < len(toks) and toks[i].text != "{":
                    i += 1
                group = self.group_at(i) if i < len(toks) else None
                return (group, True) if group is not None else None
        parens = 0
        while i < len(toks):
            text = toks[i].text
            if toks[i].kind is PUNCT:
                if text == "(":
                    parens += 1
                elif text == ")":
                    parens -= 1
                elif text == "{" and parens == 0:
                    group = self.group_at(i)
                    return (group, False) if group is not None else None
            i += 1
        return None

    def subquery_wheres(self) -> list[Group]:
        """The WHERE group of every sub-SELECT."""
        out = []
        for n, g in enumerate(self.groups):
            if g.subquery:
                inner = next((h for h in self.groups[n + 1:] if h.parent == n), None)
                if inner is not None:
                    out.append(inner)
        return out

    def projected(self) -> list[str] | None:
        """The variables a top-level SELECT projects; ``None`` for ``SELECT *`` or no SELECT."""
        toks, start = self.tokens, self.form_index
        if start is None or toks[start].upper != "SELECT":
            return None
        names: list[str] = []
        parens = 0
        for i in range(start + 1, len(toks)):
            tok = toks[i]
            if parens == 0 and (tok.text == "{" or tok.is_word("WHERE", "FROM")):
                break
            if tok.kind is PUNCT:
                if tok.text == "(":
                    parens += 1
                elif tok.text == ")":
                    parens -= 1
                elif tok.text == "*" and parens == 0:
                    return None
            elif tok.kind is VAR and (parens == 0 or toks[i - 1].is_word("AS")):
                names.append(tok.text[1:])
        return names

    def mentions(self) -> list[set[str]]:
        """For each group (by number), the variables its own tokens name (not nested groups')."""
        return self._own_variables[0]

    def assigned(self) -> list[set[str]]:
        """For each group (by number), the variables it assigns itself (``BIND (… AS ?v)``)."""
        return self._own_variables[1]

    @cached_property
    def _own_variables(self) -> tuple[list[set[str]], list[set[str]]]:
        named: list[set[str]] = [set() for _ in self.groups]
        assigned: list[set[str]] = [set() for _ in self.groups]
        stack: list[int] = []
        opening = {g.open: n for n, g in enumerate(self.groups)}
        toks = self.tokens
        for i, tok in enumerate(toks):
            if tok.kind is PUNCT:
                if tok.text == "{" and i in opening:
                    stack.append(opening[i])
                elif tok.text == "}" and stack:
                    stack.pop()
            elif tok.kind is VAR and stack:
                named[stack[-1]].add(tok.text[1:])
                if i and toks[i - 1].is_word("AS"):
                    assigned[stack[-1]].add(tok.text[1:])
        return named, assigned

    @cached_property
    def variables(self) -> frozenset[str]:
        """Every variable name the text uses (outside strings, IRIs and comments)."""
        return frozenset(t.text[1:] for t in self.tokens if t.kind is VAR)

    def inside(self, group: Group, outer: Group) -> bool:
        """Whether ``group`` lies within ``outer`` (or is it)."""
        return outer.open <= group.open and group.close <= outer.close


def _is_modify(before: list[Token]) -> bool:
    """Whether the tokens of an operation up to a ``WHERE`` make a DELETE/INSERT … WHERE."""
    for j, tok in enumerate(before):
        if tok.kind is not WORD or tok.is_word("PREFIX", "BASE"):
            continue
        word = tok.text.upper()
        if word == "DELETE":
            # DELETE WHERE {…} (the WHERE right after DELETE) is its own short form.
            return j + 1 < len(before)
        return word in ("WITH", "INSERT")
    return False


@lru_cache(maxsize=512)
def parse(text: str) -> Query:
    """The :class:`Query` of ``text`` (the last few hundred are kept: they never change)."""
    return Query(text)

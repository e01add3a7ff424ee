"""Binding parameters into query text as ``VALUES`` blocks, the one way that works everywhere.

pyoxigraph's substitutions accept only projected variables and a remote SPARQL endpoint
accepts no bindings at all, so a bound parameter becomes ``VALUES ?name { term }`` inside the
query. The term is written by pyoxigraph's own N-Triples serialisation of a checked, typed
term (see :mod:`tomgraph.querylib.params`), so no text a user typed is ever pasted in.

Where it goes: at every line that holds only the marker comment ``#@values`` (so a parameter
can reach inside a sub-query), or else right after the ``{`` that opens the top-level
``WHERE`` group. It is written on the same line, so line numbers of errors stay true.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from ..errors import UsageError
from ..store.base import Term

MARKER = "#@values"
"""A comment line holding only this marks where the ``VALUES`` blocks go."""

_IRIREF = re.compile(r'<[^<>"{}|^`\\\x00-\x20]*>')
_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def values_block(terms: Mapping[str, Term]) -> str:
    """``VALUES ?a { <term> } VALUES ?b { ... }`` for the bound parameters, on one line."""
    return " ".join(f"VALUES ?{name} {{ {term} }}" for name, term in terms.items())


def bind(text: str, terms: Mapping[str, Term]) -> str:
    """``text`` with ``terms`` bound by ``VALUES`` blocks at the marked or default place."""
    if not terms:
        return text
    block = values_block(terms)
    lines = text.split("\n")
    marked = [i for i, line in enumerate(lines) if line.strip() == MARKER]
    if marked:
        for i in marked:
            indent = lines[i][: len(lines[i]) - len(lines[i].lstrip())]
            lines[i] = indent + block
        return "\n".join(lines)
    at = where_group_start(text)
    if at is None:
        raise UsageError(
            "cannot tell where to bind parameters in this query: write WHERE { ... } "
            f"or put a line '{MARKER}' where the VALUES blocks should go"
        )
    return f"{text[:at]} {block} {text[at:]}"


def where_group_start(text: str) -> int | None:
    """The offset just after the ``{`` opening the top-level WHERE group, if there is one.

    A small scanner skips comments, strings and IRIs so that braces or keywords inside them
    never count. Without a WHERE keyword, a SELECT or ASK query's first top-level ``{`` is it.
    """
    depth = 0
    seen_where = False
    seen_form = ""
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c == "#":
            end = text.find("\n", i)
            i = n if end < 0 else end
            continue
        if c in "\"'":
            i = _skip_string(text, i)
            continue
        if c == "<":
            m = _IRIREF.match(text, i)
            if m:
                i = m.end()
                continue
        if c == "{":
            if depth == 0 and (seen_where or seen_form in ("SELECT", "ASK")):
                return i + 1
            depth += 1
        elif c == "}":
            depth -= 1
        elif c.isascii() and (c.isalpha() or c == "_"):  # "º".isalpha(), yet no keyword
            m = _WORD.match(text, i)
            assert m is not None
            word = m.group().upper()
            prev = text[i - 1] if i else " "
            if not (prev.isalnum() or prev in "?$:-._") and depth == 0:
                if word == "WHERE":
                    seen_where = True
                elif word in ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE") and not seen_form:
                    seen_form = word
            i = m.end()
            continue
        i += 1
    return None


def _skip_string(text: str, i: int) -> int:
    """The offset after the string literal starting at ``i`` (short or long form)."""
    quote = text[i]
    if text.startswith(quote * 3, i):
        end = i + 3
        while True:
            j = text.find(quote * 3, end)
            if j < 0:
                return len(text)
            backslashes = len(text[end:j]) - len(text[end:j].rstrip("\\"))
            if backslashes % 2 == 0:
                return j + 3
            end = j + 1
    j = i + 1
    while j < len(text):
        if text[j] == "\\":
            j += 2
            continue
        if text[j] == quote or text[j] == "\n":
            return j + 1
        j += 1
    return j

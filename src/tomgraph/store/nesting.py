"""Refuse queries nested so deeply that Oxigraph's recursive parser would overflow its stack.

Oxigraph parses SPARQL recursively; a query of some thousands of nested brackets overflows
the native stack and kills the whole process (a segmentation fault, not an exception). No
real query nests more than a few dozen levels, so anything beyond :data:`MAX_NESTING` is
refused before it reaches the parser. Brackets inside strings, IRIs and comments do not
count: the one SPARQL tokenizer (:mod:`tomgraph.sparql.tokens`) tells them apart.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..errors import QuerySyntaxError
from ..sparql.tokens import ERROR, PUNCT, Token, iter_tokens

MAX_NESTING = 256

_OPEN = frozenset("({[")
_CLOSE = frozenset(")}]")


def check_nesting(text: str, *, source: str = "query") -> None:
    """Raise :class:`QuerySyntaxError` when ``text`` nests brackets beyond the limit."""
    if text.count("(") + text.count("{") + text.count("[") <= MAX_NESTING:
        return  # cannot nest deeper than it has brackets: the common case, at C speed
    depth = 0
    for tok in _brackets(text):
        if tok.kind is not PUNCT:
            continue
        if tok.text in _OPEN:
            depth += 1
            if depth > MAX_NESTING:
                raise QuerySyntaxError(
                    f"brackets nested more than {MAX_NESTING} levels deep; "
                    "simplify the query", source=source, line=tok.line,
                )
        elif tok.text in _CLOSE:
            depth = max(0, depth - 1)


def _brackets(text: str, line: int = 1) -> Iterator[Token]:
    """The tokens of ``text``; after an unterminated quote (which the parser may skip past
    in search of another reading) the rest is read as code too, to be safe."""
    for tok in iter_tokens(text):
        if tok.kind is ERROR:
            quote = 3 if tok.text[:3] in ('"""', "'''") else 1
            yield from _brackets(tok.text[quote:], tok.line + line - 1)
        elif tok.kind is PUNCT:
            yield Token(tok.kind, tok.text, tok.start, tok.line + line - 1)

"""Refuse queries nested so deeply that Oxigraph's recursive parser would overflow its stack.

Oxigraph parses SPARQL recursively; a query of some thousands of nested brackets overflows
the native stack and kills the whole process (a segmentation fault, not an exception). No
real query nests more than a few dozen levels, so anything beyond :data:`MAX_NESTING` is
refused before it reaches the parser. Brackets inside strings, IRIs and comments do not
count; the scan runs in C (one regular expression) except for the brackets themselves.
"""

from __future__ import annotations

import re

from ..errors import QuerySyntaxError

MAX_NESTING = 256

_SKIP_OR_BRACKET = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*"""'
    r"|'''(?:[^'\\]|\\.|'(?!''))*'''"
    r'|"(?:[^"\\\n]|\\.)*"'
    r"|'(?:[^'\\\n]|\\.)*'"
    r'|<[^<>"{}|^`\\\x00-\x20]*>'
    r"|#[^\n]*"
    r"|([(){}\[\]])",
    re.DOTALL,
)
_OPEN = frozenset("({[")


def check_nesting(text: str, *, source: str = "query") -> None:
    """Raise :class:`QuerySyntaxError` when ``text`` nests brackets beyond the limit."""
    if text.count("(") + text.count("{") + text.count("[") <= MAX_NESTING:
        return  # cannot nest deeper than it has brackets: the common case, at C speed
    depth = 0
    for match in _SKIP_OR_BRACKET.finditer(text):
        bracket = match.group(1)
        if bracket is None:
            continue
        if bracket in _OPEN:
            depth += 1
            if depth > MAX_NESTING:
                line = text.count("\n", 0, match.start()) + 1
                raise QuerySyntaxError(
                    f"brackets nested more than {MAX_NESTING} levels deep; "
                    "simplify the query", source=source, line=line,
                )
        else:
            depth = max(0, depth - 1)

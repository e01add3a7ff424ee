"""The one SPARQL tokenizer: every other part of tomgraph reads query text through it.

A query's keywords, braces and variables only count outside strings, IRIs and comments:
``SERVICE`` in a comment, ``{`` in a string or ``#`` in an IRI must never fool a scanner.
:func:`tokenize` splits text into tokens that cover it exactly (joined, they give the text
back), each with its offset and line, so edits can be made at token boundaries and errors
can point at a line. It never raises: text that is not SPARQL still splits into tokens, and
an unterminated string becomes an ``error`` token that :func:`check` turns into a
:class:`~tomgraph.errors.QuerySyntaxError` with its position.

One regular expression does the work (in C); Python only walks its matches.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import NamedTuple

from ..errors import QuerySyntaxError

WS = "ws"
COMMENT = "comment"
STRING = "string"
ERROR = "error"
IRI = "iri"
VAR = "var"
LANG = "lang"
PNAME = "pname"
NUMBER = "number"
WORD = "word"
PUNCT = "punct"

_NAME = r"\w\u00b7-\U000effff"
_TOKEN = re.compile(
    rf"""
    (?P<ws>\s+)
  | (?P<comment>\#[^\n\r]*)
  | (?P<string>\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
              | '''(?:[^'\\]|\\.|'(?!''))*'''
              | "(?!"")(?:[^"\\\n\r]|\\.)*"
              | '(?!'')(?:[^'\\\n\r]|\\.)*')
  | (?P<error>\"\"\".*|'''.*|"[^\n\r]*|'[^\n\r]*)
  | (?P<iri><[^<>"{{}}|^`\\\x00-\x20]*>)
  | (?P<var>[?$][{_NAME}]+)
  | (?P<lang>@[A-Za-z]+(?:-[A-Za-z0-9]+)*)
  | (?P<pname>(?:[A-Za-z\u00c0-\U000effff][{_NAME}\-.]*)?
             :(?:(?:[{_NAME}\-.:%]|\\.)*(?:[{_NAME}\-:%]|\\.))?
             |_:[{_NAME}](?:[{_NAME}\-.]*[{_NAME}\-])?)
  | (?P<number>[0-9]+(?:\.[0-9]*[eE][+-]?[0-9]+|\.[0-9]+(?:[eE][+-]?[0-9]+)?|[eE][+-]?[0-9]+)?
              |\.[0-9]+(?:[eE][+-]?[0-9]+)?)
  | (?P<word>[A-Za-z_][A-Za-z0-9_]*)
  | (?P<punct>\^\^|\|\||&&|!=|<=|>=|.)
    """,
    re.VERBOSE | re.DOTALL,
)
_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
_MULTILINE = frozenset({WS, STRING, ERROR})


class Token(NamedTuple):
    """One token: its kind (``word``, ``var``, ``iri``, ``punct``, ...), text and place.

    A named tuple: queries are tokenized on every request, and tuples are built fastest."""

    kind: str
    text: str
    start: int
    line: int

    @property
    def end(self) -> int:
        return self.start + len(self.text)

    @property
    def upper(self) -> str:
        """Keywords compare case-insensitively: a word's text in capitals, else the text."""
        return self.text.upper() if self.kind == WORD else self.text

    @property
    def significant(self) -> bool:
        """Whether the token means something to the grammar (not whitespace or a comment)."""
        return self.kind is not WS and self.kind is not COMMENT

    def is_word(self, *words: str) -> bool:
        return self.kind is WORD and self.text.upper() in words


def tokenize(text: str) -> list[Token]:
    """Every token of ``text``, whitespace and comments included; never raises."""
    return list(iter_tokens(text))


def iter_tokens(text: str) -> Iterator[Token]:
    """The tokens of ``text`` one by one (a scan that stops early reads no further)."""
    line = 1
    for m in _TOKEN.finditer(text):
        kind = m.lastgroup or PUNCT
        value = m.group()
        yield Token(_KINDS[kind], value, m.start(), line)
        if kind in _MULTILINE:
            line += value.count("\n")


_KINDS = {k: k for k in (WS, COMMENT, STRING, ERROR, IRI, VAR, LANG, PNAME, NUMBER, WORD, PUNCT)}
"""Interned kind names, so that ``kind is WORD`` is a valid (and fast) test."""


def significant(text: str) -> list[Token]:
    """The tokens of ``text`` that the grammar sees (no whitespace or comments)."""
    return [t for t in tokenize(text) if t.kind is not WS and t.kind is not COMMENT]


def check(tokens: list[Token], *, source: str = "query") -> None:
    """Raise :class:`QuerySyntaxError` at the first unterminated string, if any."""
    for tok in tokens:
        if tok.kind is ERROR:
            raise QuerySyntaxError(
                "unterminated string: close it with the quote it opened with",
                source=source, line=tok.line, column=column_of(tokens, tok),
            )


def column_of(tokens: list[Token], token: Token) -> int:
    """The 1-based column of ``token`` (counted from the tokens before it on its line)."""
    column = 1
    for tok in tokens:
        if tok.start >= token.start:
            break
        nl = tok.text.rfind("\n")
        column = len(tok.text) - nl if nl >= 0 else column + len(tok.text)
    return column


def unescape(text: str) -> str:
    """Decode ``\\uXXXX`` / ``\\UXXXXXXXX`` escapes, as SPARQL does before parsing (§19.2)."""
    if "\\u" not in text and "\\U" not in text:
        return text
    return _ESCAPE.sub(lambda m: chr(int(m.group(1) or m.group(2), 16)), text)


def variable_name(tok: Token) -> str:
    """``?name`` / ``$name`` without its sigil."""
    return tok.text[1:]

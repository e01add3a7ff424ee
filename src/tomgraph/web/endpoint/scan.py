"""A small SPARQL tokenizer that finds what the endpoint must refuse or rewrite.

pyoxigraph exposes no algebra, and rdflib's parser costs ~12 ms a query (more than most
queries take to run), so the endpoint scans tokens instead. A regex over the raw text would
be fooled by ``SERVICE`` inside a comment, a string literal or an IRI; the tokenizer skips
those, so only real keywords count. ``\\u`` escapes are decoded first, as the SPARQL grammar
(§19.2) does before parsing, so ``SERV\\u0049CE`` cannot slip through either.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import urljoin

_TOKEN = re.compile(
    r"""
    (?P<ws>\s+)
  | (?P<comment>\#[^\n\r]*)
  | (?P<string>\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
              | '''(?:[^'\\]|\\.|'(?!''))*'''
              | "(?:[^"\\\n\r]|\\.)*"
              | '(?:[^'\\\n\r]|\\.)*')
  | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
  | (?P<var>[?$][\w\u00b7-\U000effff]+)
  | (?P<lang>@[A-Za-z]+(?:-[A-Za-z0-9]+)*)
  | (?P<pname>(?:[A-Za-z\u00c0-\U000effff][\w\-.\u00b7-\U000effff]*)?
             :(?:[\w\-.:%\u00b7-\U000effff]|\\.)*
             |_:[\w\-.\u00b7-\U000effff]+)
  | (?P<word>[A-Za-z_][A-Za-z0-9_]*)
  | (?P<other>.)
    """,
    re.VERBOSE | re.DOTALL,
)

_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")


@dataclass(frozen=True)
class Token:
    kind: str
    text: str
    start: int


@dataclass
class Scan:
    """What a query or update names, found token by token (never inside strings/comments)."""

    text: str
    tokens: list[Token]
    prefixes: dict[str, str] = field(default_factory=dict)
    base: str | None = None
    service: bool = False
    load: bool = False
    with_or_using: bool = False
    from_graphs: list[str] = field(default_factory=list)
    from_named_graphs: list[str] = field(default_factory=list)
    #: Offsets (in ``text``) of each ``WHERE`` that ends a DELETE/INSERT template.
    modify_where: list[int] = field(default_factory=list)


def unescape(text: str) -> str:
    """Decode ``\\uXXXX`` / ``\\UXXXXXXXX`` escapes, as SPARQL does before parsing."""
    if "\\u" not in text and "\\U" not in text:
        return text
    return _ESCAPE.sub(lambda m: chr(int(m.group(1) or m.group(2), 16)), text)


def tokenize(text: str) -> list[Token]:
    """Tokens of ``text`` with whitespace and comments dropped."""
    return [
        Token(m.lastgroup or "other", m.group(), m.start())
        for m in _TOKEN.finditer(text)
        if m.lastgroup not in ("ws", "comment")
    ]


def scan(sparql: str, *, base: str | None = None) -> Scan:
    """Scan a query or update: prologue, SERVICE, LOAD, FROM [NAMED], WITH/USING, WHERE."""
    text = unescape(sparql)
    result = Scan(text=text, tokens=tokenize(text), base=base)
    tokens = result.tokens
    depth = 0
    operation_start = 0  # index of the first token of the current update operation
    for i, tok in enumerate(tokens):
        if tok.kind == "other":
            if tok.text == "{":
                depth += 1
            elif tok.text == "}":
                depth -= 1
            elif tok.text == ";" and depth == 0:
                operation_start = i + 1
            continue
        if tok.kind != "word":
            continue
        word = tok.text.upper()
        if word == "PREFIX" and i + 2 < len(tokens) and tokens[i + 2].kind == "iri":
            result.prefixes[tokens[i + 1].text.rstrip(":")] = _resolve_iri(
                tokens[i + 2].text, result.base
            )
        elif word == "BASE" and i + 1 < len(tokens) and tokens[i + 1].kind == "iri":
            result.base = _resolve_iri(tokens[i + 1].text, result.base)
        elif word == "SERVICE":
            result.service = True
        elif word == "LOAD":
            result.load = True
        elif word in ("WITH", "USING"):
            result.with_or_using = True
        elif word == "FROM" and i + 1 < len(tokens):
            named = tokens[i + 1].kind == "word" and tokens[i + 1].text.upper() == "NAMED"
            target = tokens[i + 2] if named and i + 2 < len(tokens) else tokens[i + 1]
            iri = _term_iri(target, result)
            (result.from_named_graphs if named else result.from_graphs).append(iri)
        elif word == "WHERE" and depth == 0 and _is_modify(tokens[operation_start:i]):
            result.modify_where.append(tok.start)
    return result


def _is_modify(before: list[Token]) -> bool:
    """Whether the tokens of an operation up to a ``WHERE`` make a DELETE/INSERT … WHERE."""
    for j, tok in enumerate(before):
        if tok.kind != "word" or tok.text.upper() in ("PREFIX", "BASE"):
            continue
        word = tok.text.upper()
        if word == "DELETE":
            # DELETE WHERE {…} (the WHERE right after DELETE) is its own short form.
            return j + 1 < len(before)
        return word in ("WITH", "INSERT")
    return False


def _term_iri(tok: Token, result: Scan) -> str:
    if tok.kind == "iri":
        return _resolve_iri(tok.text, result.base)
    if tok.kind == "pname":
        prefix, _, local = tok.text.partition(":")
        return result.prefixes.get(prefix, f"{prefix}:") + re.sub(r"\\(.)", r"\1", local)
    return tok.text


def _resolve_iri(iri_token: str, base: str | None) -> str:
    iri = iri_token[1:-1]
    return urljoin(base, iri) if base else iri


def with_using(sparql: str, found: Scan, graphs: list[str], named_graphs: list[str]) -> str:
    """``sparql`` with USING / USING NAMED clauses placed before each Modify's WHERE.

    This is how the protocol's ``using-graph-uri`` / ``using-named-graph-uri`` reach an engine
    whose update API takes no dataset: the clauses mean exactly what the parameters mean.
    """
    clause = "".join(f"USING <{g}> " for g in graphs) + "".join(
        f"USING NAMED <{g}> " for g in named_graphs
    )
    text = found.text
    for offset in reversed(found.modify_where):
        text = text[:offset] + clause + text[offset:]
    return text

"""Rewrites of SHACL-SPARQL queries that give the same answers much faster on Oxigraph.

Oxigraph evaluates ``FILTER NOT EXISTS { a . b }`` by re-running the whole inner join for
every outer solution, which is quadratic: a typical cross-entity rule took 57 s on a
10,000-capability model. ``MINUS { a . b }`` runs the inner join once and anti-joins on the
shared variables (0.06 s). The two mean the same when the inner block is a plain basic graph
pattern and every variable it shares with the rest of the query is certainly bound in the
outer group (bound by a triple pattern there, or ``$this``); only then is it rewritten.
"""

from __future__ import annotations

import re
from collections.abc import Callable

_NOT_EXISTS = re.compile(r"FILTER\s*\(?\s*NOT\s+EXISTS\s*\{", re.IGNORECASE)
_NOT_BGP = re.compile(
    r"\b(FILTER|OPTIONAL|BIND|VALUES|GRAPH|SERVICE|MINUS|UNION|SELECT|EXISTS)\b|[{}]",
    re.IGNORECASE)
_VARIABLE = re.compile(r"[?$]([A-Za-z_][A-Za-z0-9_]*)")
_EXPRESSION = re.compile(r"\b(FILTER|BIND)\s*\(", re.IGNORECASE)


def _matching(code: str, opening: int, open_ch: str = "{", close_ch: str = "}") -> int:
    depth = 0
    for i in range(opening, len(code)):
        if code[i] == open_ch:
            depth += 1
        elif code[i] == close_ch:
            depth -= 1
            if depth == 0:
                return i
    return -1


def _blank(code: str, start: int, end: int) -> str:
    return code[:start] + " " * (end - start) + code[end:]


def not_exists_to_minus(query: str, code_only: Callable[[str], str]) -> str:
    """``query`` with each safe top-level ``FILTER NOT EXISTS { BGP }`` turned into ``MINUS``."""
    code = code_only(query)
    outer_open = code.find("{")
    outer_close = _matching(code, outer_open) if outer_open >= 0 else -1
    if outer_close < 0:
        return query
    # What the outer group binds for certain: its own triple patterns, without nested groups
    # and without FILTER/BIND expressions.
    certain = code[outer_open + 1:outer_close]
    i = certain.find("{")
    while i >= 0:
        end = _matching(certain, i)
        if end < 0:
            return query
        certain = _blank(certain, i, end + 1)
        i = certain.find("{")
    for m in list(_EXPRESSION.finditer(certain)):
        end = _matching(certain, m.end() - 1, "(", ")")
        if end >= 0:
            certain = _blank(certain, m.start(), end + 1)
    certain_vars = set(_VARIABLE.findall(certain)) | {"this"}

    blocks: list[tuple[int, int, str]] = []
    for m in _NOT_EXISTS.finditer(code, outer_open + 1, outer_close):
        body_open = m.end() - 1
        if _depth(code, outer_open, m.start()) != 1:
            continue
        body_close = _matching(code, body_open)
        end = body_close + 1
        if m.group(0).replace(" ", "").upper().startswith("FILTER("):
            close_paren = code.find(")", end)
            if close_paren < 0 or code[end:close_paren].strip():
                continue
            end = close_paren + 1
        body_code = code[body_open + 1:body_close]
        if _NOT_BGP.search(body_code):
            continue
        inner = set(_VARIABLE.findall(body_code))
        elsewhere = set(_VARIABLE.findall(_blank(code, m.start(), end)))
        shared = inner & elsewhere
        if "this" in inner:
            shared.add("this")
        if not shared or not shared <= certain_vars:
            continue
        blocks.append((m.start(), end, query[body_open + 1:body_close]))
    if not blocks:
        return query
    out, last = [], 0
    for start, end, _body in blocks:
        out += [query[last:start], " "]
        last = end
    out.append(query[last:outer_close])
    out += [f" MINUS {{ {body} }}" for _s, _e, body in blocks]
    out.append(query[outer_close:])
    return "".join(out)


def _depth(code: str, outer_open: int, position: int) -> int:
    depth = 0
    for ch in code[outer_open:position]:
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
    return depth

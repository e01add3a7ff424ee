"""SHACL-SPARQL constraints (``sh:sparql``) run as one query for all focus nodes at once.

SHACL defines them per focus node, with ``$this`` pre-bound. Running one query per focus
node would be slow on large models and chatty on remote stores, so the shape's focus nodes
are joined in instead: at the start of the outermost group and of every group that mentions
``$this`` itself. For the queries SHACL allows (no MINUS, VALUES, SERVICE or sub-queries,
5.3.1.1) every pattern, OPTIONAL, FILTER and BIND that mentions ``$this`` then sees it bound
to the same focus node, which is what pre-binding means.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox

from ....namespaces import OWL
from ....store import Term
from .checks import Check
from .rewrite import not_exists_to_minus
from .shapes import sh
from .unsupported import Unsupported

if TYPE_CHECKING:
    from .compiler import Compiler

_STRINGS = re.compile(r'"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^\'\\]|\\.|\'(?!\'\'))*\'\'\''
                      r'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|<[^<>"{}|^`\\\s]*>|#[^\n]*')
_REFUSED = re.compile(r"\b(MINUS|VALUES|SERVICE)\b", re.IGNORECASE)
_SELECT = re.compile(r"\bSELECT\b", re.IGNORECASE)
_PLACEHOLDER = re.compile(r"\{([?$])([A-Za-z_][A-Za-z0-9_]*)\}")


def _code_only(query: str) -> str:
    """The query with strings, IRIs and comments blanked out, same length, for scanning."""
    return _STRINGS.sub(lambda m: " " * len(m.group(0)), query)


class SparqlCompiler:
    """Turns ``sh:sparql`` constraints of a shape into checks."""

    def __init__(self, compiler: Compiler) -> None:
        self.c = compiler
        self.g = compiler.g

    def checks(self, shape: Term, constraint: Term, base: dict[str, Any]) -> list[Check]:
        if self.g.is_true(constraint, sh("deactivated")):
            return []
        select = self.g.value(constraint, sh("select"))
        if not isinstance(select, ox.Literal):
            raise Unsupported("sh:sparql without a sh:select query")
        text = select.value
        code = _code_only(text)
        if _REFUSED.search(code) or len(_SELECT.findall(code)) != 1:
            raise Unsupported("a SPARQL constraint using MINUS, VALUES, SERVICE or a sub-query")
        if "$shapesGraph" in code:
            raise Unsupported("$shapesGraph in a SPARQL constraint")
        if "$currentShape" in code:
            if not isinstance(shape, ox.NamedNode):
                raise Unsupported("$currentShape of a blank-node shape")
            text = _replace_code(text, "$currentShape", str(shape))
        path = self.c.path_of(shape)
        if "$PATH" in code:
            if path is None:
                raise Unsupported("$PATH in a SPARQL constraint of a node shape")
            text = _replace_code(text, "$PATH", path)
        if not getattr(self.c, "few_focus_nodes", False):
            # MINUS reads its block once for all focus nodes: faster over all of them, but
            # for a few bound focus nodes NOT EXISTS looks up only theirs.
            text = not_exists_to_minus(text, _code_only)
        openings = _focus_groups(text)
        text = _replace_code(text, "$this", "?this")
        prologue = self._prologue(constraint)

        def query(focus: str) -> str:
            out, last = [prologue], 0
            for at in openings:
                out += [text[last:at + 1], f" {{ {focus} }} "]
                last = at + 1
            out.append(text[last:])
            return "".join(out)

        message = self.c.message(constraint) or base["message"]
        check = Check(**{**base, "message": message}, component="SPARQLConstraintComponent",
                      query=query, templated=bool(message and _PLACEHOLDER.search(message)))
        return [check]

    def _prologue(self, constraint: Term) -> str:
        """PREFIX lines from ``sh:prefixes`` and the ``sh:declare``s they reach via owl:imports."""
        declared: dict[str, str] = {}
        todo = list(self.g.objects(constraint, sh("prefixes")))
        seen: set[Term] = set()
        while todo:
            node = todo.pop()
            if node in seen:
                continue
            seen.add(node)
            for decl in self.g.objects(node, sh("declare")):
                prefix, namespace = self.g.value(decl, sh("prefix")), self.g.value(
                    decl, sh("namespace"))
                if prefix is not None and namespace is not None:
                    declared[prefix.value] = namespace.value  # type: ignore[union-attr]
            todo += self.g.objects(node, ox.NamedNode(OWL + "imports"))
        return "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in sorted(declared.items()))


def _focus_groups(query: str) -> list[int]:
    """Offsets of the ``{`` opening the outermost group and each group that needs ``$this``.

    A nested group needs it when ``$this`` appears there only in FILTER or BIND expressions;
    a group whose own triple patterns mention ``$this`` binds it itself, and the join with
    the outer group's focus nodes does the rest. Groups inside ``EXISTS`` are left alone:
    SPARQL already substitutes the outer solution's ``?this`` there. So are ``MINUS`` groups
    (only made by :func:`not_exists_to_minus`), where ``?this`` is a join variable.
    """
    code = _code_only(query)
    stack: list[tuple[int, bool]] = []
    mentions: set[int] = set()
    spans: dict[int, int] = {}
    outermost = -1
    for i, ch in enumerate(code):
        if ch == "{":
            in_exists = bool(stack and stack[-1][1]) or bool(_EXISTS.search(code[:i]))
            if not stack and outermost < 0:
                outermost = i
            stack.append((i, in_exists))
        elif ch == "}":
            if not stack:
                raise Unsupported("a SPARQL constraint with unbalanced braces")
            spans[stack.pop()[0]] = i
        elif ch == "$" and code.startswith("$this", i) and stack and not stack[-1][1]:
            mentions.add(stack[-1][0])
    if stack or outermost < 0:
        raise Unsupported("a SPARQL constraint without a well-formed WHERE clause")
    chosen = {outermost}
    for opening in mentions - {outermost}:
        if "$this" not in _own_patterns(code[opening + 1:spans[opening]]):
            chosen.add(opening)
    return sorted(chosen)


def _own_patterns(group: str) -> str:
    """A group's code without its nested groups and FILTER/BIND expressions."""
    depth, out = 0, []
    for ch in group:
        if ch == "{":
            depth += 1
        if depth == 0:
            out.append(ch)
        if ch == "}":
            depth -= 1
    text = "".join(out)
    for m in reversed(list(_EXPRESSION.finditer(text))):
        level, end = 0, len(text)
        for j in range(m.end() - 1, len(text)):
            level += {"(": 1, ")": -1}.get(text[j], 0)
            if level == 0:
                end = j + 1
                break
        text = text[:m.start()] + text[end:]
    return text


_EXPRESSION = re.compile(r"\b(FILTER|BIND)\s*\(", re.IGNORECASE)
_EXISTS = re.compile(r"\b(EXISTS|MINUS)\s*$", re.IGNORECASE)


def _replace_code(query: str, name: str, replacement: str) -> str:
    """Replace the variable ``name`` outside strings and IRIs (whole names only)."""
    code = _code_only(query)
    pattern = re.compile(re.escape(name) + r"(?![A-Za-z0-9_])")
    out, last = [], 0
    for m in pattern.finditer(code):
        out.append(query[last:m.start()])
        out.append(replacement)
        last = m.end()
    out.append(query[last:])
    return "".join(out)


def fill_message(template: str, row: dict[str, Term]) -> str:
    """``{?var}`` / ``{$var}`` placeholders replaced by the row's values (lexical forms)."""

    def value(m: re.Match[str]) -> str:
        term = row.get(m.group(2))
        return term.value if term is not None and hasattr(term, "value") else m.group(0)

    return _PLACEHOLDER.sub(value, template)

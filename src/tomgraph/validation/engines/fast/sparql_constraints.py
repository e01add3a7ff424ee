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
from typing import Any

import pyoxigraph as ox

from ....namespaces import OWL
from ....sparql.structure import Query
from ....sparql.tokens import VAR, WORD, tokenize
from ....store import Term
from .checks import Check, ShapeReader
from .rewrite import not_exists_to_minus, own_pattern_variables
from .shapes import sh
from .unsupported import Unsupported

_REFUSED = frozenset({"MINUS", "VALUES", "SERVICE"})
_PLACEHOLDER = re.compile(r"\{([?$])([A-Za-z_][A-Za-z0-9_]*)\}")
"""``{?var}`` in a message template (message text, not SPARQL)."""


class SparqlCompiler:
    """Turns ``sh:sparql`` constraints of a shape into checks."""

    def __init__(self, compiler: ShapeReader) -> None:
        self.c = compiler
        self.g = compiler.g

    def checks(self, shape: Term, constraint: Term, base: dict[str, Any]) -> list[Check]:
        if self.g.is_true(constraint, sh("deactivated")):
            return []
        select = self.g.value(constraint, sh("select"))
        if not isinstance(select, ox.Literal):
            raise Unsupported("sh:sparql without a sh:select query")
        text = select.value
        parsed = Query(text)
        words = [t.upper for t in parsed.tokens if t.kind is WORD]
        if _REFUSED.intersection(words) or words.count("SELECT") != 1:
            raise Unsupported("a SPARQL constraint using MINUS, VALUES, SERVICE or a sub-query")
        variables = {t.text for t in parsed.tokens if t.kind is VAR}
        if "$shapesGraph" in variables:
            raise Unsupported("$shapesGraph in a SPARQL constraint")
        if "$currentShape" in variables:
            if not isinstance(shape, ox.NamedNode):
                raise Unsupported("$currentShape of a blank-node shape")
            text = _replace_variable(text, "$currentShape", str(shape))
        path = self.c.path_of(shape)
        if "$PATH" in variables:
            if path is None:
                raise Unsupported("$PATH in a SPARQL constraint of a node shape")
            text = _replace_variable(text, "$PATH", path)
        if not getattr(self.c, "few_focus_nodes", False):
            # MINUS reads its block once for all focus nodes: faster over all of them, but
            # for a few bound focus nodes NOT EXISTS looks up only theirs.
            text = not_exists_to_minus(text)
        openings = _focus_groups(text)
        text = _replace_variable(text, "$this", "?this")
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
    parsed = Query(query)
    toks, groups = parsed.tokens, parsed.groups
    if not groups or not parsed.balanced:
        raise Unsupported("a SPARQL constraint without a well-formed WHERE clause")
    in_exists: list[bool] = []
    for group in groups:
        before = toks[group.open - 1] if group.open else None
        in_exists.append(
            (group.parent is not None and in_exists[group.parent])
            or (before is not None and before.is_word("EXISTS", "MINUS"))
        )
    chosen = {0}
    for n, mentioned in enumerate(parsed.mentions()):
        if n and "this" in mentioned and not in_exists[n] and "this" not in own_pattern_variables(
                toks, groups[n]):
            chosen.add(n)
    return sorted(toks[groups[n].open].start for n in chosen)


def _replace_variable(query: str, name: str, replacement: str) -> str:
    """Replace the variable ``name`` (``$this``) outside strings and IRIs (whole names only)."""
    return "".join(
        replacement if tok.kind is VAR and tok.text == name else tok.text
        for tok in tokenize(query)
    )


def fill_message(template: str, row: dict[str, Term]) -> str:
    """``{?var}`` / ``{$var}`` placeholders replaced by the row's values (lexical forms)."""

    def value(m: re.Match[str]) -> str:
        term = row.get(m.group(2))
        return term.value if term is not None and hasattr(term, "value") else m.group(0)

    return _PLACEHOLDER.sub(value, template)

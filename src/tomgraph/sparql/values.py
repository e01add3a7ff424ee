"""Pre-binding variables by ``VALUES`` blocks: the one place that writes them into a query.

Stores call :func:`bind` (the embedded store only where pyoxigraph's own ``substitutions``
cannot do it, see :func:`needs_values`; a remote store always). A binding means what
substitution means: the variable has that value everywhere in the query. So a block
``VALUES ?name { term … }`` goes

* first inside every group whose own patterns or expressions name the variable: the
  top-level WHERE group, a sub-SELECT's WHERE group (which does not see the outer query's
  variables), a UNION branch, an OPTIONAL, MINUS or EXISTS group, so each part of the query
  is answered for the bound value only instead of for everything and joined later;
* not in a group that assigns the variable itself (``BIND (… AS ?v)``), which would be an
  error, nor around a sub-SELECT (only inside its WHERE group);
* first inside the top-level WHERE group when no group names the variable (a projected
  variable bound to a constant), so the binding is never lost.

A binding may be a sequence of terms: ``VALUES ?s { <a> <b> <c> }`` (batch lookups). Several
bound variables going into the same group share one block of every combination of their
values, ``VALUES (?s ?p) { (<a> <x>) (<a> <y>) … }`` (up to :data:`MAX_JOINT_ROWS` rows; past
that each gets its own block). The answer is the same, but Oxigraph joins two blocks of more
than a handful of rows each by reading the whole pattern they bind (a label lookup of ten
subjects scanned every label: a second instead of a millisecond), while one block is joined
row by row.
Terms are written in N-Triples syntax by pyoxigraph, never pasted from text a user typed;
blank nodes cannot be bound in text (a blank node in a query is a fresh variable). Blocks
are written on the line of the brace they follow, so error positions keep their line.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from pyoxigraph import BlankNode, Literal, NamedNode, Triple

from ..errors import UsageError
from .structure import Group, Query, parse
from .tokens import PUNCT, VAR, check

Term = NamedNode | BlankNode | Literal | Triple
Bindings = Mapping[str, "Term | Sequence[Term]"]
"""A store's ``bindings`` argument: each variable name to one term or a sequence of terms."""


def normalise(bindings: Bindings) -> dict[str, tuple[Term, ...]]:
    """``bindings`` with sigils dropped and every value a tuple of terms."""
    out: dict[str, tuple[Term, ...]] = {}
    for name, value in bindings.items():
        terms = (value,) if isinstance(value, NamedNode | BlankNode | Literal | Triple) else (
            tuple(value))
        out[name.lstrip("?$")] = terms
    return out


def cache_key(bindings: Bindings | None) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """A hashable, order-free form of ``bindings`` for result caches."""
    if not bindings:
        return ()
    return tuple(sorted((k, tuple(str(t) for t in v)) for k, v in normalise(bindings).items()))


def term_syntax(name: str, term: Term, *, triples: bool = True) -> str:
    """``term`` as a query writes it (N-Triples syntax), or a :class:`UsageError`."""
    if isinstance(term, NamedNode | Literal) or (triples and isinstance(term, Triple)):
        return str(term)
    kind = type(term).__name__
    raise UsageError(
        f"?{name} is bound to a {kind}: only IRIs and literals can be bound in query text"
    )


MAX_JOINT_ROWS = 20_000
"""The most rows one block of several variables may have (the product of their values)."""


def values_block(name: str, terms: Sequence[Term], *, triples: bool = True) -> str:
    """``VALUES ?name { t1 t2 … }`` on one line."""
    return _block([name], {name: [term_syntax(name, t, triples=triples) for t in terms]})


def table_block(names: Sequence[str], rows: Iterable[Sequence[Term]]) -> str:
    """``VALUES (?a ?b) { (a1 b1) (a2 b2) … }``: a table of given rows, not every combination
    (a store's dialect rewrite binding a closure it computed, e.g. subclass pairs)."""
    written = [" ".join(term_syntax(n, t) for n, t in zip(names, row, strict=True))
               for row in rows]
    if len(names) == 1:
        return f"VALUES ?{names[0]} {{ " + " ".join(written) + " }"
    heading = " ".join(f"?{name}" for name in names)
    return f"VALUES ({heading}) {{ " + " ".join(f"({row})" for row in written) + " }"


def _block(names: Sequence[str], cells: Mapping[str, Sequence[str]]) -> str:
    """One VALUES block for ``names``: every combination of their values (already in query
    syntax), or one block each when the combinations would be too many."""
    if len(names) == 1:
        return f"VALUES ?{names[0]} {{ " + " ".join(cells[names[0]]) + " }"
    size = 1
    for name in names:
        size *= len(cells[name])
    if size > MAX_JOINT_ROWS:
        return " ".join(_block([name], cells) for name in names)
    rows = [""]
    for name in names:
        rows = [f"{row} {term}" if row else term for row in rows for term in cells[name]]
    heading = " ".join(f"?{name}" for name in names)
    return f"VALUES ({heading}) {{ " + " ".join(f"({row})" for row in rows) + " }"


def needs_values(text: str, bindings: Bindings) -> bool:
    """Whether ``bindings`` must be written as VALUES blocks rather than pyoxigraph
    ``substitutions``: those bind single terms only, in a SELECT only projected variables,
    and never reach inside a sub-SELECT."""
    terms = normalise(bindings)
    if any(len(v) != 1 for v in terms.values()):
        return True
    query = parse(text)
    if query.form not in ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE"):
        return True
    projected = query.projected()
    if query.form == "SELECT" and projected is not None and not set(terms) <= set(projected):
        return True
    mentions = query.mentions()
    for group in query.groups:
        if group.subquery and any(
            terms.keys() & mentions[m]
            for m, inner in enumerate(query.groups) if query.inside(inner, group)
        ):
            return True
    return False


def bind(text: str, bindings: Bindings, *, triples: bool = True, source: str = "query") -> str:
    """``text`` with ``bindings`` written in as VALUES blocks (see the module docstring)."""
    terms = normalise(bindings)
    if not terms:
        return text
    query = parse(text)
    check(query.tokens, source=source)
    cells = {n: [term_syntax(n, t, triples=triples) for t in v] for n, v in terms.items()}
    found = query.where
    if found is None:
        if query.form == "DESCRIBE":  # DESCRIBE ?x with no WHERE: the bindings become one
            return text.rstrip() + " WHERE { " + _block(list(cells), cells) + " }"
        raise UsageError(
            "cannot bind variables in this query: it needs a WHERE { … } group "
            "(a SELECT, ASK, CONSTRUCT or DESCRIBE query)"
        )
    where, short_construct = found
    if where.close >= len(query.tokens):
        raise UsageError("unbalanced braces in the query: cannot bind variables in it")
    return _insert(query, where, short_construct, cells)


def _bound_around(query: Query, n: int, name: str, targets: Mapping[int, list[str]]) -> bool:
    """Whether group ``n``, and every group between it and one that binds ``name``, is a plain
    nested group (``{ … }`` joined with what surrounds it: not OPTIONAL, MINUS, UNION, GRAPH,
    SERVICE, EXISTS or a sub-SELECT) naming ``name`` only in its patterns (not in a FILTER or
    BIND, which see only their own group). Its own block would change nothing then (the join
    keeps only those values), and it would join ``name`` with the group's other bound
    variables in one block: ``{ VALUES ?s {…} { VALUES ?p {…} ?s ?p ?o } }`` reads each bound
    subject's few triples, while one ``(?s ?p)`` block is joined by reading every triple of
    the pattern."""
    if _in_expression(query, n, name):
        return False
    current = n
    while True:
        group = query.groups[current]
        if group.subquery or group.parent is None:
            return False
        before = query.tokens[group.open - 1] if group.open else None
        if before is None or before.kind is not PUNCT or before.text not in ("{", "}", "."):
            return False
        current = group.parent
        if name in targets.get(current, ()):
            return True


def _in_expression(query: Query, n: int, name: str) -> bool:
    """Whether group ``n``'s own tokens name ``?name`` inside parentheses (an expression)."""
    group, toks = query.groups[n], query.tokens
    depth, braces = 0, 0
    for tok in toks[group.open + 1:group.close]:
        if tok.kind is PUNCT and tok.text in ("{", "}"):
            braces += 1 if tok.text == "{" else -1
        elif tok.kind is PUNCT and tok.text in ("(", ")"):
            depth += 1 if tok.text == "(" else -1
        elif braces == 0 and depth > 0 and tok.kind is VAR and tok.text[1:] == name:
            return True
    return False


def _insert(query: Query, where: Group, short: bool, blocks: dict[str, list[str]]) -> str:
    toks, text = query.tokens, query.text
    mentions, assigned = query.mentions(), query.assigned()
    targets: dict[int, list[str]] = {}
    for n, group in enumerate(query.groups):
        if group.subquery or not query.inside(group, where):
            continue  # a sub-SELECT's own WHERE group, inside it, takes the blocks
        names = [name for name in blocks if name in mentions[n] and name not in assigned[n]]
        if names:
            targets[n] = names
    top = query.groups.index(where)
    unplaced = [name for name in blocks if not any(name in v for v in targets.values())]
    if unplaced:
        targets[top] = [*targets.get(top, []), *unplaced]
    for n in sorted(targets, key=lambda n: query.groups[n].open, reverse=True):
        names = [name for name in targets[n] if not _bound_around(query, n, name, targets)]
        if names:
            targets[n] = names
        else:
            del targets[n]
    edits: list[tuple[int, int, str]] = []  # (start, end, replacement) on the text
    for n, names in targets.items():
        group = query.groups[n]
        block = _block(names, blocks)
        at = toks[group.open].end
        if group.subquery:  # a top-level WHERE holding only a sub-SELECT: wrap it
            close = toks[group.close].start
            edits.append((at, at, f" {block} {{"))
            edits.append((close, close, "} "))
        else:
            edits.append((at, at, f" {block} "))
    if short:
        # CONSTRUCT WHERE { pattern }: the pattern is also the template, which a VALUES
        # block may not enter, so spell out the long form.
        template = text[toks[where.open].start:toks[where.close].end]
        after_form = toks[query.form_index or 0].end
        edits.append((after_form, after_form, f" {template}"))
    out, last = [], 0
    for start, end, replacement in sorted(edits, key=lambda e: e[0]):
        out += [text[last:start], replacement]
        last = end
    out.append(text[last:])
    return "".join(out)

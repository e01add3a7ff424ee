"""The fast reasoning engine: the ontology compiled to SPARQL rules run to a fixpoint in the store.

HermiT realises every individual against every class, which takes 43 minutes on a
10,000-capability model. This ontology's inferences (defined classes, inverses, domains and
ranges, the class and property hierarchies, property chains) need far less: each axiom is
compiled to one SPARQL ``INSERT`` (:mod:`.compile`), the rules run inside the store, on any
backend, into a working graph until a round adds nothing, and then the same two queries a
realising reasoner answers (most specific new types, most specific new superclasses) give
exactly the triples HermiT writes. Axioms it cannot compile raise
:class:`~tomgraph.errors.ReasonerError` pointing at ``--engine hermit``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from pyoxigraph import NamedNode, RdfFormat

from ...errors import ReasonerError
from ...namespaces import INFERRED_GRAPH
from ...store import Dataset, GraphResult, SelectResult, Store
from ..explain import Clash
from .axioms import RDF, RDFS, Unsupported, read_axioms
from .clashes import find_clashes
from .compile import Rules, compile_rules, fill, hierarchy_update
from .hierarchy import ancestors_of

WORK_GRAPH = INFERRED_GRAPH + "/work"
MAX_ROUNDS = 50
"""A guard: this ontology's rules settle in three or four rounds."""


def infer(store: Store, graphs: tuple[str, ...]) -> tuple[bool, list[Clash], str]:
    """(consistent, clash descriptions, inferred N-Triples) for ``graphs`` of ``store``.

    The working graph is removed afterwards, whatever happens; nothing else is written.
    """
    present = set(store.graphs())
    graphs = tuple(g for g in graphs if g in present and g != WORK_GRAPH)
    if WORK_GRAPH in present:
        store.clear(WORK_GRAPH)
    try:
        result = store.query(fill("axioms"), dataset=Dataset(default_graphs=graphs))
        assert isinstance(result, SelectResult)
        try:
            axioms = read_axioms((s, p, o) for s, p, o in result)  # type: ignore[misc]
            rules = compile_rules(axioms, graphs, WORK_GRAPH)
        except Unsupported as exc:
            raise ReasonerError(
                f"the fast engine cannot compile {exc}; use --engine hermit"
            ) from None
        if rules.hierarchy:
            store.update(hierarchy_update(rules, WORK_GRAPH))
        dataset = Dataset(default_graphs=(*graphs, WORK_GRAPH),
                          named_graphs=(*graphs, WORK_GRAPH))
        run = _runner(store, dataset)
        texts = [text for _, text in rules.updates]
        _fixpoint(store, texts[: rules.typing_from], run)
        for text in texts[rules.typing_from : rules.definitions_from]:
            run(text)
        _definitions_fixpoint(store, rules, axioms.superclasses, run)
        clashes = find_clashes(store, dataset)
        if clashes:
            return False, clashes, ""
        lines = _inferred(store, dataset)
    finally:
        if WORK_GRAPH in set(store.graphs()):
            store.clear(WORK_GRAPH)
    return True, [], "".join(sorted(lines))


def _select(store: Store, text: str, dataset: Dataset) -> list[Any]:
    result = store.query(text, dataset=dataset)
    assert isinstance(result, SelectResult)
    return list(result)


_INSERT_HEAD = re.compile(r"INSERT \{ GRAPH <[^>]+> \{ (.*?) \} \}")


def _runner(store: Store, dataset: Dataset) -> Callable[[str], None]:
    """How a rule runs: one update in the store, or, where a remote service takes no
    ``USING`` (a union default graph), the same rule as a ``CONSTRUCT`` over ``dataset``
    whose triples are then added to the working graph."""
    if not store.remote:
        return store.update

    def construct_then_add(text: str) -> None:
        query = _INSERT_HEAD.sub(r"CONSTRUCT { \1 }", text)
        query = "\n".join(line for line in query.splitlines() if not line.startswith("USING"))
        result = store.query(query, dataset=dataset)
        assert isinstance(result, GraphResult)
        body = "".join(f"{t.subject} {t.predicate} {t.object} .\n" for t in result)
        if body:
            store.load_bytes(body.encode("utf-8"), RdfFormat.N_TRIPLES, graph=WORK_GRAPH)

    return construct_then_add


def _fixpoint(store: Store, updates: list[str], run: Callable[[str], None]) -> None:
    """Run every rule, round after round, until a round adds nothing to the working graph."""
    before = store.count(WORK_GRAPH)
    for _ in range(MAX_ROUNDS):
        for text in updates:
            run(text)
        after = store.count(WORK_GRAPH)
        if after == before:
            return
        before = after
    raise ReasonerError(f"the fast engine did not settle within {MAX_ROUNDS} rounds")


def _definitions_fixpoint(
    store: Store, rules: Rules, superclasses: list[tuple[str, str]], run: Callable[[str], None]
) -> None:
    """Run the definitions until none adds a member; after the first round, only those that
    read a class (or a superclass of one) that gained members in the round before."""
    ancestors = ancestors_of((*superclasses, *rules.hierarchy))
    pending = [(name.removeprefix("defined "), text)
               for name, text in rules.updates[rules.definitions_from :]]
    due = {cls for cls, _ in pending}
    size = store.count(WORK_GRAPH)
    for _ in range(MAX_ROUNDS):
        grown: set[str] = set()
        for cls, text in pending:
            if cls not in due:
                continue
            run(text)
            after = store.count(WORK_GRAPH)
            if after != size:
                grown |= ancestors(cls)
            size = after
        if not grown:
            return
        due = {cls for cls, _ in pending if rules.reads.get(cls, set()) & grown}
    raise ReasonerError(f"the fast engine did not settle within {MAX_ROUNDS} rounds")


def _inferred(store: Store, dataset: Dataset) -> list[str]:
    lines: list[str] = []
    rdf_type, sub_class_of = NamedNode(RDF + "type"), NamedNode(RDFS + "subClassOf")
    for name, predicate in (("direct-types", rdf_type), ("direct-superclasses", sub_class_of)):
        result = store.query(fill(name, WORK=WORK_GRAPH), dataset=dataset)
        assert isinstance(result, SelectResult)
        lines += [f"{s} {predicate} {o} .\n" for s, o in result]
    return lines

"""Small helpers the query tests share: answers as plain tuples, expected answers as TSV."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

from pyoxigraph import Literal, NamedNode

from tomgraph.namespaces import shorten
from tomgraph.store.base import SelectResult, Term

HERE = Path(__file__).parent
FIXTURES = HERE / "fixtures"
EXPECTED = HERE / "expected"
EX = "http://example.org/mini/"
"""The namespace of the hand-written fixture programme (``fixtures/mini.ttl``)."""


def plain(term: Term | None) -> str:
    """A term as a test reads it: ``met:x``/``tom:y`` for IRIs, ``ex:z`` for the fixture's."""
    if term is None:
        return ""
    if isinstance(term, NamedNode):
        if term.value.startswith(EX):
            return "ex:" + term.value[len(EX):]
        return shorten(term.value)
    if isinstance(term, Literal):
        return term.value
    return str(term)


def rows(result: object) -> list[tuple[str, ...]]:
    """The solutions of a SELECT answer as tuples of plain strings, in answer order."""
    assert isinstance(result, SelectResult)
    return [tuple(plain(t) for t in row) for row in result]


def to_tsv(variables: Sequence[str], table: Iterable[Sequence[str]]) -> str:
    lines = ["\t".join(variables)] + ["\t".join(r) for r in table]
    return "\n".join(lines) + "\n"


def read_tsv(path: Path) -> tuple[list[str], list[tuple[str, ...]]]:
    """Header and rows of an expected-answer file (tabs between cells, empty for unbound)."""
    lines = path.read_text(encoding="utf-8").rstrip("\n").split("\n")
    header = lines[0].split("\t")
    return header, [tuple(line.split("\t")) for line in lines[1:]]

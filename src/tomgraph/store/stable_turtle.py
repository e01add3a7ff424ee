"""Deterministic Turtle: the same model always gives the same bytes, so models diff in git.

Subjects are sorted (IRIs, then blank nodes), ``rdf:type`` comes first as ``a`` and the other
predicates follow in IRI order, objects in the order of their written form. Only the prefixes
used are declared. Blank nodes are labelled by canonicalisation (RDFC-style, as pyoxigraph
implements it), so two loads of one model label them alike whatever the input order was.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from typing import IO

import pyoxigraph as ox

from ..namespaces import PREFIXES, RDF, XSD

_RDF_TYPE = RDF + "type"
_LOCAL = re.compile(r"[A-Za-z0-9_]([\w.-]*[\w-])?")
_INTEGER = re.compile(r"[+-]?[0-9]+")
_DECIMAL = re.compile(r"[+-]?[0-9]*\.[0-9]+")


class _Writer:
    def __init__(self, prefixes: dict[str, str]) -> None:
        # Longest namespace first, so the most specific prefix wins.
        self.prefixes = sorted(prefixes.items(), key=lambda kv: -len(kv[1]))
        self.used: set[str] = set()

    def iri(self, iri: str) -> str:
        for prefix, ns in self.prefixes:
            if iri.startswith(ns) and len(iri) > len(ns):
                local = iri[len(ns):]
                if _LOCAL.fullmatch(local):
                    self.used.add(prefix)
                    return f"{prefix}:{local}"
        return f"<{iri}>"

    def term(self, term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple) -> str:
        if isinstance(term, ox.NamedNode):
            return self.iri(term.value)
        if isinstance(term, ox.BlankNode):
            return f"_:{term.value}"
        if isinstance(term, ox.Literal):
            return self.literal(term)
        parts = (self.term(term.subject), self.term(term.predicate), self.term(term.object))
        return "<< " + " ".join(parts) + " >>"

    def literal(self, lit: ox.Literal) -> str:
        text = str(ox.Literal(lit.value))  # the N-Triples quoting of the lexical form
        if lit.language:
            return f"{text}@{lit.language}"
        datatype = lit.datatype.value
        if datatype == XSD + "string":
            return text
        if datatype == XSD + "integer" and _INTEGER.fullmatch(lit.value):
            return lit.value
        if datatype == XSD + "decimal" and _DECIMAL.fullmatch(lit.value):
            return lit.value
        if datatype == XSD + "boolean" and lit.value in ("true", "false"):
            return lit.value
        return f"{text}^^{self.iri(datatype)}"


def canonical_triples(triples: Iterable[ox.Triple]) -> list[ox.Triple]:
    """``triples`` with blank nodes relabelled canonically (unchanged when there are none)."""
    listed = list(triples)
    if not any(isinstance(t.subject, ox.BlankNode) or isinstance(t.object, ox.BlankNode)
               for t in listed):
        return listed
    dataset = ox.Dataset(ox.Quad(t.subject, t.predicate, t.object) for t in listed)
    dataset.canonicalize(ox.CanonicalizationAlgorithm.UNSTABLE)
    return [ox.Triple(q.subject, q.predicate, q.object) for q in dataset]


def write_stable_turtle(
    triples: Iterable[ox.Triple], out: IO[bytes], *, prefixes: dict[str, str] | None = None
) -> int:
    """Write ``triples`` as stable Turtle to ``out``; returns how many were written."""
    writer = _Writer(prefixes or PREFIXES)
    by_subject: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    subject_keys: dict[str, tuple[int, str]] = {}
    count = 0
    for t in canonical_triples(triples):
        subject = writer.term(t.subject)
        subject_keys.setdefault(subject, (isinstance(t.subject, ox.BlankNode), subject))
        predicate = "a" if t.predicate.value == _RDF_TYPE else writer.iri(t.predicate.value)
        objects = by_subject[subject][predicate]
        before = len(objects)
        objects.add(writer.term(t.object))
        count += len(objects) - before
    body: list[str] = []
    for subject in sorted(by_subject, key=subject_keys.__getitem__):
        predicates = by_subject[subject]
        order = sorted(predicates, key=lambda p: (p != "a", p))
        lines = [
            f"    {p} {' , '.join(sorted(predicates[p]))}" for p in order
        ]
        body.append(subject + "\n" + " ;\n".join(lines) + " .\n")
    header = "".join(
        f"@prefix {p}: <{ns}> .\n" for p, ns in sorted(writer.prefixes) if p in writer.used
    )
    out.write((header + ("\n" if header and body else "") + "\n".join(body)).encode("utf-8"))
    return count

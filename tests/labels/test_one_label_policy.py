"""Architecture: one label policy and one place where N-Triples keys become terms.

A second module choosing between label predicates (or a second N-Triples re-parser) is how
one IRI came to read differently in the CLI, on the pages and in the reports; these tests
fail as soon as one appears.
"""

from __future__ import annotations

import re
from pathlib import Path

import tomgraph

PACKAGE = Path(tomgraph.__file__).parent
POLICY = PACKAGE / "labels.py"
POLICY_QUERY = PACKAGE / "sparql" / "labels.rq"

SEARCH_TEXT = {PACKAGE / "sparql" / "page-search.rq":
               "finds resources by the text of every naming and describing predicate; "
               "the names it shows come from the label policy"}
"""Queries that read label predicates for another purpose than naming, and why."""

_PREFLABEL = re.compile(r"prefLabel")
_NT_HELPERS = re.compile(
    r"def _literal_text\b|\.strip\(\"<>\"\)|\[1:-1\] if \w+\.startswith\(\"<\"\)"
    r"|def _iri\(node"
)
CONSUMERS = ("cli", "diff", "results", "validation", "web/pages")
"""Packages that read validation results and query answers. The engines under
``validation/engines`` keep N-Triples strings internally, for speed, and are not consumers;
forms that accept an ``<iri>`` typed by a person parse input, not results."""


def _files(*suffixes: str) -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*") if p.suffix in suffixes)


def test_only_the_label_module_names_skos_preflabel_among_python_modules() -> None:
    offenders = [str(p.relative_to(PACKAGE)) for p in _files(".py")
                 if p != POLICY and _PREFLABEL.search(p.read_text(encoding="utf-8"))]
    assert offenders == [], (
        f"{offenders} choose between label predicates: ask tomgraph.labels instead"
    )


def test_no_query_other_than_the_policy_query_reads_skos_preflabel_to_name_things() -> None:
    offenders = [str(p.relative_to(PACKAGE)) for p in _files(".rq")
                 if p != POLICY_QUERY and p not in SEARCH_TEXT
                 and _PREFLABEL.search(p.read_text(encoding="utf-8"))]
    assert offenders == [], (
        f"{offenders} pick labels themselves: take names from tomgraph.labels.lookup"
    )


def _consumer(path: Path) -> bool:
    where = path.relative_to(PACKAGE).as_posix()
    return where.startswith(CONSUMERS) and not where.startswith("validation/engines/")


def test_n_triples_keys_are_turned_back_into_terms_only_in_the_terms_module() -> None:
    offenders = [str(p.relative_to(PACKAGE)) for p in _files(".py")
                 if _consumer(p) and _NT_HELPERS.search(p.read_text(encoding="utf-8"))]
    assert offenders == [], (
        f"{offenders} re-parse N-Triples text: use tomgraph.terms.from_nt or iri_or_nt"
    )


def test_the_label_policy_leaves_pre_binding_to_the_store() -> None:
    text = POLICY.read_text(encoding="utf-8")
    assert "VALUES" not in text
    assert "bindings=" in text

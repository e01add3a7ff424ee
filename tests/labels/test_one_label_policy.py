"""Architecture: one label policy and one place where N-Triples keys become terms.

A second module choosing between label predicates (or a second N-Triples re-parser) is how
one IRI came to read differently in the CLI, on the pages and in the reports; these tests
fail as soon as one appears.
"""

from __future__ import annotations

import re
from pathlib import Path

import tomgraph
from tomgraph.labels import LABEL_PREDICATES
from tomgraph.sparql.tokens import IRI, PNAME, significant

PACKAGE = Path(tomgraph.__file__).parent
POLICY = PACKAGE / "labels.py"
POLICY_QUERY = PACKAGE / "sparql" / "labels.rq"

SEARCH_TEXT = {PACKAGE / "sparql" / "page-search.rq":
               "finds resources by the text of every naming and describing predicate; "
               "the names it shows come from the label policy"}
"""Queries that read label predicates for another purpose than naming, and why."""

SPREADSHEET_FORMAT = (PACKAGE / "spreadsheets",
                      "the workbook's Name column is the rdfs:label value itself, written and "
                      "read back, and its sheet and column headers are the format's own names: "
                      "they must read back the same whatever the display policy prefers")
"""The one folder of queries that reads labels as data of a file format, not to name things."""


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


def _predicates_named(text: str) -> set[str]:
    """The IRIs a query names (through its PREFIX declarations too), comments and strings
    aside: a query may say in words where its names come from."""
    tokens = significant(text)
    prefixes: dict[str, str] = {}
    for i, tok in enumerate(tokens[:-2]):
        if tok.is_word("PREFIX") and tokens[i + 1].kind == PNAME and tokens[i + 2].kind == IRI:
            prefixes[tokens[i + 1].text] = tokens[i + 2].text[1:-1]
    named = {tok.text[1:-1] for tok in tokens if tok.kind == IRI}
    for tok in tokens:
        if tok.kind == PNAME and not tok.text.startswith("_:"):
            prefix, _, local = tok.text.partition(":")
            if prefix + ":" in prefixes:
                named.add(prefixes[prefix + ":"] + local)
    return named


def test_the_label_predicate_check_sees_prefixed_names_and_full_iris() -> None:
    prefixed = ("PREFIX s: <http://www.w3.org/2004/02/skos/core#>\n"
                "# rdfs:label in a comment is not read\nSELECT * { ?x s:prefLabel ?l }")
    full = "SELECT * { ?x <http://purl.org/dc/terms/title> ?t FILTER(?t != 'rdfs:label') }"
    assert _predicates_named(prefixed) & set(LABEL_PREDICATES) == {
        "http://www.w3.org/2004/02/skos/core#prefLabel"}
    assert _predicates_named(full) & set(LABEL_PREDICATES) == {"http://purl.org/dc/terms/title"}


def test_no_package_query_but_the_policy_query_names_a_label_predicate() -> None:
    """Pages, editor, diff and reports take names from tomgraph.labels (a batch look-up, or
    their own rows' candidates with the predicate variable bound to ``labels.predicates()``)."""
    justified = {POLICY_QUERY, *SEARCH_TEXT}
    offenders = {
        p.name: sorted(_predicates_named(p.read_text(encoding="utf-8")) & set(LABEL_PREDICATES))
        for p in sorted(PACKAGE.rglob("*.rq"))
        if p not in justified and SPREADSHEET_FORMAT[0] not in p.parents
    }
    offenders = {name: found for name, found in offenders.items() if found}
    assert offenders == {}, (
        f"{offenders} read label predicates to name things: label the IRIs they return "
        "through tomgraph.labels instead"
    )

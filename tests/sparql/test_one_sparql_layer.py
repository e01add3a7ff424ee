"""Architecture: SPARQL text is read only by ``tomgraph.sparql``, and only stores bind VALUES.

A second tokenizer beside the first drifts (four did, with two near-identical regexes); a
VALUES block written by hand into a named or user query bypasses the store's binder. This
test fails when a module outside ``tomgraph/sparql/`` defines a SPARQL token regex or writes
``VALUES`` into query text, except the builders listed below, which compose whole queries
from parts (they generate SPARQL; they never read a user's).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[2] / "src" / "tomgraph"

GENERATED_QUERY_BUILDERS = {
    "validation/engines/fast/plan.py": "joins a shape's focus nodes into compiled checks",
    "reasoning/fast/compile.py": "compiles OWL rules to SPARQL updates",
    "reasoning/fast/__init__.py": "reads back the INSERT heads it generated itself",
}
"""Modules allowed to write ``VALUES`` or match generated SPARQL, and why."""

NOT_SPARQL = {
    ("validation/engines/fast/sparql_constraints.py", "_PLACEHOLDER"): "{?var} in sh:message",
}
"""Regexes that look like SPARQL lexing but read other text (module, name) and what."""

TOKEN_REGEX = re.compile(
    r"""re\.(compile|search|match|fullmatch|findall|finditer|sub|split)\(\s*[rbf]*["']"""
    r"""[^\n]*(<\[\^<>|\[\?\$\]|\\b\(?(SELECT|WHERE|SERVICE|FILTER|EXISTS|MINUS|VALUES|PREFIX)"""
    r"""|\\"\\"\\"|\(\?P<(iri|var|string|comment|pname)>)""",
    re.IGNORECASE,
)
"""A regular expression that lexes SPARQL: IRIREF, variables, keywords, strings, groups."""

WRITES_VALUES = re.compile(r"""["'][^"'\n]*VALUES \{?[?$]?[{\w]|replace\(\s*["']#VALUES""")
"""A string literal that starts a VALUES block, or a text replace of a VALUES marker."""


def modules() -> list[Path]:
    return sorted(p for p in SRC.rglob("*.py") if "sparql" not in p.relative_to(SRC).parts[:1])


def _name(path: Path) -> str:
    return path.relative_to(SRC).as_posix()


@pytest.mark.parametrize("path", modules(), ids=_name)
def test_no_module_outside_the_sparql_layer_lexes_sparql_with_its_own_regex(path: Path) -> None:
    if _name(path) in GENERATED_QUERY_BUILDERS:
        return
    found = [line for line in path.read_text().splitlines() if TOKEN_REGEX.search(line)
             and (_name(path), line.split("=")[0].strip()) not in NOT_SPARQL]
    assert not found, f"{_name(path)} scans SPARQL itself; use tomgraph.sparql: {found}"


@pytest.mark.parametrize("path", modules(), ids=_name)
def test_no_module_but_the_stores_binder_writes_values_into_a_query(path: Path) -> None:
    if _name(path) in GENERATED_QUERY_BUILDERS:
        return
    found = [line for line in path.read_text().splitlines()
             if WRITES_VALUES.search(line) and not line.lstrip().startswith("#")
             and '"""' not in line and "``" not in line]
    assert not found, (
        f"{_name(path)} writes VALUES into a query; pass bindings= to store.query: {found}")


def test_the_checks_would_catch_the_scanners_they_replaced() -> None:
    old_scanner = '_IRIREF = re.compile(r\'<[^<>"{}|^`\\\\\\x00-\\x20]*>\')'
    assert TOKEN_REGEX.search(old_scanner)
    assert TOKEN_REGEX.search('_REFUSED = re.compile(r"\\b(MINUS|VALUES|SERVICE)\\b")')
    assert TOKEN_REGEX.search('    (?P<iri><[^<>"{}|^`\\\\]*>)') is None  # only inside re.*(
    assert WRITES_VALUES.search('return f"VALUES ?{name} {{ {term} }}"')
    assert WRITES_VALUES.search('text.replace("#VALUES", block)')


def test_the_allow_list_names_only_modules_that_exist() -> None:
    for name in GENERATED_QUERY_BUILDERS:
        assert (SRC / name).is_file(), name

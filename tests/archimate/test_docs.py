"""docs/archimate.md shows the mapping the code applies."""

from __future__ import annotations

from pathlib import Path

from tomgraph.archimate.doc_table import BEGIN, END, mapping_tables

DOC = Path(__file__).resolve().parents[2] / "docs" / "archimate.md"


def test_the_mapping_tables_in_the_docs_match_the_mapping_code():
    text = DOC.read_text(encoding="utf-8")
    documented = text[text.index(BEGIN): text.index(END) + len(END)]
    assert documented == mapping_tables(), (
        "regenerate with: python -c 'from tomgraph.archimate.doc_table import "
        "mapping_tables; print(mapping_tables())'"
    )

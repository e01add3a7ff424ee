"""Answers shown to people: aligned tables that read labels, not identifiers."""

from __future__ import annotations

import io

import pytest
from pyoxigraph import Literal, NamedNode

from tomgraph.errors import UsageError
from tomgraph.namespaces import TOM, XSD
from tomgraph.results import fetch_labels, render_table, write_result
from tomgraph.store.base import AskResult, SelectResult

EX = "http://example.org/mini/"


def test_a_table_aligns_columns_and_puts_numbers_right():
    rows = [
        (NamedNode(EX + "capF"), Literal("2", datatype=NamedNode(XSD + "integer"))),
        (NamedNode(TOM + "Design"), Literal("12", datatype=NamedNode(XSD + "integer"))),
        (None, None),
    ]
    table = render_table(["thing", "n"], rows, {EX + "capF": "Forensic science"})
    assert table.splitlines() == [
        "thing              n",
        "----------------  --",
        "Forensic science   2",
        "tom:Design        12",
        "",
        "(3 rows)",
    ]


def test_long_cells_are_cut_and_line_breaks_flattened():
    table = render_table(["text"], [(Literal("a\nb " + "x" * 100),)])
    cell = table.splitlines()[2]
    assert cell.startswith("a b x") and cell.endswith("…") and len(cell) == 60


def test_labels_prefer_rdfs_label_in_english(mini_store):
    labels = fetch_labels(mini_store, [NamedNode(EX + "saF"), NamedNode(TOM + "Design"),
                                       NamedNode(EX + "unknown")])
    assert labels == {EX + "saF": "Forensics", TOM + "Design": "Design"}


def test_a_select_answer_in_an_rdf_format_is_refused():
    with pytest.raises(UsageError, match="answers with solutions"):
        write_result(SelectResult(["x"], []), "turtle", io.BytesIO())


def test_an_ask_answer_in_an_rdf_format_is_refused():
    with pytest.raises(UsageError, match="answers yes or no"):
        write_result(AskResult(True), "ntriples", io.BytesIO())


def test_an_unknown_format_is_refused():
    with pytest.raises(UsageError, match="unknown output format 'yaml'"):
        write_result(AskResult(True), "yaml", io.BytesIO())
